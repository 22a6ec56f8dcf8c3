// Why "explain" answers as it does, as a code with its parameters: main
// decides, the window words it in the admin's language (renderer/lib/
// explain-words.ts), as shared/reason.ts does for a peer's lifecycle.
import { z } from 'zod';

export const zExplainReason = z.discriminatedUnion('code', [
  /** Rule `ruleId` is the first that matches: it allows or denies. */
  z.object({ code: z.literal('rule'), ruleId: z.number(), allowed: z.boolean() }),
  /** Traffic to the server itself that no rule denies. */
  z.object({ code: z.literal('server_open') }),
  /** Between peers (or when everything is denied): the server's default policy. */
  z.object({ code: z.literal('policy'), policy: z.enum(['allow', 'isolate', 'deny']) }),
  /** Beyond the tunnel: what clients may reach. */
  z.object({ code: z.literal('reach'), reach: z.enum(['server', 'networks', 'internet']) }),
]);
export type ExplainReason = z.infer<typeof zExplainReason>;
