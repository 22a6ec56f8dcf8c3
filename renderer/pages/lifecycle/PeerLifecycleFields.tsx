// Issue 12 in the peer dialog: expiry (the app's own date field) and quota.
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PeerView } from '../../../shared/contract';
import type { QuotaPeriod } from '../../../shared/domain';
import { useFormatters } from '../../app/format';
import { DateTimeField } from '../../components/DateTimeField';
import {
  dateTimeShape,
  draftOf,
  readExpiry,
  type DateTimeDraft,
  type DraftProblem,
} from '../../lib/date-time';
import { QuotaFields, quotaBytesOf, quotaInput, resetDayOf, type QuotaInput } from './QuotaFields';

/** The contract fields these controls fill, for the form's list of fields with errors. */
export const LIFECYCLE_FIELDS = ['expiresAt', 'quotaBytes', 'quotaPeriod', 'quotaResetDay'];

interface LifecycleParams {
  expiresAt?: number | null;
  quotaBytes?: number | null;
  quotaPeriod?: QuotaPeriod;
  quotaResetDay?: number;
}

export interface PeerLifecycle {
  readonly expiry: DateTimeDraft;
  readonly setExpiry: (d: DateTimeDraft) => void;
  readonly quota: QuotaInput;
  readonly setQuota: (q: QuotaInput) => void;
  /** Why the expiry as typed cannot be sent; null until a submit finds one. */
  readonly problem: DraftProblem | null;
  /** The params to send, or null (the problem shown under the field) when the expiry is bad. */
  readonly params: (now: number) => LifecycleParams | null;
}

/**
 * On creation an empty expiry or quota is left out, so the owner's defaults
 * for new peers apply (main fills them); on edit empty means none, sent.
 */
export function usePeerLifecycle(existing: PeerView | undefined): PeerLifecycle {
  const { hour12 } = dateTimeShape(useFormatters().locale);
  const [expiry, setExpiry] = useState(() => draftOf(existing?.expiresAt ?? null, hour12));
  const [quota, setQuota] = useState(() =>
    quotaInput(
      existing?.quotaBytes ?? null,
      existing?.quotaPeriod ?? 'month',
      existing?.quotaResetDay ?? 1,
    ),
  );
  const [problem, setProblem] = useState<DraftProblem | null>(null);
  const params = (now: number): LifecycleParams | null => {
    const v = readExpiry(expiry, hour12, now, existing?.expiresAt ?? null);
    setProblem(v.kind === 'bad' ? v.problem : null);
    if (v.kind === 'bad') return null;
    const creating = existing === undefined;
    const out: LifecycleParams = {};
    if (v.kind === 'at') out.expiresAt = v.ms;
    else if (!creating) out.expiresAt = null;
    const bytes = quotaBytesOf(quota);
    if (bytes === null && creating) return out;
    out.quotaBytes = bytes;
    out.quotaPeriod = quota.period;
    const day = resetDayOf(quota);
    if (day !== undefined) out.quotaResetDay = day;
    return out;
  };
  return { expiry, setExpiry, quota, setQuota, problem, params };
}

export function PeerLifecycleFields({
  state,
  errors,
}: {
  state: PeerLifecycle;
  errors: Readonly<Record<string, string>>;
}): ReactNode {
  const { t } = useTranslation();
  return (
    <>
      <DateTimeField
        label={t('lifecycleWindow.expires')}
        hint={t('lifecycleWindow.expiresHint')}
        words={{
          empty: t('lifecycleWindow.never'),
          clear: t('lifecycleWindow.neverButton'),
          at: (time) => t('lifecycleWindow.readBack', { time }),
        }}
        error={
          state.problem === null
            ? errors['expiresAt']
            : t(`lifecycleWindow.problems.${state.problem}`)
        }
        value={state.expiry}
        onChange={state.setExpiry}
      />
      <QuotaFields
        label={t('lifecycleWindow.quota')}
        value={state.quota}
        onChange={state.setQuota}
        errors={{
          bytes: errors['quotaBytes'],
          period: errors['quotaPeriod'],
          resetDay: errors['quotaResetDay'],
        }}
      />
    </>
  );
}
