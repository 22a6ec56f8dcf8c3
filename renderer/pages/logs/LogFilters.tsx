import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon';
import { TextField } from '../../components/Field';
import type { TimeRangeText } from '../../lib/csv';

export const ANY_TIME: TimeRangeText = { since: '', until: '' };

/** "Since" and "until", in the viewer's time zone; either may be left empty. */
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
      <TextField
        label={t('logs.since')}
        type="datetime-local"
        value={value.since}
        onChange={(since) => onChange({ ...value, since })}
      />
      <TextField
        label={t('logs.until')}
        type="datetime-local"
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
