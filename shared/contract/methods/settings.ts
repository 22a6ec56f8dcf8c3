import { z } from 'zod';
import { method } from '../define';

export const SettingsView = z.object({
  /**
   * Whether interfaces' PreUp/PostUp/PreDown/PostDown commands run (as root)
   * when they go up or down. Off by default, like the official Windows client:
   * with it off, an interface with hooks still comes up, without them, and the
   * audit entry of that up or down says the hooks were skipped.
   */
  scriptsEnabled: z.boolean(),
});
export type SettingsView = z.infer<typeof SettingsView>;

export const settingsMethods = {
  'settings.get': method({
    summary: 'App-wide settings: whether interface hooks (PreUp/PostUp/PreDown/PostDown) run.',
    params: z.strictObject({}),
    result: SettingsView,
    mutates: false,
  }),
  'settings.update': method({
    summary: 'Change app-wide settings (absent fields keep their value); audited.',
    params: z.strictObject({ scriptsEnabled: z.boolean().optional() }),
    result: SettingsView,
    mutates: true,
  }),
};
