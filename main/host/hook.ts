import type { Brand } from '../../shared/brand';
import { invalidInput } from '../../shared/errors';
import { err, ok, type Result } from '../../shared/result';
import type { InterfaceName } from '../../shared/validate';
import type { HookCommand } from '../wireguard';

/** When in an interface's life a hook runs: wg-quick's PreUp, PostUp, PreDown, PostDown. */
export const HOOK_PHASES = ['preUp', 'postUp', 'preDown', 'postDown'] as const;
export type HookPhase = (typeof HOOK_PHASES)[number];

/** The names the .conf file uses, for messages a person reads. */
export const HOOK_LABELS: Readonly<Record<HookPhase, string>> = {
  preUp: 'PreUp',
  postUp: 'PostUp',
  preDown: 'PreDown',
  postDown: 'PostDown',
};

/**
 * How long one hook may run. wg-quick has no limit, but here changes queue
 * behind each other (in the helper and per interface), so a hook that hangs
 * would stall every later change; a minute is generous for a firewall rule.
 */
export const HOOK_TIMEOUT_MS = 60_000;

/** A hook with `%i` replaced by its interface's name: the only text Runner hands to a shell. */
export type ShellScript = Brand<string, 'ShellScript'>;

export function parseHookPhase(value: unknown, field = 'phase'): Result<HookPhase> {
  return typeof value === 'string' && (HOOK_PHASES as readonly string[]).includes(value)
    ? ok(value as HookPhase)
    : err(invalidInput(field, `must be one of ${HOOK_PHASES.join(', ')}`));
}

/**
 * wg-quick's own substitution (`hook="${hook//%i/$INTERFACE}"`): every `%i`,
 * nothing else. A validated name is [a-zA-Z0-9_=+.-] and never starts with
 * "-", so it adds no shell syntax to the command.
 */
export function expandHook(command: HookCommand, name: InterfaceName): ShellScript {
  return command.replaceAll('%i', name) as string as ShellScript;
}
