// Every service of one managed host, built once from one context: plain
// objects, no framework. Folders are named after what an admin does:
// interfaces/ (servers, their settings, import, export, drift, start-up),
// peers/, access/ (disconnect, reconnect, device limits), users/, logs/,
// monitor/ (the poll and what it derives), and kernel/, the one pipeline
// through which every one of them changes the kernel.
import { AccessService } from './access/service';
import { LimitService } from './access/limits';
import { LifecycleService } from './lifecycle/service';
import type { Caller, ServiceContext } from './context';
import { DriftService } from './interfaces/drift';
import { ExportService } from './interfaces/export';
import { ImportService } from './interfaces/import';
import { SystemConfService } from './interfaces/import-system';
import { InterfaceService } from './interfaces/service';
import { startup, type StartupOutcome } from './interfaces/startup';
import { restoreLive, type LiveRestoreOutcome } from './backup/restore-live';
import type { DataKey } from '../store';
import { AuditLogService } from './logs/audit-log';
import { ConnectionLogService } from './logs/connections';
import { DEFAULT_OPTIONS, MonitorCore, type MonitorOptions } from './monitor/core';
import { HistoryService } from './monitor/history';
import { Monitor } from './monitor/monitor';
import { NetworkService } from './network/service';
import { createBulk, type CreateBulkInput } from './peers/bulk';
import { ConfigService } from './peers/configs';
import { PeerService } from './peers/service';
import { OPENVPN_DEFAULTS, OpenVpnService, type OpenVpnOptions } from './openvpn/service';
import { RevisionService } from './revisions/service';
import { SettingsService } from './settings';
import { UserService } from './users/service';

export { createContext, type Caller, type ServiceContext } from './context';
export type { CreateInterfaceInput } from './interfaces/service';
export type { InterfaceSettingsInput } from './interfaces/settings-check';
export type { CreatePeerInput, CreatedPeer, UpdatePeerInput } from './peers/service';
export type { CreateBulkInput } from './peers/bulk';
export type { ReconcileDirection } from './interfaces/drift';
export type { QrFormat, QrImage } from './peers/configs';
export type { ClientsZip } from './interfaces/export';
export type { StartupOutcome } from './interfaces/startup';
export type { CsvFile } from './logs/connections';
export type { NetworkPatch, RuleInput } from './network/service';
export type { Cut } from './access/select-cuts';
export type { PollReport } from './monitor/monitor';
export { DEFAULT_OPTIONS, type MonitorOptions } from './monitor/core';
export { OPENVPN_DEFAULTS, type OpenVpnOptions } from './openvpn/service';
export { REJECT_AFTER_TIME_MS } from './monitor/state';

export interface Services {
  readonly interfaces: InterfaceService;
  readonly imports: ImportService;
  /** The wg-quick files of /etc/wireguard, listed and imported through the host. */
  readonly systemConfs: SystemConfService;
  readonly exports: ExportService;
  readonly drift: DriftService;
  readonly peers: PeerService;
  readonly bulk: {
    create(input: CreateBulkInput, caller: Caller): ReturnType<typeof createBulk>;
  };
  readonly configs: ConfigService;
  /** Disconnect and reconnect. */
  readonly access: AccessService;
  readonly limits: LimitService;
  /** Expiry, quotas, revocation (issue 12). */
  readonly lifecycle: LifecycleService;
  readonly users: UserService;
  readonly audit: AuditLogService;
  readonly connections: ConnectionLogService;
  readonly history: HistoryService;
  /** The poll. */
  readonly monitor: Monitor;
  readonly settings: SettingsService;
  /** OpenVPN servers watched through their management interface (issue 14). */
  readonly openvpn: OpenVpnService;
  /** Forwarding, NAT, routes to sites, access rules and client isolation. */
  readonly network: NetworkService;
  /** Each server's history, compare and rollback. */
  readonly revisions: RevisionService;
  /**
   * Replaces every row with a backup's and brings the kernel in line
   * (backup/restore-live.ts); `place`: the data directory and key it re-seals under.
   */
  restoreBackup(
    file: Buffer,
    passphrase: string,
    caller: Caller,
    place: { readonly dataDir: string; readonly dataKey: DataKey },
  ): Promise<LiveRestoreOutcome>;
  /** Push desired state to every running interface; call once when main starts. */
  startup(caller?: Caller): Promise<StartupOutcome[]>;
  /** Starts polling (the first poll runs at once). */
  start(): void;
  /** Stops polling, waits for kernel changes under way, and saves the minute in progress. */
  stop(): Promise<void>;
  /** Resolves once follow-up work started so far (conntrack flushes) is done. */
  idle(): Promise<void>;
}

export function createServices(
  ctx: ServiceContext,
  monitorOptions: Partial<MonitorOptions> = {},
  openvpnOptions: Partial<OpenVpnOptions> = {},
): Services {
  const settings = new SettingsService(ctx);
  const interfaces = new InterfaceService(ctx);
  const imports = new ImportService(ctx, (r) => interfaces.view(r));
  const core = new MonitorCore(ctx, { ...DEFAULT_OPTIONS, ...monitorOptions });
  const access = new AccessService(core);
  const limits = new LimitService(core, access);
  const lifecycle = new LifecycleService(core);
  const monitor = new Monitor(core, access, limits, lifecycle);
  const openvpn = new OpenVpnService(ctx, () => limits.enforce(), {
    ...OPENVPN_DEFAULTS,
    ...openvpnOptions,
  });
  limits.addSource(openvpn);
  return {
    interfaces,
    imports,
    systemConfs: new SystemConfService(ctx, imports),
    exports: new ExportService(ctx),
    drift: new DriftService(ctx),
    peers: new PeerService(ctx),
    bulk: { create: (input, caller) => createBulk(ctx, input, caller) },
    configs: new ConfigService(ctx),
    access,
    limits,
    lifecycle,
    users: new UserService(core, limits),
    audit: new AuditLogService(ctx),
    connections: new ConnectionLogService(ctx),
    history: new HistoryService(core),
    monitor,
    settings,
    openvpn,
    network: new NetworkService(ctx),
    revisions: new RevisionService(ctx, (id) => interfaces.get(id)),
    startup: (caller) => startup(ctx, interfaces, caller),
    restoreBackup: (file, passphrase, caller, place) =>
      restoreLive(
        { ctx, ...place, startup: (c) => startup(ctx, interfaces, c) },
        file,
        passphrase,
        caller,
      ),
    start: () => {
      monitor.start();
      openvpn.start();
    },
    stop: () => {
      openvpn.stop();
      return monitor.stop();
    },
    idle: () => core.settled(),
  };
}
