import { z } from 'zod';
import { method } from '../define';
import { Capabilities } from '../views';

export const systemMethods = {
  'system.capabilities': method({
    summary: 'What this host has: root, wg, wireguard-go, ip, nft, tc, conntrack.',
    params: z.strictObject({}),
    result: Capabilities,
    mutates: false,
  }),
};
