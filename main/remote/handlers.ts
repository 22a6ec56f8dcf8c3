// The box methods (shared/contract/boxes.ts) over a registry and its prompts:
// params checked against the declared schema, errors as kinds, the same
// envelope as the router's.
import type { z } from 'zod';
import { BOX_METHODS, type BoxMethodName } from '../../shared/contract/boxes';
import { parseParams } from '../../shared/contract/params';
import { AppError, type WireError } from '../../shared/errors';
import { err, ok, type Result } from '../../shared/result';
import type { Prompts } from './prompts';
import type { BoxRegistry } from './registry';

export { isBoxMethodName as isBoxMethod, type BoxMethodName } from '../../shared/contract/boxes';
type ParamsOf<M extends BoxMethodName> = z.output<(typeof BOX_METHODS)[M]['params']>;
type ResultOf<M extends BoxMethodName> = z.output<(typeof BOX_METHODS)[M]['result']>;
type BoxHandlers = { readonly [M in BoxMethodName]: (p: ParamsOf<M>) => Promise<ResultOf<M>> };

/** Prompts are optional: a registry whose asks go elsewhere (a test's answers) has none to list. */
function handlers(r: BoxRegistry, prompts: Prompts | undefined): BoxHandlers {
  return {
    'boxes.list': async () => r.list(),
    'boxes.add': (p) => r.add(p.address, p.identityFile),
    'boxes.trustHostKey': (p) => r.trustHostKey(p.id, p.fingerprint),
    'boxes.remove': async (p) => {
      await r.remove(p.id);
      return {};
    },
    'boxes.prompts': async () => prompts?.pending() ?? [],
    'boxes.answer': async (p) => {
      if (!prompts) throw new AppError('NotFound', `nothing is waiting for answer ${p.id}`, 'id');
      prompts.answer(p.id, p.answer);
      return {};
    },
  };
}

export async function callBoxMethod<M extends BoxMethodName>(
  registry: BoxRegistry,
  method: M,
  raw: unknown,
  prompts?: Prompts,
): Promise<Result<ResultOf<M>, WireError>> {
  const params = parseParams(BOX_METHODS[method].params, raw);
  if (!params.ok) return err(params.error.toWire());
  try {
    const handler = handlers(registry, prompts)[method] as (p: unknown) => Promise<ResultOf<M>>;
    return ok(await handler(params.value));
  } catch (e) {
    if (e instanceof AppError) return err(e.toWire());
    return err({ kind: 'Internal', message: e instanceof Error ? e.message : String(e) });
  }
}
