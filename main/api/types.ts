import type { MethodName, Params, ResultOf } from '../../shared/contract';

/** Implements one contract method: validated params in, a contract result out (errors are thrown AppErrors). */
export type Handler<M extends MethodName> = (params: Params<M>) => Promise<ResultOf<M>>;

/** Implementations for a subset of the contract; the router requires the full set. */
export type HandlerSet<M extends MethodName> = { readonly [K in M]: Handler<K> };

/** Every contract method, implemented. */
export type Handlers = HandlerSet<MethodName>;
