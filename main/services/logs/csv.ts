// The connection log as CSV text (RFC 4180). Pure.
import type { ConnectionEntry } from '../../store/connections';

/** RX/TX are named from the server's side in the header, so a spreadsheet reader cannot mix them up. */
export const CSV_HEADER = [
  'time_utc',
  'event',
  'peer_id',
  'peer',
  'interface_id',
  'user_id',
  'user',
  'endpoint',
  'bytes_received_from_peer',
  'bytes_sent_to_peer',
  'detail',
] as const;

export function connectionsCsv(entries: readonly ConnectionEntry[]): string {
  const lines = [CSV_HEADER.join(',')];
  for (const e of entries) {
    lines.push(
      [
        new Date(e.at).toISOString(),
        e.event,
        String(e.peerId),
        e.peerName,
        String(e.interfaceId),
        e.userId === null ? '' : String(e.userId),
        e.userName ?? '',
        e.endpoint ?? '',
        String(e.rx),
        String(e.tx),
        e.detail ?? '',
      ]
        .map(cell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * One field. Quoted when it holds a comma, quote or line break. Text that a
 * spreadsheet would run as a formula (=, +, -, @, tab, CR first: OWASP "CSV
 * injection") gets a leading apostrophe; peer and user names are typed by people.
 */
export function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
