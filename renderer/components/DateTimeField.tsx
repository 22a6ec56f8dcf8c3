import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../app/format';
import {
  dateTimeShape,
  formatLong,
  NEVER,
  readDraft,
  type DatePart,
  type DateTimeDraft,
} from '../lib/date-time';

/**
 * A date and time drawn by the app, in the app's language: its month names,
 * its order of day, month and year, its 12- or 24-hour clock (lib/date-time.ts).
 * <input type=datetime-local> would speak the browser's language instead
 * (issue 15, point 4). Empty is "never"; the line under the parts reads the
 * value back in words, so a day and month typed the wrong way round show.
 */
export function DateTimeField(props: {
  readonly label: string;
  readonly hint: string;
  /** What empty means here ("Never", "Any time"), the button that empties it, and the read-back. */
  readonly words: {
    readonly empty: string;
    readonly clear: string;
    readonly at: (time: string) => string;
  };
  readonly error?: string | undefined;
  readonly value: DateTimeDraft;
  readonly onChange: (next: DateTimeDraft) => void;
}): ReactNode {
  const { label, hint, words, error, value, onChange } = props;
  const { t } = useTranslation();
  const { locale } = useFormatters();
  const shape = dateTimeShape(locale);
  const id = useId();
  const set = (k: keyof DateTimeDraft) => (v: string) => onChange({ ...value, [k]: v });
  const read = readDraft(value, shape.hour12);
  const readBack =
    read.kind === 'never'
      ? words.empty
      : read.kind === 'at'
        ? words.at(formatLong(read.ms, locale))
        : null;
  const describedBy = [`${id}-hint`, error === undefined ? null : `${id}-error`]
    .filter((x) => x !== null)
    .join(' ');
  const invalid = error !== undefined;
  const part = (p: DatePart): ReactNode =>
    p === 'month' ? (
      <select
        key={p}
        aria-label={t('lifecycleWindow.month')}
        aria-invalid={invalid}
        value={value.month}
        onChange={(e) => set('month')(e.target.value)}
      >
        <option value="">{t('lifecycleWindow.chooseMonth')}</option>
        {shape.months.map((m, i) => (
          <option key={m} value={String(i + 1)}>
            {m}
          </option>
        ))}
      </select>
    ) : (
      <Part
        key={p}
        label={t(`lifecycleWindow.${p}`)}
        size={p === 'year' ? 4 : 2}
        invalid={invalid}
        value={value[p]}
        onChange={set(p)}
      />
    );
  return (
    <fieldset
      className={invalid ? 'field datetime invalid' : 'field datetime'}
      aria-describedby={describedBy}
    >
      <legend>{label}</legend>
      <div className="datetime-parts">
        {shape.order.map(part)}
        <span className="datetime-time">
          <Part
            label={t('lifecycleWindow.hour')}
            size={2}
            invalid={invalid}
            value={value.hour}
            onChange={set('hour')}
          />
          <span aria-hidden="true">:</span>
          <Part
            label={t('lifecycleWindow.minute')}
            size={2}
            invalid={invalid}
            value={value.minute}
            onChange={set('minute')}
          />
          {shape.hour12 && (
            <select
              aria-label={t('lifecycleWindow.dayPeriod')}
              value={value.pm ? 'pm' : 'am'}
              onChange={(e) => onChange({ ...value, pm: e.target.value === 'pm' })}
            >
              <option value="am">{shape.dayPeriods[0]}</option>
              <option value="pm">{shape.dayPeriods[1]}</option>
            </select>
          )}
        </span>
        <button type="button" className="small" onClick={() => onChange(NEVER)}>
          {words.clear}
        </button>
      </div>
      <p id={`${id}-hint`} className="hint">
        {readBack === null ? hint : `${readBack} · ${hint}`}
      </p>
      {error !== undefined && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** One number of the date or time, named for screen readers and tests by its part. */
function Part(props: {
  readonly label: string;
  readonly size: number;
  readonly invalid: boolean;
  readonly value: string;
  readonly onChange: (v: string) => void;
}): ReactNode {
  const { label, size, invalid, value, onChange } = props;
  return (
    <input
      aria-label={label}
      title={label}
      inputMode="numeric"
      spellCheck={false}
      size={size + 1}
      maxLength={size}
      aria-invalid={invalid}
      className={`datetime-${size === 4 ? 'year' : 'num'}`}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
