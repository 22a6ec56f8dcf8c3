import type { EngineKind } from '../../shared/domain';
import type { Host } from '../host/host';
import type { Caller } from '../services/context';
import type { Services } from '../services';
import type { BackupService } from '../services/backup/service';
import { backupHandlers } from './handlers/backup';
import { driftHandlers } from './handlers/drift';
import { interfaceHandlers } from './handlers/interfaces';
import { monitorHandlers } from './handlers/monitor';
import { openvpnHandlers } from './handlers/openvpn';
import { networkHandlers } from './handlers/network';
import { peerHandlers } from './handlers/peers';
import { revisionHandlers } from './handlers/revisions';
import { settingsHandlers } from './handlers/settings';
import { systemHandlers } from './handlers/system';
import { userHandlers } from './handlers/users';
import type { Handlers } from './types';

/** What the handler sets are built from: the services of the local host and the host itself. */
export interface HandlerDeps {
  readonly services: Services;
  readonly host: Host;
  readonly engine: EngineKind;
  readonly browserUrl?: () => { url: string | null; reason: string | null };
  /** Backups of the runtime's data directory (absent where there is none). */
  readonly backups?: BackupService;
}

/**
 * Every contract method's handler, for one caller (services audit who asked).
 * Typed as the full Handlers: a method added to the contract without a
 * handler, or a handler for a method that no longer exists, fails to compile.
 */
export function createHandlers(deps: HandlerDeps, caller: Caller): Handlers {
  return {
    ...systemHandlers(deps),
    ...interfaceHandlers(deps.services, caller),
    ...peerHandlers(deps.services, caller),
    ...driftHandlers(deps.services, caller),
    ...monitorHandlers(deps.services, caller),
    ...userHandlers(deps.services, caller),
    ...settingsHandlers(deps.services),
    ...openvpnHandlers(deps.services, caller),
    ...networkHandlers(deps.services, caller),
    ...backupHandlers(deps.backups, deps.services, caller),
    ...revisionHandlers(deps.services, caller),
  };
}
