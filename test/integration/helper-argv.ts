import { fileURLToPath } from 'node:url';
import { directArgv } from '../../main/host/helper-launch';

/**
 * The real helper's command line, as a root main process starts it, acting
 * inside `netns`; `configFile` stands for /etc/wgdesk/wgdesk.conf (root's
 * policy: whether hooks may run).
 */
export function helperArgv(netns: string, configFile?: string): string[] {
  return directArgv({
    node: process.execPath,
    // Absolute, so the helper does not depend on the test's working directory.
    nodeArgs: ['--import', import.meta.resolve('tsx')],
    entry: fileURLToPath(new URL('../../main/helper/main.ts', import.meta.url)),
    netns,
    ...(configFile === undefined ? {} : { configFile }),
  });
}
