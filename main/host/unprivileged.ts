import { AppError } from '../../shared/errors';
import type { Host, HostCapabilities } from './host';
import { ForwardingHost } from './protocol/derive';
import type { ToolPaths } from './tools';

/**
 * The Host of a wgdesk that has no root: not root itself, and no privileged
 * helper (the password prompt was cancelled or refused, pkexec is missing, or
 * this is `wgdesk serve`/`wgdesk api` started by a normal user). It answers
 * what needs no privilege (which tools are installed) and refuses every other
 * operation of the table with HelperUnavailable and `reason`, so the UI shows
 * what to do instead of failing obscurely.
 */
export class UnprivilegedHost extends ForwardingHost implements Host {
  constructor(
    private readonly tools: ToolPaths,
    private readonly reason: string,
  ) {
    super();
  }

  override async capabilities(): Promise<HostCapabilities> {
    const has = (t: keyof ToolPaths): boolean => this.tools[t] !== undefined;
    return {
      wg: has('wg'),
      wireguardGo: has('wireguard-go'),
      ip: has('ip'),
      nft: has('nft'),
      tc: has('tc'),
      conntrack: has('conntrack'),
    };
  }

  /** There is no helper to send an operation to. */
  protected override async send(): Promise<never> {
    throw new AppError('HelperUnavailable', this.reason);
  }
}

/** Why a non-root `wgdesk serve` or `wgdesk api` cannot change WireGuard, and what to do. */
export const NOT_ROOT_REASON =
  'changing WireGuard needs root: run wgdesk serve (or wgdesk api) as root, e.g. with sudo; ' +
  'the desktop app asks for the password once instead';
