import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon';
import { DateTimeField } from '../../components/DateTimeField';
import { useFormatters } from '../../app/format';
import { timeBounds, type TimeRangeText } from '../../lib/csv';
import { dateTimeShape, NEVER } from '../../lib/date-time';

export const ANY_TIME: TimeRangeText = { since: NEVER, until: NEVER };

/** The range as a query's bounds, read with the app language's clock (12 or 24 hours). */
export function useTimeBounds(r: TimeRangeText): { since?: number; until?: number } {
  const { locale } = useFormatters();
  return timeBounds(r, dateTimeShape(locale).hour12);
}

/**
 * "From" and "to", in the viewer's time zone and the app's language (not the
 * browser's, as datetime-local inputs would: issue 15, point 4); either may
 * be left empty.
 */
export function TimeRangeFields({
  value,
  onChange,
}: {
  value: TimeRangeText;
  onChange: (r: TimeRangeText) => void;
}): ReactNode {
  const { t } = useTranslation();
  return (
    <>
      <DateTimeField
        label={t('logs.since')}
        hint={t('logs.timeHint')}
        words={{
          empty: t('logs.anyTime'),
          clear: t('logs.clearTime'),
          at: (time) => t('logs.sinceAt', { time }),
        }}
        value={value.since}
        onChange={(since) => onChange({ ...value, since })}
      />
      <DateTimeField
        label={t('logs.until')}
        hint={t('logs.timeHint')}
        words={{
          empty: t('logs.anyTime'),
          clear: t('logs.clearTime'),
          at: (time) => t('logs.untilAt', { time }),
        }}
        value={value.until}
        onChange={(until) => onChange({ ...value, until })}
      />
    </>
  );
}

/** The end of a log's filter bar: save what the filters select as CSV. */
export function ExportButton({
  label,
  onClick,
  disabled,
}: {
  /** Which log it saves, for a screen reader: the visible text is only "Export". */
  label: string;
  onClick: () => void;
  disabled?: boolean;
}): ReactNode {
  const { t } = useTranslation();
  return (
    <button
      type="button"
      className="filter-action"
      aria-label={label}
      onClick={onClick}
      disabled={disabled}
    >
      <Icon name="download" />
      {t('logs.export')}
    </button>
  );
}
