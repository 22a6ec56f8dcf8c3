// The monitor and the services built on its live state: disconnect/reconnect,
// device limits, history, the connection log, users. One instance per host.
import type { ServiceContext } from '../context';
import { AccessService } from '../access/service';
import { ConnectionLogService } from '../logs/connections';
import { DEFAULT_OPTIONS, MonitorCore, type MonitorOptions } from './core';
import { LimitService } from '../access/limits';
import { HistoryService } from './history';
import { Monitor } from './monitor';
import { UserService } from '../users/service';

export { DEFAULT_OPTIONS, type MonitorOptions } from './core';
export { REJECT_AFTER_TIME_MS } from './state';
export type { PollReport } from './monitor';
export type { Cut } from '../access/select-cuts';
export type { CsvFile } from '../logs/connections';

export interface MonitorServices {
  readonly monitor: Monitor;
  readonly access: AccessService;
  readonly limits: LimitService;
  readonly history: HistoryService;
  readonly connections: ConnectionLogService;
  readonly users: UserService;
  /** Starts polling (the first poll runs at once). */
  start(): void;
  /** Stops polling and saves the minute in progress. */
  stop(): Promise<void>;
  /** Resolves once follow-up work started so far (conntrack flushes) is done. */
  idle(): Promise<void>;
}

export function createMonitorServices(
  ctx: ServiceContext,
  opts: Partial<MonitorOptions> = {},
): MonitorServices {
  const core = new MonitorCore(ctx, { ...DEFAULT_OPTIONS, ...opts });
  const access = new AccessService(core);
  const limits = new LimitService(core, access);
  const monitor = new Monitor(core, access, limits);
  return {
    monitor,
    access,
    limits,
    history: new HistoryService(core),
    connections: new ConnectionLogService(core),
    users: new UserService(core, limits),
    start: () => monitor.start(),
    stop: () => monitor.stop(),
    idle: () => core.settled(),
  };
}
