// Which of an interface's PreUp/PostUp/PreDown/PostDown run on one up or
// down, and running them. The order around the link is the interface
// service's (interfaces.ts); this holds the plan and the checks.
import { unwrap } from '../../../shared/result';
import { AppError } from '../../../shared/errors';
import type { Host, HookPhase } from '../../host/host';
import type { AuditValue, InterfaceRecord } from '../../store';
import { parseHookCommand, type HookCommand } from '../../wireguard';

/** Which hooks one up or down runs. `phases`: those the interface has hooks for. */
export interface HookPlan {
  readonly pre: readonly HookCommand[];
  readonly post: readonly HookCommand[];
  readonly phases: readonly HookPhase[];
  /** False: hooks exist but script execution is off, so they are skipped. */
  readonly run: boolean;
}

export const NO_HOOKS: HookPlan = { pre: [], post: [], phases: [], run: false };
export const UP = ['preUp', 'postUp'] as const;
export const DOWN = ['preDown', 'postDown'] as const;

/**
 * What the audit entry of an up or down says about hooks, so the UI can show
 * "hooks not run: script execution is off" (`run: false`, `skipped`). Hooks
 * that run are listed with their text, phase by phase in the order they run:
 * a command run as root is written down as it was run.
 */
export function hookDetails(plan: HookPlan, up: boolean): { hooks?: { [k: string]: AuditValue } } {
  if (plan.phases.length === 0) return {};
  const phases = [...plan.phases];
  if (!plan.run) return { hooks: { phases, run: false, skipped: 'scripts-disabled' } };
  const [prePhase, postPhase] = up ? UP : DOWN;
  const commands = [
    ...plan.pre.map((command) => ({ phase: prePhase, command })),
    ...plan.post.map((command) => ({ phase: postPhase, command })),
  ];
  return { hooks: { phases, run: true, commands } };
}

/**
 * Whether this host lets hooks run: root's policy file decides (host/policy.ts),
 * never the database, which the admin's own processes can write. A host
 * without the operation runs no hooks.
 */
export async function scriptsAllowed(host: Host): Promise<boolean> {
  return host.scriptsAllowed === undefined ? false : host.scriptsAllowed();
}

/**
 * The hooks of one direction, and whether they run. Read and parsed before
 * anything spawns: the database holds ConfText, and a stored hook that is not
 * a valid HookCommand (a line break, a NUL, a "#") is InvalidInput here,
 * never text handed to a shell. While the host says scripts are off nothing
 * is parsed: the hooks are skipped whatever they say, and the audit entry
 * says so. (The host refuses them too, should anything ask.) An interface
 * without hooks does not ask the host at all.
 */
export async function hookPlan(host: Host, iface: InterfaceRecord, up: boolean): Promise<HookPlan> {
  const [prePhase, postPhase] = up ? UP : DOWN;
  const phases = [prePhase, postPhase].filter((p) => iface[p].length > 0);
  if (phases.length === 0) return NO_HOOKS;
  if (!(await scriptsAllowed(host))) return { pre: [], post: [], phases, run: false };
  const parse = (phase: HookPhase): HookCommand[] =>
    iface[phase].map((h, i) => unwrap(parseHookCommand(h, `${phase}[${i}]`)));
  return { pre: parse(prePhase), post: parse(postPhase), phases, run: true };
}

/** The plan, once it is sure this host can carry it out: checked before anything changes. */
export function runnable(plan: HookPlan, host: Host): HookPlan {
  if (plan.run && host.runHook === undefined) {
    throw new AppError(
      'Incompatible',
      'this interface has hooks and script execution is on, but this host cannot run scripts',
    );
  }
  return plan;
}

/** In order, stopping at the first failure, as wg-quick's `set -e` does. */
export async function runHooks(
  host: Host,
  iface: InterfaceRecord,
  phase: HookPhase,
  commands: readonly HookCommand[],
): Promise<void> {
  for (const command of commands) await host.runHook?.(iface.name, phase, command);
}
