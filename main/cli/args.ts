import { parseArgs } from 'node:util';
import { invalidInput, type AppError } from '../../shared/errors';
import { err, ok, type Result } from '../../shared/result';
import { BACKUP_USAGE } from './backup';
import { SERVICE_USAGE } from './service-usage';

export const USAGE = `usage:
  wgdesk serve [--host IP] [--port N] [--poll-interval SECONDS] [--data-dir DIR] [--new-token]
               [--tls-cert FILE --tls-key FILE] [--insecure-plain-http-on-the-network] [--boxes]
      the UI and the API on http://127.0.0.1:7420 (loopback unless --host says otherwise;
      another address needs --tls-cert and --tls-key, or the insecure flag);
      the token in the URL is kept in the data directory; --new-token revokes it;
      peers' live status is read every SECONDS (default 1, from 0.25 to 60);
      --boxes: the page also manages other machines' wgdesk over SSH, with this
      user's agent and keys (the list and pinned host keys in DIR/boxes)
  wgdesk api --list
      every API method, its summary and the JSON schema of its params
  wgdesk api METHOD ['{"json": "params"}' | - | @FILE] [--data-dir DIR]
      call one method; prints the JSON result; the exit status tells the error kind;
      params that hold a key belong on stdin (-) or in a file (@FILE), not on the
      command line, which every local user can read
${BACKUP_USAGE}${SERVICE_USAGE}  wgdesk bridge [--socket PATH] [--config FILE]
      the contract on stdin/stdout, piped to the service (what a desktop runs over SSH)
`;

export type Command =
  | {
      readonly name: 'serve';
      readonly host?: string;
      readonly port?: string;
      readonly pollInterval?: string;
      readonly dataDir?: string;
      readonly newToken?: boolean;
      readonly tlsCert?: string;
      readonly tlsKey?: string;
      readonly insecurePlainHttp?: boolean;
      readonly boxes?: boolean;
    }
  | { readonly name: 'list' }
  | {
      readonly name: 'call';
      readonly method: string;
      readonly params?: string;
      readonly dataDir?: string;
    }
  | { readonly name: 'service'; readonly argv: readonly string[] }
  | { readonly name: 'bridge'; readonly argv: readonly string[] }
  | { readonly name: 'backup'; readonly dataDir?: string; readonly scheduled: boolean }
  | { readonly name: 'restore'; readonly file: string; readonly dataDir?: string }
  | { readonly name: 'help' };

/** argv (without node and the script) to a command; unknown flags are usage errors. */
export function parseCommand(argv: readonly string[]): Result<Command, AppError> {
  const [verb, ...rest] = argv;
  // The service has its own flags and subcommands (cli/service.ts).
  if (verb === 'service') return ok({ name: 'service', argv: rest });
  // The far end of a desktop's SSH link (cli/bridge.ts): its own flags.
  if (verb === 'bridge') return ok({ name: 'bridge', argv: rest });
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        'poll-interval': { type: 'string' },
        'data-dir': { type: 'string' },
        list: { type: 'boolean' },
        'new-token': { type: 'boolean' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'insecure-plain-http-on-the-network': { type: 'boolean' },
        boxes: { type: 'boolean' },
        scheduled: { type: 'boolean' },
      },
    });
  } catch (e) {
    return err(invalidInput('arguments', e instanceof Error ? e.message : String(e)));
  }
  const { values: v, positionals } = parsed;
  const dataDir = v['data-dir'] === undefined ? {} : { dataDir: v['data-dir'] };
  if (v.scheduled !== undefined && verb !== 'backup') return usage('--scheduled is for backup');
  switch (verb) {
    case 'serve':
      if (positionals.length > 0 || v.list === true) return usage('serve takes only flags');
      return ok({
        name: 'serve',
        ...(v.host === undefined ? {} : { host: v.host }),
        ...(v.port === undefined ? {} : { port: v.port }),
        ...(v['poll-interval'] === undefined ? {} : { pollInterval: v['poll-interval'] }),
        ...(v['new-token'] === true ? { newToken: true } : {}),
        ...(v['tls-cert'] === undefined ? {} : { tlsCert: v['tls-cert'] }),
        ...(v['tls-key'] === undefined ? {} : { tlsKey: v['tls-key'] }),
        ...(v['insecure-plain-http-on-the-network'] === true ? { insecurePlainHttp: true } : {}),
        ...(v.boxes === true ? { boxes: true } : {}),
        ...dataDir,
      });
    case 'api': {
      if (SERVE_ONLY.some((flag) => v[flag] !== undefined))
        return usage(`api takes none of ${SERVE_ONLY.map((f) => `--${f}`).join(' ')}`);
      if (v.list === true)
        return positionals.length === 0 ? ok({ name: 'list' }) : usage('--list takes no method');
      const [method, params, ...extra] = positionals;
      if (method === undefined || extra.length > 0)
        return usage('api takes METHOD and at most one params argument (JSON, - or @FILE)');
      return ok({ name: 'call', method, ...(params === undefined ? {} : { params }), ...dataDir });
    }
    case 'backup':
    case 'restore':
      return backupOrRestore(verb, v, positionals, dataDir);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      return ok({ name: 'help' });
    default:
      return usage(`unknown command ${verb}`);
  }
}

const SERVE_ONLY = [
  'host',
  'port',
  'poll-interval',
  'new-token',
  'tls-cert',
  'tls-key',
  'insecure-plain-http-on-the-network',
  'boxes',
] as const;

function backupOrRestore(
  verb: 'backup' | 'restore',
  v: Record<string, string | boolean | undefined>,
  positionals: readonly string[],
  dataDir: { dataDir?: string },
): Result<Command, AppError> {
  const others = Object.keys(v).filter((k) => k !== 'data-dir' && k !== 'scheduled');
  if (others.length > 0) return usage(`${verb} takes only --data-dir (and --scheduled)`);
  if (verb === 'backup') {
    if (positionals.length > 0) return usage('backup takes no file: it writes into DIR/backups');
    return ok({ name: 'backup', scheduled: v['scheduled'] === true, ...dataDir });
  }
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0 || v['scheduled'] !== undefined) {
    return usage('restore takes one FILE and --data-dir DIR');
  }
  return ok({ name: 'restore', file, ...dataDir });
}

function usage(problem: string): Result<never, AppError> {
  return err(invalidInput('arguments', problem));
}
