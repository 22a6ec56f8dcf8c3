import type { systemMethods } from '../../../shared/contract/methods/system';
import type { EngineKind } from '../../../shared/domain';
import type { ServiceContext } from '../../services/context';
import { WGDESK_VERSION } from '../../service/version';
import type { HandlerSet } from '../types';

export type SystemMethod = keyof typeof systemMethods;

export interface SystemDeps {
  readonly host: ServiceContext['host'];
  readonly engine: EngineKind;
  /** The service's browser URL with its token, or why there is none. */
  readonly browserUrl?: () => { url: string | null; reason: string | null };
  /** Whether main itself runs as root; injectable so tests can cover both answers. */
  readonly isRoot?: () => boolean;
}

const runningAsRoot = (): boolean => process.getuid?.() === 0;

/** Questions about this machine and process, answered without touching the store. */
export function systemHandlers(deps: SystemDeps): HandlerSet<SystemMethod> {
  const isRoot = deps.isRoot ?? runningAsRoot;
  return {
    'system.capabilities': async () => {
      const c = await deps.host.capabilities();
      // Field by field: whatever else a Host implementation reports stays in main.
      return {
        root: isRoot(),
        wg: c.wg,
        wireguardGo: c.wireguardGo,
        ip: c.ip,
        nft: c.nft,
        tc: c.tc,
        conntrack: c.conntrack,
      };
    },
    'system.engine': async () => ({
      kind: deps.engine,
      version: WGDESK_VERSION,
      keepsWatch: deps.engine === 'service',
    }),
    'system.browserUrl': async () =>
      deps.browserUrl?.() ?? {
        url: null,
        reason: 'only the wgdesk service serves the UI to a browser by its own configuration',
      },
  };
}
