// The connection log as CSV text. Pure; the quoting rules are shared/csv.ts's.
import { toCsv } from '../../../shared/csv';
import type { LogEntry } from './protocols';

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
  // issue 14: OpenVPN sessions' rows too (no peer_id nor interface_id).
  'protocol',
  'openvpn_server_id',
] as const;

export function connectionsCsv(entries: readonly LogEntry[]): string {
  return toCsv(
    CSV_HEADER,
    entries.map((e) => [
      new Date(e.at).toISOString(),
      e.event,
      e.peerId,
      e.peerName,
      e.interfaceId,
      e.userId,
      e.userName,
      e.endpoint,
      e.rx,
      e.tx,
      e.detail,
      e.protocol,
      e.openvpnServerId,
    ]),
  );
}
