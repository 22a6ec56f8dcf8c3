// How the desktop app gets root for WireGuard operations: once per session,
// with one password prompt, through the privileged helper. No Electron import
// here, so the choice is unit-tested without the Electron binary.
import { AppError } from '../../shared/errors';
import { HelperHost } from '../host/helper-client';
import { chooseStrategy, pkexecArgv, PKEXEC } from '../host/helper-launch';
import type { Host } from '../host/host';
import type { ToolPaths } from '../host/tools';
import { UnprivilegedHost } from '../host/unprivileged';

export type PrivilegePlan =
  | { readonly kind: 'helper'; readonly argv: readonly string[] }
  | { readonly kind: 'none'; readonly reason: string };

export interface PlanInput {
  readonly platform: NodeJS.Platform;
  readonly uid: number | undefined;
  /** The Electron binary (process.execPath). */
  readonly execPath: string;
  /** The bundled helper, outside app.asar, in the package's root-owned directory. */
  readonly helperEntry: string;
  readonly pkexecInstalled: boolean;
}

/**
 * Why the desktop app will not run as root, or null when it may run. As root,
 * Chromium starts only with its sandbox off (--no-sandbox), and the page, its
 * file pickers and everything it loads would act as root; only the helper
 * needs root, and it asks for it. A root daemon is `wgdesk service`.
 */
export function rootRefusal(uid: number | undefined): string | null {
  if (uid !== 0) return null;
  return (
    'the wgdesk window does not run as root: start it as your own user (it asks for the ' +
    'password once, for its privileged helper), or run the engine as a root service with ' +
    '`wgdesk service`'
  );
}

export function planPrivileges(input: PlanInput): PrivilegePlan {
  const strategy = chooseStrategy(input.platform, input.uid);
  switch (strategy) {
    case 'direct':
      throw new AppError('Internal', 'the desktop app never runs as root (see rootRefusal)');
    case 'pkexec':
      if (!input.pkexecInstalled) {
        return {
          kind: 'none',
          reason: `${PKEXEC} is not installed (package policykit-1 or polkitd): wgdesk cannot ask for the password to change WireGuard`,
        };
      }
      // pkexec clears the environment, and the Electron binary is only a Node
      // runtime with ELECTRON_RUN_AS_NODE=1 (the RunAsNode fuse stays on for
      // this, see build/fuses.cjs): /usr/bin/env sets it after pkexec.
      return {
        kind: 'helper',
        argv: pkexecArgv({
          node: '/usr/bin/env',
          nodeArgs: ['ELECTRON_RUN_AS_NODE=1', input.execPath],
          entry: input.helperEntry,
        }),
      };
    case 'sudo-prompt':
      return {
        kind: 'none',
        reason:
          'on this system wgdesk cannot start its privileged helper yet: run it as an administrator',
      };
  }
}

/**
 * The Host for a plan: the started HelperHost, or an UnprivilegedHost saying
 * why there is none. A cancelled or failed prompt does not stop the app: it opens, shows
 * every server and peer, and says why changes are refused.
 */
export async function privilegedHost(
  plan: PrivilegePlan,
  tools: ToolPaths,
  log: (line: string) => void,
): Promise<Host> {
  switch (plan.kind) {
    case 'none':
      return new UnprivilegedHost(tools, plan.reason);
    case 'helper':
      try {
        return await HelperHost.start({ argv: plan.argv, log });
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        return new UnprivilegedHost(
          tools,
          `the privileged helper did not start (${why}): restart wgdesk to be asked for the password again`,
        );
      }
  }
}
