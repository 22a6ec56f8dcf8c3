import { useState } from 'react';
import { parseParams, METHODS, type MethodName, type ParamsIn } from '../../shared/contract';
import { toClientError } from '../api/errors';
import { formErrorsFrom, NO_ERRORS, type FormErrors } from '../lib/form-errors';
import { BLOCKING_KINDS } from '../store/errors';
import { useApp } from './context';

/**
 * A form's submit: check the params with the contract's own schema first (the
 * same validators main runs, so the message is the one main would give), then
 * call main; any InvalidInput lands next to its field.
 */
export function useSubmit(): {
  errors: FormErrors;
  busy: boolean;
  run: (work: () => Promise<void>) => Promise<boolean>;
  check: <M extends MethodName>(method: M, params: ParamsIn<M>) => boolean;
} {
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const reportError = useApp((s) => s.reportError);

  const check = <M extends MethodName>(method: M, params: ParamsIn<M>): boolean => {
    const r = parseParams(METHODS[method].params, params);
    if (r.ok) return true;
    setErrors(formErrorsFrom(r.error));
    return false;
  };

  const run = async (work: () => Promise<void>): Promise<boolean> => {
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      await work();
      return true;
    } catch (e) {
      const error = toClientError(e);
      // The machine cannot do it (no helper, no WireGuard): no field is at fault,
      // and the error screen says what to do better than a line in the form.
      if (BLOCKING_KINDS.has(error.kind)) reportError(error);
      else setErrors(formErrorsFrom(error));
      return false;
    } finally {
      setBusy(false);
    }
  };

  return { errors, busy, run, check };
}
