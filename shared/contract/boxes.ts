import { z } from 'zod';
import { ERROR_KINDS } from '../errors';
import { method } from './define';

/**
 * Other machines' wgdesk services, reached over SSH. Declared apart from
 * METHODS on purpose: these are answered by the desktop's own process, which
 * holds the admin's SSH agent and key files, never by a box's service (root
 * on that machine has no business with this user's keys), so no engine's
 * router is asked to implement them.
 */
export const BoxHostKey = z.object({
  /** As ssh names it: ssh-ed25519, ecdsa-sha2-nistp256, ssh-rsa. */
  type: z.string(),
  /** `SHA256:…`, as `ssh-keygen -lf` prints it on the box: compare it there. */
  fingerprint: z.string(),
  /** false until the admin confirmed this fingerprint (trust on first use). */
  trusted: z.boolean(),
});

export const BoxView = z.object({
  id: z.number(),
  /** `user@host[:port]`, canonical. */
  address: z.string(),
  hostKey: BoxHostKey,
  status: z.enum(['untrusted', 'connecting', 'connected', 'disconnected']),
  /** Why it is disconnected, in words; null otherwise. */
  error: z.object({ kind: z.enum(ERROR_KINDS), message: z.string() }).nullable(),
  /** The box's wgdesk version, once connected. */
  wgdesk: z.string().nullable(),
});
export type BoxView = z.infer<typeof BoxView>;

const zBoxId = z.number().int().positive();

export const BOX_METHODS = {
  'boxes.list': method({
    summary: 'This desktop’s boxes: other machines’ wgdesk services, and how each link is.',
    params: z.strictObject({}),
    result: z.array(BoxView),
    mutates: false,
  }),
  'boxes.add': method({
    summary:
      'Add a box by user@host[:port]. Its host key is read and shown, not trusted: confirm the ' +
      'fingerprint with boxes.trustHostKey before anything is sent.',
    params: z.strictObject({
      address: z.string().max(300),
      /** A private key file to offer after the agent's keys. */
      identityFile: z.string().max(4096).optional(),
    }),
    result: BoxView,
    mutates: true,
  }),
  'boxes.trustHostKey': method({
    summary:
      'Pin the host key the admin checked (its fingerprint, as shown) and connect. A key that ' +
      'differs from the one shown is refused.',
    params: z.strictObject({ id: zBoxId, fingerprint: z.string().max(128) }),
    result: BoxView,
    mutates: true,
  }),
  'boxes.remove': method({
    summary: 'Forget a box: the link is closed and its pinned key dropped. The box runs on.',
    params: z.strictObject({ id: zBoxId }),
    result: z.object({}),
    mutates: true,
  }),
};
