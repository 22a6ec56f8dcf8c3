import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { makeActions, type Actions } from '../actions';
import type { Problem } from '../../shared/problems';
import { toClientError } from '../api/errors';
import { formErrorsFrom, NO_ERRORS, type FormErrors } from '../lib/form-errors';
import { placeWords, problemWords } from '../lib/problem-words';
import { BLOCKING_KINDS } from '../store/errors';
import { useClient, useStoreApi } from './context';
import { downloadBase64, downloadText } from './download';

const FILES = { text: downloadText, base64: downloadBase64 };

/** The page's actions, the same object for as long as the client and store are. */
export function useActions(): Actions {
  const client = useClient();
  const store = useStoreApi();
  return useMemo(() => makeActions(client, store, FILES), [client, store]);
}

/**
 * Where a failure that is not the machine's shows: inside the form that asked
 * (next to its field when it names one), or, for a button with no form, as a notice.
 */
export type ShowErrors = 'in-form' | 'as-notice';

export interface ActionRunner {
  /** Runs one action; false when it failed, its error shown. Never throws at a click handler. */
  run(work: (a: Actions) => Promise<unknown>): Promise<boolean>;
  busy: boolean;
  /** Always empty with 'as-notice'. */
  errors: FormErrors;
}

/**
 * The one way a component runs an action and shows how it went. A form lists
 * the fields it `shows`: an error about any other field goes to its top.
 */
export function useAction(show: ShowErrors, shows?: readonly string[]): ActionRunner {
  const actions = useActions();
  const store = useStoreApi();
  const { t, i18n } = useTranslation();
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);

  const run = async (work: (a: Actions) => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      await work(actions);
      return true;
    } catch (e) {
      const error = toClientError(e);
      // Main's refusals come as codes too: worded in the page's language (a
      // notice words itself when drawn, so it follows a change of language).
      const word = (p: Problem | undefined): string | null => problemWords(t, i18n.language, p);
      // The machine cannot do it (no helper, no WireGuard): no field is at fault,
      // and the error screen says what to do better than a line in the form.
      if (show === 'as-notice' || BLOCKING_KINDS.has(error.kind))
        store.getState().reportError(error);
      else {
        const shown = shows === undefined ? undefined : new Set(shows);
        const place = (f: string, p: Problem | undefined, text: string): string =>
          placeWords(t, f, p, text);
        setErrors(formErrorsFrom(error, shown, word, place));
      }
      return false;
    } finally {
      setBusy(false);
    }
  };

  return { run, busy, errors };
}
