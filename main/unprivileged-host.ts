import { AppError } from '../shared/errors';
import type { Host, HostCapabilities } from './host/host';
import type { ToolPaths } from './host/tools';

/**
 * PLACEHOLDER until the privileged helper's launch is wired into the runtime:
 * the Host a non-root wgdesk gets. It answers what needs no privilege (which
 * tools are installed) and refuses every kernel operation with
 * HelperUnavailable, so the UI can say why instead of failing obscurely.
 */
export class HelperNotLaunchedHost implements Host {
  constructor(private readonly tools: ToolPaths) {}

  async capabilities(): Promise<HostCapabilities> {
    const has = (t: keyof ToolPaths): boolean => this.tools[t] !== undefined;
    return {
      wg: has('wg'),
      wireguardGo: has('wireguard-go'),
      ip: has('ip'),
      nft: has('nft'),
      tc: has('tc'),
      conntrack: has('conntrack'),
    };
  }

  readDump = refuse;
  readInterface = refuse;
  createInterface = refuse;
  configure = refuse;
  setPeer = refuse;
  removePeers = refuse;
  linkState = refuse;
  setAddresses = refuse;
  setLink = refuse;
  deleteInterface = refuse;
  flushConntrack = refuse;
}

async function refuse(): Promise<never> {
  throw new AppError(
    'HelperUnavailable',
    'changing WireGuard needs root, and the privileged helper is not started by this build yet: ' +
      'run wgdesk as root (sudo) for now',
  );
}
