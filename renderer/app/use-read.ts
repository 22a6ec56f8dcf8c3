import { useEffect, useState } from 'react';
import type { EventPayload, MethodName, ParamsIn, ResultOf } from '../../shared/contract';
import { toClientError } from '../api/errors';
import { useClient } from './context';

export interface Read<M extends MethodName> {
  /** null until the first answer; after a failed read, the last good one. */
  readonly data: ResultOf<M> | null;
  /** Why the last read failed; null again once one succeeds. */
  readonly error: string | null;
}

/**
 * One read of main, asked again when its params or `version` change. An
 * answer to an older question is dropped, so a slow reply never replaces a
 * newer one. For what a page shows but the store does not keep (a server's
 * history, the backup files).
 */
export function useRead<M extends MethodName>(
  method: M,
  params: ParamsIn<M> | null,
  version: number,
): Read<M> {
  const client = useClient();
  const [data, setData] = useState<ResultOf<M> | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The params are a new object on every render: their text says whether the question changed.
  const question = JSON.stringify(params);

  useEffect(() => {
    if (params === null) return;
    let live = true;
    client.call(method, params).then(
      (r) => live && (setData(r), setError(null)),
      (e: unknown) => live && setError(toClientError(e).message),
    );
    return () => {
      live = false;
    };
  }, [client, method, question, version]);

  return { data, error };
}

/**
 * How many pushed "state changed" notices `matters` picked since mount: a
 * version for useRead, so a page reads again exactly when main says
 * something it shows changed (by this window or any other).
 */
export function useChangeCount(
  matters: (change: EventPayload<'state.changed'>) => boolean,
  deps: readonly unknown[],
): number {
  const client = useClient();
  const [count, setCount] = useState(0);
  useEffect(
    () => client.on('state.changed', (c) => matters(c) && setCount((n) => n + 1)),
    [client, ...deps],
  );
  return count;
}
