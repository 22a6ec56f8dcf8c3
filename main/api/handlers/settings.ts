import type { settingsMethods } from '../../../shared/contract/methods/settings';
import type { Caller, Services } from '../../services';
import type { HandlerSet } from '../types';

export type SettingsMethod = keyof typeof settingsMethods;

/** App-wide settings. */
export function settingsHandlers(s: Services, caller: Caller): HandlerSet<SettingsMethod> {
  const settings = s.settings;
  return {
    'settings.get': async () => settings.get(),
    'settings.update': async (p) => settings.update(p, caller),
  };
}
