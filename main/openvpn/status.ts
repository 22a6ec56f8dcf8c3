// What OpenVPN's management interface says, parsed: the client list of
// `status 3` and the real-time >CLIENT notifications. Pure. Names and
// addresses are kept as the text OpenVPN printed: they are shown, never sent
// back (commands name a session by its numeric client id, see command.ts).
import { AppError } from '../../shared/errors';

/** One live session as `status 3` lists it. */
export interface ObservedSession {
  /** OpenVPN's id for the session (client-kill takes it); a restart starts again from 0. */
  readonly clientId: number;
  readonly commonName: string;
  /** null when the server does not authenticate by username (OpenVPN prints UNDEF). */
  readonly username: string | null;
  /** The client's address and port as the server sees it. */
  readonly realAddress: string;
  readonly virtualAddress: string | null;
  readonly virtualIpv6: string | null;
  /** Received by the server from the client. */
  readonly rx: number;
  /** Sent by the server to the client. */
  readonly tx: number;
  /** Unix ms. */
  readonly connectedSince: number;
}

/** A real-time notification that sessions changed: the caller resynchronises. */
export interface ClientNotification {
  readonly event: string;
  readonly clientId: number | null;
}

const COLUMNS = {
  commonName: 'Common Name',
  realAddress: 'Real Address',
  virtualAddress: 'Virtual Address',
  virtualIpv6: 'Virtual IPv6 Address',
  rx: 'Bytes Received',
  tx: 'Bytes Sent',
  since: 'Connected Since (time_t)',
  username: 'Username',
  clientId: 'Client ID',
} as const;

type Column = keyof typeof COLUMNS;

/**
 * The sessions of a `status 3` answer (its lines without END). Columns are
 * found by the HEADER line's names, so a version that adds one still parses;
 * a version that lacks one is refused with its name rather than misread.
 */
export function parseStatus(lines: readonly string[]): ObservedSession[] {
  const header = lines.find((l) => l.startsWith('HEADER\tCLIENT_LIST\t'));
  if (header === undefined) {
    throw new AppError('CommandFailed', 'OpenVPN status has no CLIENT_LIST header');
  }
  const names = header.split('\t').slice(2);
  const index = {} as Record<Column, number>;
  for (const [key, title] of Object.entries(COLUMNS) as [Column, string][]) {
    const at = names.indexOf(title);
    if (at < 0) throw new AppError('Incompatible', `OpenVPN status has no "${title}" column`);
    index[key] = at + 1;
  }
  return lines.filter((l) => l.startsWith('CLIENT_LIST\t')).map((l) => session(l, index));
}

function session(line: string, index: Record<Column, number>): ObservedSession {
  const f = line.split('\t');
  const text = (c: Column): string => f[index[c]] ?? '';
  const optional = (c: Column): string | null => {
    const v = text(c);
    return v === '' || v === 'UNDEF' ? null : v;
  };
  return {
    clientId: count(text('clientId'), 'Client ID'),
    commonName: text('commonName'),
    username: optional('username'),
    realAddress: text('realAddress'),
    virtualAddress: optional('virtualAddress'),
    virtualIpv6: optional('virtualIpv6'),
    rx: count(text('rx'), 'Bytes Received'),
    tx: count(text('tx'), 'Bytes Sent'),
    connectedSince: count(text('since'), 'Connected Since (time_t)') * 1000,
  };
}

function count(text: string, what: string): number {
  const n = /^[0-9]{1,16}$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n)) {
    throw new AppError('CommandFailed', `OpenVPN status: "${what}" is not a count`);
  }
  return n;
}

/**
 * A >CLIENT line (">CLIENT:ESTABLISHED,3", ">CLIENT:DISCONNECT,3"), or null
 * for other notifications and for the >CLIENT:ENV lines that follow one.
 */
export function parseClientNotification(line: string): ClientNotification | null {
  const m = /^>CLIENT:([A-Z_]+)(?:,([0-9]{1,16}))?/.exec(line);
  if (m === null || m[1] === 'ENV') return null;
  return { event: m[1] ?? '', clientId: m[2] === undefined ? null : Number(m[2]) };
}
