import type { AuditEntryView } from '../../shared/contract';
import type { AuditFilter } from '../store';
import { ConfigService } from './peers/configs';
import type { Caller, ServiceContext } from './context';
import type { Deps } from './deps';
import { DriftService } from './interfaces/drift';
import { ExportService } from './interfaces/export';
import { ImportService } from './interfaces/import';
import { SystemConfService } from './interfaces/import-system';
import { InterfaceService } from './interfaces/service';
import { createBulk, type CreateBulkInput } from './peers/bulk';
import { PeerService } from './peers/service';
import { KeyedQueue } from './serial';
import { startup, type StartupOutcome } from './interfaces/startup';

export type { Caller, ServiceContext } from './context';
export type { CreateInterfaceInput } from './interfaces/service';
export type { InterfaceSettingsInput } from './interfaces/settings-check';
export type { CreatePeerInput, CreatedPeer, UpdatePeerInput } from './peers/service';
export type { CreateBulkInput } from './peers/bulk';
export type { ReconcileDirection } from './interfaces/drift';
export type { QrFormat, QrImage } from './peers/configs';
export type { ClientsZip } from './interfaces/export';
export type { StartupOutcome } from './interfaces/startup';
export { writeConfFile } from './files';

/** Every service of one managed host. Plain objects over one context: no framework. */
export interface Services {
  readonly interfaces: InterfaceService;
  readonly imports: ImportService;
  /** The wg-quick files of /etc/wireguard, listed and imported through the host. */
  readonly systemConfs: SystemConfService;
  readonly exports: ExportService;
  readonly peers: PeerService;
  readonly bulk: {
    create(input: CreateBulkInput, caller: Caller): ReturnType<typeof createBulk>;
  };
  readonly configs: ConfigService;
  readonly drift: DriftService;
  readonly audit: { list(filter: AuditFilter): AuditEntryView[] };
  /** Push desired state to every running interface; call once when main starts. */
  startup(caller?: Caller): Promise<StartupOutcome[]>;
}

export function createServices(ctx: ServiceContext): Services {
  const deps: Deps = { ctx, queue: new KeyedQueue() };
  const interfaces = new InterfaceService(deps);
  const imports = new ImportService(deps, (r) => interfaces.view(r));
  return {
    interfaces,
    imports,
    systemConfs: new SystemConfService(deps, imports),
    exports: new ExportService(deps),
    peers: new PeerService(deps),
    bulk: { create: (input, caller) => createBulk(deps, input, caller) },
    configs: new ConfigService(deps),
    drift: new DriftService(deps),
    audit: {
      list: (filter) =>
        ctx.store.audit.list(filter).map((e) => ({
          id: e.id,
          at: e.at,
          actor: e.actor,
          action: e.action,
          targetType: e.targetType ?? '',
          targetId: e.targetId,
          details: { ...e.details },
        })),
    },
    startup: (caller) => startup(deps, caller),
  };
}
