import type { InterfaceView } from '../../shared/contract';

/** What else to read about one server once main has said it changed. */
export interface ServerReads {
  /** A full snapshot of its peers' live numbers (pushes after it carry only what moved). */
  readonly stats: boolean;
  /** Traffic, counts and free addresses. */
  readonly summary: boolean;
  /** Database against kernel. */
  readonly drift: boolean;
}

/**
 * Decided from how its view moved, so that one new peer costs one summary
 * read, not a reload of every server. New to the page, or its link came or
 * went: everything (the monitor starts over on it, the kernel side changed).
 * Its row changed (`updatedAt` stamps every stored change, `enabled` too):
 * the kernel may now differ, and the networks the free counts come from may
 * have moved. Only its peer count moved: the summary's counts did too; the
 * new peers' own numbers come in the next push.
 */
export function serverReads(before: InterfaceView | undefined, after: InterfaceView): ServerReads {
  const link = before === undefined || before.exists !== after.exists || before.up !== after.up;
  const row = link || before.updatedAt !== after.updatedAt;
  const summary = row || before.peerCount !== after.peerCount;
  return { stats: link, summary, drift: row };
}
