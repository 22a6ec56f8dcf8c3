import { AppError } from '../../shared/errors';
import { parseConfDir, type ConfDir } from '../host/system-configs';

export const USAGE = 'usage: wgdesk-helper [--netns NAME] [--conf-dir DIR] [--config FILE]';

/** What the helper's own command line may set; nothing on stdin can change any of it. */
export interface HelperArgs {
  /** Validated by Runner, which refuses a bad name before anything runs. */
  readonly netns?: string;
  readonly confDir?: ConfDir;
  /** Root's policy file (host/policy.ts), for tests; /etc/wgdesk/wgdesk.conf otherwise. */
  readonly configFile?: string;
}

/**
 * `--flag value` pairs, each flag at most once. A repeated flag is refused
 * rather than last-one-wins: whoever built the command line meant one value.
 */
export function parseHelperArgs(argv: readonly string[]): HelperArgs {
  const out: { netns?: string; confDir?: ConfDir; configFile?: string } = {};
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new AppError('InvalidInput', USAGE);
    if (flag === '--netns' && out.netns === undefined) {
      out.netns = value;
    } else if (flag === '--conf-dir' && out.confDir === undefined) {
      out.confDir = plainPath(value, '--conf-dir');
    } else if (flag === '--config' && out.configFile === undefined) {
      // A file, held to the same rule as a directory: absolute, and saying plainly where.
      out.configFile = plainPath(value, '--config');
    } else {
      throw new AppError('InvalidInput', USAGE);
    }
  }
  return out;
}

function plainPath(value: string, flag: string): ConfDir {
  const path = parseConfDir(value, flag);
  if (!path.ok) throw path.error;
  return path.value;
}
