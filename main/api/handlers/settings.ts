import type { settingsMethods } from '../../../shared/contract/methods/settings';
import type { Services } from '../../services';
import type { HandlerSet } from '../types';

export type SettingsMethod = keyof typeof settingsMethods;

/** App-wide settings: read only (root changes them on the machine). */
export function settingsHandlers(s: Services): HandlerSet<SettingsMethod> {
  return {
    'settings.get': async () => s.settings.get(),
  };
}
