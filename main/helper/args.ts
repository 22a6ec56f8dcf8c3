import { AppError } from '../../shared/errors';
import { parseConfDir, type ConfDir } from '../host/system-configs';

export const USAGE = 'usage: wgdesk-helper [--netns NAME] [--conf-dir DIR]';

/** What the helper's own command line may set; nothing on stdin can change either. */
export interface HelperArgs {
  /** Validated by Runner, which refuses a bad name before anything runs. */
  readonly netns?: string;
  readonly confDir?: ConfDir;
}

/**
 * `--flag value` pairs, each flag at most once. A repeated flag is refused
 * rather than last-one-wins: whoever built the command line meant one value.
 */
export function parseHelperArgs(argv: readonly string[]): HelperArgs {
  const out: { netns?: string; confDir?: ConfDir } = {};
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new AppError('InvalidInput', USAGE);
    if (flag === '--netns' && out.netns === undefined) {
      out.netns = value;
    } else if (flag === '--conf-dir' && out.confDir === undefined) {
      const dir = parseConfDir(value, '--conf-dir');
      if (!dir.ok) throw dir.error;
      out.confDir = dir.value;
    } else {
      throw new AppError('InvalidInput', USAGE);
    }
  }
  return out;
}
