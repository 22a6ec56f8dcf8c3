/**
 * wgdesk-helper: the only part of the desktop app that runs as root.
 *
 *   node main/helper/main.ts [--netns NAME] [--conf-dir DIR] [--config FILE]
 *
 * It talks to the app over its own stdin/stdout (main/host/protocol/), not a unix
 * socket: the parent that started it through pkexec (or directly, when already
 * root) is the only process holding those pipe ends. There is no socket file
 * for another local user to connect to, no permission or ownership to get right
 * on it, and no window between creating it and locking it down. When the app
 * exits, stdin closes and the helper finishes what it started and exits too.
 *
 * `--netns NAME` runs every command inside that network namespace (tests, and
 * router boxes that keep WireGuard in a namespace). The helper does not check
 * that it is root: a command that needs root fails with PermissionDenied.
 * `--conf-dir DIR` is where readSystemConfigs reads wg-quick files
 * (default /etc/wireguard): a setting of the helper's, for tests, because the
 * protocol never carries a path for root to read. `--config FILE` is root's
 * policy file (default /etc/wgdesk/wgdesk.conf), for the same reason: it
 * decides whether hooks run, and is read again before each one. Starting a
 * helper also sweeps the secret files a killed one left (host/secret-file.ts).
 */
import { Runner } from '../host/exec';
import { LocalHost } from '../host/local';
import { locateTools } from '../host/tools';
import { parseHelperArgs } from './args';
import { Dispatcher } from './dispatch';
import { serve } from './serve';

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

// stdout carries the protocol and nothing else: a stray console.log from any
// module would corrupt it, so console output goes to stderr with the command log.
console.log = console.error;
console.info = console.error;
console.debug = console.error;
// As wg-quick does: nothing this process creates is readable by others by default.
process.umask(0o077);
// If the parent is gone, a write to stdout fails with EPIPE; stdin's end follows.
process.stdout.on('error', () => undefined);

let runner: Runner;
let host: LocalHost;
try {
  const { netns, confDir, configFile } = parseHelperArgs(process.argv.slice(2));
  // Runner validates the namespace name, so a bad one stops us here.
  runner = new Runner({ tools: locateTools(), log, ...(netns === undefined ? {} : { netns }) });
  host = new LocalHost(runner, {
    ...(confDir === undefined ? {} : { confDir }),
    ...(configFile === undefined ? {} : { configFile }),
  });
} catch (e) {
  log(`wgdesk-helper: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(2);
}
const dispatcher = new Dispatcher(host, () => runner.spawns, log);
await serve(process.stdin, process.stdout, dispatcher);
// Normally the event loop is empty by now; never linger as root if it is not.
setTimeout(() => process.exit(0), 5_000).unref();
