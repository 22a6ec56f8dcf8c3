import type { Caller } from './context';
import type { ServiceContext } from './context';

/** The app-wide settings as the contract shows them. */
export interface AppSettings {
  /**
   * Whether interfaces' PreUp/PostUp/PreDown/PostDown commands run when they go
   * up or down. Off by default, as in the official Windows client
   * (DangerousScriptExecution): a hook runs as root, and a .conf from elsewhere
   * can carry one.
   */
  readonly scriptsEnabled: boolean;
}

/** Absent = unchanged. */
export interface SettingsPatch {
  readonly scriptsEnabled?: boolean | undefined;
}

/** Reads and changes app settings; every change is audited with its before and after. */
export class SettingsService {
  readonly #ctx: ServiceContext;

  constructor(ctx: ServiceContext) {
    this.#ctx = ctx;
  }

  get(): AppSettings {
    return { scriptsEnabled: this.scriptsEnabled() };
  }

  /** Read from the database each time: the CLI or another window may have just changed it. */
  scriptsEnabled(): boolean {
    return this.#ctx.store.settings.flag('hooks.enabled');
  }

  update(patch: SettingsPatch, caller: Caller): AppSettings {
    const { store, events } = this.#ctx;
    const result = store.transaction(() => {
      const before = this.get();
      const after = { ...before, ...definedOnly(patch) };
      if (after.scriptsEnabled === before.scriptsEnabled) return null;
      this.#ctx.store.settings.setFlag('hooks.enabled', after.scriptsEnabled);
      store.audit.append({
        actor: caller.actor,
        action: 'settings.update',
        targetType: 'settings',
        targetId: null,
        details: { before: { ...before }, after: { ...after } },
      });
      return after;
    });
    if (result === null) return this.get();
    // Other windows (and browsers on `wgdesk serve`) show the switch too.
    events('state.changed', { what: 'settings' });
    return result;
  }
}

function definedOnly(patch: SettingsPatch): Partial<AppSettings> {
  return patch.scriptsEnabled === undefined ? {} : { scriptsEnabled: patch.scriptsEnabled };
}
