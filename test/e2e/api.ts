import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type {
  EventName,
  EventPayload,
  MethodName,
  ParamsIn,
  ResultOf,
} from '../../shared/contract';
import type { WireError } from '../../shared/errors';
import type { Result } from '../../shared/result';

const BRIDGE = fileURLToPath(new URL('./api-bridge.ts', import.meta.url));

/** A contract call that came back with an error: its kind, as main sent it. */
export class ApiError extends Error {
  constructor(
    readonly method: string,
    readonly wire: WireError,
  ) {
    super(`${method}: ${wire.kind}: ${wire.message}`);
  }
}

type Incoming =
  | { type: 'ready' }
  | { type: 'result'; id: number; result: Result<unknown, WireError> }
  | { type: 'event'; name: EventName; payload: unknown };

/**
 * The contract, called from the test over `wgdesk serve`'s own WebSocket (the
 * same door as the page): seeding goes through the real router, validation,
 * services and store. Calls travel through api-bridge.ts, which runs inside
 * the server's namespace to reach serve's loopback.
 */
export interface Api {
  call<M extends MethodName>(method: M, params: ParamsIn<M>): Promise<ResultOf<M>>;
  /** The next pushed event of this name that satisfies `match`, from now on. */
  nextEvent<E extends EventName>(
    name: E,
    match: (p: EventPayload<E>) => boolean,
    timeoutMs?: number,
  ): Promise<EventPayload<E>>;
  close(): void;
}

export async function openApi(ns: string, url: string): Promise<Api> {
  const child = spawn(
    'ip',
    ['netns', 'exec', ns, process.execPath, '--import', 'tsx', BRIDGE, url],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const pending = new Map<number, (r: Result<unknown, WireError>) => void>();
  const listeners = new Set<(name: EventName, payload: unknown) => void>();
  let nextId = 1;
  const ready = new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`api bridge exited (${code}): ${stderr}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = JSON.parse(line) as Incoming;
      if (m.type === 'ready') resolve();
      else if (m.type === 'result') {
        pending.get(m.id)?.(m.result);
        pending.delete(m.id);
      } else for (const l of listeners) l(m.name, m.payload);
    });
  });
  await ready;
  return {
    call<M extends MethodName>(method: M, params: ParamsIn<M>): Promise<ResultOf<M>> {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, (r) =>
          r.ok ? resolve(r.value as ResultOf<M>) : reject(new ApiError(method, r.error)),
        );
        child.stdin.write(`${JSON.stringify({ id, method, params })}\n`);
      });
    },
    nextEvent(name, match, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(listener);
          reject(new Error(`no ${name} event arrived within ${timeoutMs} ms`));
        }, timeoutMs);
        const listener = (n: EventName, payload: unknown): void => {
          if (n !== name) return;
          const p = payload as EventPayload<typeof name>;
          if (!match(p)) return;
          clearTimeout(timer);
          listeners.delete(listener);
          resolve(p);
        };
        listeners.add(listener);
      });
    },
    close() {
      child.stdin.end();
      if (child.exitCode === null && child.pid !== undefined) child.kill('SIGTERM');
    },
  };
}
