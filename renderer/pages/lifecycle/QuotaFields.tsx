// Issue 12: a quota as an admin types it: megabytes (empty = none) per period.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { QUOTA_PERIODS, type QuotaPeriod } from '../../../shared/domain';
import { TextField } from '../../components/Field';
import { SelectField } from '../../components/Select';

export interface QuotaInput {
  readonly mb: string;
  readonly period: QuotaPeriod;
}

/** What the form starts with for a stored quota. */
export function quotaInput(bytes: number | null, period: QuotaPeriod): QuotaInput {
  return { mb: bytes === null ? '' : String(bytes / 1_000_000), period };
}

/** Bytes for the contract: null when empty; NaN (refused by the contract, named) when not a number. */
export function quotaBytesOf(q: QuotaInput): number | null {
  return q.mb.trim() === '' ? null : Math.round(Number(q.mb) * 1_000_000);
}

export function QuotaFields(props: {
  readonly label: string;
  readonly value: QuotaInput;
  readonly onChange: (next: QuotaInput) => void;
  readonly errors: { readonly bytes?: string | undefined; readonly period?: string | undefined };
}): ReactNode {
  const { t } = useTranslation();
  const { label, value, onChange, errors } = props;
  return (
    <div className="row2">
      <TextField
        label={label}
        hint={t('quotaUi.mbHint')}
        error={errors.bytes}
        value={value.mb}
        onChange={(mb) => onChange({ ...value, mb })}
        inputMode="decimal"
      />
      <SelectField
        label={t('quotaUi.period')}
        error={errors.period}
        value={value.period}
        options={QUOTA_PERIODS.map((p) => ({ value: p, label: t(`quotaUi.periods.${p}`) }))}
        onChange={(period) => onChange({ ...value, period })}
      />
    </div>
  );
}
