import { z } from 'zod';
import { method } from '../define';
import { Capabilities } from '../views';
import { ENGINE_KINDS } from '../../domain';

export const systemMethods = {
  'system.capabilities': method({
    summary: 'What this host has: root, wg, wireguard-go, ip, nft, tc, conntrack.',
    params: z.strictObject({}),
    result: Capabilities,
    mutates: false,
  }),
  'system.engine': method({
    summary:
      'Which engine answers: the system service (keeps watch when every window is closed), ' +
      'or one that stops with its window, wgdesk serve or a one-shot CLI call.',
    params: z.strictObject({}),
    result: z.object({
      kind: z.enum(ENGINE_KINDS),
      version: z.string(),
      /** True only for the service: duties go on with no window open. */
      keepsWatch: z.boolean(),
    }),
    mutates: false,
  }),
  'system.browserUrl': method({
    summary:
      'Where the service serves the UI to a browser, with its access token (reach it through ' +
      'an SSH tunnel), or why it does not.',
    params: z.strictObject({}),
    result: z.object({ url: z.string().nullable(), reason: z.string().nullable() }),
    mutates: false,
  }),
};
