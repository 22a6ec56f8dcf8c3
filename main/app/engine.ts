// Which engine the desktop window talks to. No Electron import here, so the
// choice is unit-tested without the Electron binary; main.ts only wires it.
import { METHODS, isMethodName, type MethodName } from '../../shared/contract';
import { AppError, type WireError } from '../../shared/errors';
import type { Result } from '../../shared/result';
import type { LocalEngine } from '../api/routes';
import type { Runtime } from '../runtime';
import { ServiceClient } from '../service/client';

/**
 * What the window's IPC bridge needs of an engine: calls in, events out. The
 * service's client and an in-process runtime both provide it, so the bridge
 * is one piece of code whichever runs.
 */
export interface EngineLink {
  readonly methods: readonly MethodName[];
  call(method: MethodName, params: unknown): Promise<Result<unknown, WireError>>;
  /** Every pushed event; returns the unsubscribe. */
  subscribe(listener: (name: string, payload: unknown) => void): () => void;
  close(): Promise<void>;
}

export type EngineChoice =
  /** The system service answers: the window is only its client. */
  | { readonly kind: 'service'; readonly link: EngineLink }
  /** No service here: the window runs its own engine (and offers to install the service). */
  | { readonly kind: 'window' }
  /** A service runs, but this user may not use it: say what to do, open nothing of our own. */
  | { readonly kind: 'refused'; readonly reason: string };

/**
 * Attaches to the service when one answers on `socket`. Any other engine on
 * this machine would fight the service over every interface, so a service
 * that refuses this user is an answer, not a reason to start our own.
 */
export async function chooseEngine(socket: string): Promise<EngineChoice> {
  let client: ServiceClient;
  try {
    client = await ServiceClient.connect({ path: socket, client: 'wgdesk-desktop' });
  } catch (e) {
    if (e instanceof AppError && e.kind === 'HostUnreachable') return { kind: 'window' };
    return { kind: 'refused', reason: e instanceof Error ? e.message : String(e) };
  }
  return { kind: 'service', link: serviceLink(client) };
}

export function serviceLink(client: ServiceClient): EngineLink {
  return {
    methods: Object.keys(METHODS).filter(isMethodName),
    call: (method, params) => client.call(method, params),
    subscribe: (listener) => client.onEvent(listener),
    close: () => client.close(),
  };
}

/** An engine link as the routing layer's "this machine" (api/routes.ts). */
export function localEngine(link: EngineLink): LocalEngine {
  return {
    call: (method, params) =>
      isMethodName(method)
        ? link.call(method, params)
        : Promise.resolve({
            ok: false,
            error: { kind: 'InvalidInput', message: `method: unknown method`, field: 'method' },
          }),
    subscribe: (listener) => link.subscribe(listener),
  };
}

/** The window's own engine, when there is no service: the same router, in this process. */
export function runtimeLink(runtime: Runtime): EngineLink {
  return {
    methods: runtime.router.methods,
    call: (method, params) => runtime.router.call(method, params, { actor: 'admin' }),
    subscribe: (listener) => runtime.events.subscribe((e) => listener(e.name, e.payload)),
    close: () => runtime.close(),
  };
}

/** Offered once when the window runs its own engine: what the service would give, in words. */
export const INSTALL_OFFER = {
  message: 'Keep watching your servers when wgdesk is closed?',
  detail:
    'Installed as a system service, wgdesk keeps enforcing device limits, reconnecting timed ' +
    'disconnects and recording history while no window is open, and brings your servers back ' +
    'after a reboot. It asks for your password once.',
} as const;

/** The command line that installs the service from this app, run through pkexec. */
export function installArgv(execPath: string, cliEntry: string): string[] {
  return [
    '/usr/bin/pkexec',
    '--disable-internal-agent',
    '/usr/bin/env',
    'ELECTRON_RUN_AS_NODE=1',
    execPath,
    cliEntry,
    'service',
    'install',
  ];
}
