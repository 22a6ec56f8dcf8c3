import { isAppError } from '../../shared/errors';
import { scriptsCommand } from '../host/policy';
import type { ServiceContext } from './context';
import { scriptsAllowed } from './interfaces/hooks';

/** The app-wide settings as the contract shows them. */
export interface AppSettings {
  /**
   * Whether interfaces' PreUp/PostUp/PreDown/PostDown commands run when they go
   * up or down. Off by default, as in the official Windows client
   * (DangerousScriptExecution): a hook runs as root, and a .conf from elsewhere
   * can carry one.
   */
  readonly scriptsEnabled: boolean;
  /** The command, run as root on the machine, that flips the switch. */
  readonly scriptsCommand: string;
}

/**
 * Reads the app-wide settings. None of them can be changed from here: the
 * switch for scripts is root's (host/policy.ts), so that no process of the
 * admin's can give itself root by way of a hook. The database's old
 * `hooks.enabled` row is left in place and read by nothing: dropping it would
 * need a migration and gain nothing.
 */
export class SettingsService {
  readonly #ctx: ServiceContext;

  constructor(ctx: ServiceContext) {
    this.#ctx = ctx;
  }

  /**
   * Asks the host each time (the file may have just changed). A host that
   * cannot answer (no helper, a policy file root cannot trust) runs no
   * hooks, so the switch reads off there.
   */
  async get(): Promise<AppSettings> {
    const on = await scriptsAllowed(this.#ctx.host).catch((e: unknown) => {
      if (isAppError(e)) return false;
      throw e;
    });
    return { scriptsEnabled: on, scriptsCommand: scriptsCommand(!on) };
  }
}
