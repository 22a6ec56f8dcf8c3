import { z } from 'zod';
import { method } from '../define';
import { zId, zInterfaceId } from '../fields';
import { InterfaceView } from '../views';

export const RevisionView = z.object({
  id: z.number(),
  interfaceId: z.number(),
  createdAt: z.number(),
  /** Who made the change (admin, cli, startup, limits…). */
  actor: z.string(),
  /**
   * What the change was, one audit entry each (interface.update, peer.create…)
   * with what it was about: the window words it in the admin's language.
   */
  actions: z.array(
    z.object({
      action: z.string(),
      targetType: z.string().nullable(),
      targetId: z.string().nullable(),
      name: z.string().nullable(),
    }),
  ),
  peers: z.number(),
});
export type RevisionView = z.infer<typeof RevisionView>;

const change = z.object({ field: z.string(), before: z.string(), after: z.string() });
const peerRef = z.object({ name: z.string(), publicKey: z.string() });

/** Two revisions side by side; secrets never appear ("private key rotated"). */
export const RevisionDiffView = z.object({
  settings: z.array(change),
  peersAdded: z.array(peerRef),
  peersRemoved: z.array(peerRef),
  peersChanged: z.array(peerRef.extend({ changes: z.array(change) })),
});
export type RevisionDiffView = z.infer<typeof RevisionDiffView>;

export const revisionMethods = {
  'revisions.list': method({
    summary: 'A server’s history: every applied change of its settings or peers, newest first.',
    params: z.strictObject({ interfaceId: zInterfaceId }),
    result: z.array(RevisionView),
    mutates: false,
  }),
  'revisions.compare': method({
    summary: 'What changed between two revisions of a server (secrets are named, never shown).',
    params: z.strictObject({ interfaceId: zInterfaceId, from: zId, to: zId }),
    result: RevisionDiffView,
    mutates: false,
  }),
  'revisions.rollback': method({
    summary:
      'Put a server back as a revision had it (settings, key and peers), applied as one ' +
      'change that is itself a new revision; put back whole if the kernel refuses.',
    params: z.strictObject({ interfaceId: zInterfaceId, revisionId: zId }),
    result: InterfaceView,
    mutates: true,
  }),
};
