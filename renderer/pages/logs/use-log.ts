import { useEffect, useState } from 'react';
import type { ParamsIn, ResultOf } from '../../../shared/contract';
import { toClientError } from '../../api/errors';
import { useApp, useClient } from '../../app/context';

/** The methods that read a log, newest first. */
type LogMethod = 'audit.list' | 'connections.list';

export interface LogRead<M extends LogMethod> {
  /** null until the first answer; after a failed read, the last good one. */
  readonly entries: ResultOf<M> | null;
  /** Why the last read failed; null again once one succeeds. */
  readonly error: string | null;
}

/**
 * A log as the filters ask for it, read again when they change or when main
 * says the logs grew (logsVersion). An answer to an older question is
 * dropped, so a slow reply never replaces a newer one.
 */
export function useLog<M extends LogMethod>(method: M, params: ParamsIn<M>): LogRead<M> {
  const client = useClient();
  const logsVersion = useApp((s) => s.logsVersion);
  const [entries, setEntries] = useState<ResultOf<M> | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The params are a new object on every render: their text says whether the
  // question changed, and stands for them in the effect's dependencies.
  const question = JSON.stringify(params);

  useEffect(() => {
    let live = true;
    client.call(method, params).then(
      (r) => live && (setEntries(r), setError(null)),
      (e: unknown) => live && setError(toClientError(e).message),
    );
    return () => {
      live = false;
    };
  }, [client, method, question, logsVersion]);

  return { entries, error };
}
