/**
 * A stand-in for any wgdesk process (service, window, serve, CLI): creates one
 * interface through the real LocalHost inside a namespace, says so on stdout,
 * then waits to be interrupted. Run by host-guard.test.ts as
 * `node --import tsx interrupted-child.ts NETNS NAME`.
 */
import { unwrap } from '../../shared/result';
import { parseInterfaceName } from '../../shared/validate';
import { Runner } from '../../main/host/exec';
import { LocalHost } from '../../main/host/local';
import { locateTools } from '../../main/host/tools';

const [netns = '', ifname = ''] = process.argv.slice(2);
const host = new LocalHost(new Runner({ tools: locateTools(), netns }));
await host.createInterface(unwrap(parseInterfaceName(ifname)));
process.stdout.write('created\n');
// Alive until a signal ends it, as a long-running wgdesk would be.
setInterval(() => undefined, 60_000);
