// Issue 12: a quota as an admin types it: megabytes (empty = none) per period,
// and for a monthly period the day it resets.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { QUOTA_PERIODS, type QuotaPeriod } from '../../../shared/domain';
import { TextField } from '../../components/Field';
import { SelectField } from '../../components/Select';

export interface QuotaInput {
  readonly mb: string;
  readonly period: QuotaPeriod;
  /** 1–28, as the contract allows (every month has those days); only sent for a monthly period. */
  readonly resetDay: string;
}

/** The days a monthly quota can reset on: the contract's 1–28. */
const RESET_DAYS = Array.from({ length: 28 }, (_, i) => String(i + 1));

/** What the form starts with for a stored quota. */
export function quotaInput(bytes: number | null, period: QuotaPeriod, resetDay = 1): QuotaInput {
  return {
    mb: bytes === null ? '' : String(bytes / 1_000_000),
    period,
    resetDay: String(resetDay),
  };
}

/** Bytes for the contract: null when empty; NaN (refused by the contract, named) when not a number. */
export function quotaBytesOf(q: QuotaInput): number | null {
  return q.mb.trim() === '' ? null : Math.round(Number(q.mb) * 1_000_000);
}

/** The reset day for the contract, only where a month is the period. */
export function resetDayOf(q: QuotaInput): number | undefined {
  return q.period === 'month' ? Number(q.resetDay) : undefined;
}

export function QuotaFields(props: {
  readonly label: string;
  readonly value: QuotaInput;
  readonly onChange: (next: QuotaInput) => void;
  readonly errors: {
    readonly bytes?: string | undefined;
    readonly period?: string | undefined;
    readonly resetDay?: string | undefined;
  };
}): ReactNode {
  const { t } = useTranslation();
  const { label, value, onChange, errors } = props;
  return (
    <div className={value.period === 'month' ? 'row3' : 'row2'}>
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
      {value.period === 'month' && (
        <SelectField
          label={t('lifecycleWindow.resetDay')}
          hint={t('lifecycleWindow.resetDayHint')}
          error={errors.resetDay}
          value={value.resetDay}
          options={RESET_DAYS.map((d) => ({ value: d, label: d }))}
          onChange={(resetDay) => onChange({ ...value, resetDay })}
        />
      )}
    </div>
  );
}
