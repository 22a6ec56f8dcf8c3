import { z } from 'zod';
import { method } from '../define';

export const SettingsView = z.object({
  /**
   * Whether interfaces' PreUp/PostUp/PreDown/PostDown commands run (as root)
   * when they go up or down. Off by default, like the official Windows client:
   * with it off, an interface with hooks still comes up, without them, and the
   * audit entry of that up or down says the hooks were skipped. Root decides,
   * in a file only root can write (/etc/wgdesk/wgdesk.conf); no method changes it.
   */
  scriptsEnabled: z.boolean(),
  /** The command, run on the machine, that flips the switch: the UI shows it. */
  scriptsCommand: z.string(),
});
export type SettingsView = z.infer<typeof SettingsView>;

export const settingsMethods = {
  'settings.get': method({
    summary:
      'App-wide settings: whether interface hooks (PreUp/PostUp/PreDown/PostDown) run, ' +
      'and the command that changes it (run as root on the machine; no method can).',
    params: z.strictObject({}),
    result: SettingsView,
    mutates: false,
  }),
};
