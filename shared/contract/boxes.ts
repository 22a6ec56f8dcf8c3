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
  /**
   * The fingerprint of the key the box offers now when it is not the pinned
   * one: the link is refused, and stays so until the admin removes the box.
   */
  changedTo: z.string().nullable(),
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

/** What ssh asks while logging in to a box (askpass), waiting for the window's answer. */
export const BoxPrompt = z.object({
  id: z.number(),
  box: z.number(),
  address: z.string(),
  kind: z.enum(['password', 'passphrase', 'other']),
  /** ssh's own words ("alice@10.0.0.2's password: "). */
  text: z.string(),
});
export type BoxPrompt = z.infer<typeof BoxPrompt>;

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
  'boxes.prompts': method({
    summary: 'What ssh is asking now (a password, a key passphrase), for the window to show.',
    params: z.strictObject({}),
    result: z.array(BoxPrompt),
    mutates: false,
  }),
  'boxes.answer': method({
    summary:
      'Answer one prompt (null cancels it). The answer goes to ssh and is never stored or logged.',
    params: z.strictObject({
      id: z.number().int().positive(),
      answer: z.string().max(1024).nullable(),
    }),
    result: z.object({}),
    mutates: true,
  }),
};

export type BoxMethodName = keyof typeof BOX_METHODS;

export function isBoxMethodName(name: string): name is BoxMethodName {
  return Object.hasOwn(BOX_METHODS, name);
}

/**
 * Events the desktop's own process pushes (never a box's): the list whenever
 * a box's link changes, and the prompts whenever one comes or goes.
 */
export const BOX_EVENTS = {
  changed: 'boxes.changed',
  prompts: 'boxes.prompts',
} as const;
export interface BoxEventPayloads {
  readonly 'boxes.changed': { readonly boxes: readonly BoxView[] };
  readonly 'boxes.prompts': { readonly prompts: readonly BoxPrompt[] };
}
