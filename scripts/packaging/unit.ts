// The system service's unit as tests read it: they start the service the way the unit's
// ExecStart does, since systemd is not PID 1 on the test machines.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './config';

export const UNIT_FILE = join(ROOT, 'packaging/wgdesk.service');

/**
 * The argv of the unit's ExecStart=. The line is kept plain (no quotes, no % specifiers,
 * no $ variables, no prefixes like "-" or "+"): a change that needs systemd's own
 * parsing of it fails here instead of being read wrongly.
 */
export function execStart(file = UNIT_FILE): string[] {
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('ExecStart='));
  const [line, ...more] = lines;
  if (line === undefined || more.length > 0) {
    throw new Error(`${file}: expected exactly one ExecStart= line, found ${lines.length}`);
  }
  const command = line.slice('ExecStart='.length).trim();
  if (/["'%$\\]/.test(command) || /^[-+@:!]/.test(command)) {
    throw new Error(`${file}: ExecStart= is no longer a plain command line: ${command}`);
  }
  return command.split(/\s+/);
}
