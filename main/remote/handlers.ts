// The box methods (shared/contract/boxes.ts) over a registry: params checked
// against the declared schema, errors as kinds, the same envelope as the router's.
import type { z } from 'zod';
import { BOX_METHODS } from '../../shared/contract/boxes';
import { parseParams } from '../../shared/contract/params';
import { AppError, type WireError } from '../../shared/errors';
import { err, ok, type Result } from '../../shared/result';
import type { BoxRegistry } from './registry';

export type BoxMethodName = keyof typeof BOX_METHODS;
type ParamsOf<M extends BoxMethodName> = z.output<(typeof BOX_METHODS)[M]['params']>;
type ResultOf<M extends BoxMethodName> = z.output<(typeof BOX_METHODS)[M]['result']>;
type BoxHandlers = { readonly [M in BoxMethodName]: (p: ParamsOf<M>) => Promise<ResultOf<M>> };

export function isBoxMethod(name: string): name is BoxMethodName {
  return Object.hasOwn(BOX_METHODS, name);
}

function handlers(r: BoxRegistry): BoxHandlers {
  return {
    'boxes.list': async () => r.list(),
    'boxes.add': (p) => r.add(p.address, p.identityFile),
    'boxes.trustHostKey': (p) => r.trustHostKey(p.id, p.fingerprint),
    'boxes.remove': async (p) => {
      await r.remove(p.id);
      return {};
    },
  };
}

export async function callBoxMethod<M extends BoxMethodName>(
  registry: BoxRegistry,
  method: M,
  raw: unknown,
): Promise<Result<ResultOf<M>, WireError>> {
  const params = parseParams(BOX_METHODS[method].params, raw);
  if (!params.ok) return err(params.error.toWire());
  try {
    const handler = handlers(registry)[method] as (p: unknown) => Promise<ResultOf<M>>;
    return ok(await handler(params.value));
  } catch (e) {
    if (e instanceof AppError) return err(e.toWire());
    return err({ kind: 'Internal', message: e instanceof Error ? e.message : String(e) });
  }
}
