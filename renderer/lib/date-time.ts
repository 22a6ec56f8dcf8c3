// A date and time as the app's own field shows it (issue 12 expiry, issue 15
// point 4): the words and the order come from Intl with the APP's locale, not
// the browser's, which is what <input type=datetime-local> would follow. The
// time is the viewer's local time, as every other time the window shows.
// Pure, so it is tested in Node.

import { cachedIntl } from './format';

export type DatePart = 'day' | 'month' | 'year';

/** How one language writes a date and a time. */
export interface DateTimeShape {
  /** Day, month and year in the order the language writes them. */
  readonly order: readonly DatePart[];
  /** January first, in the language's words. */
  readonly months: readonly string[];
  /** Hours run 1–12 with a day period (AM/PM), not 0–23. */
  readonly hour12: boolean;
  /** The language's words for the morning and afternoon day periods. */
  readonly dayPeriods: readonly [string, string];
}

const shapes = new Map<string, DateTimeShape>();

export function dateTimeShape(locale: string): DateTimeShape {
  const cached = shapes.get(locale);
  if (cached !== undefined) return cached;
  const utc = { timeZone: 'UTC' } as const;
  const monthName = new Intl.DateTimeFormat(locale, { ...utc, month: 'long' });
  const months = Array.from({ length: 12 }, (_, m) => monthName.format(Date.UTC(2001, m, 15)));
  const order = new Intl.DateTimeFormat(locale, {
    ...utc,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  })
    .formatToParts(Date.UTC(2001, 0, 15))
    .map((p) => p.type)
    .filter((t): t is DatePart => t === 'day' || t === 'month' || t === 'year');
  const hour12 = new Intl.DateTimeFormat(locale, { hour: 'numeric' }).resolvedOptions().hour12;
  const period = new Intl.DateTimeFormat(locale, { ...utc, hour: 'numeric', hour12: true });
  const periodAt = (h: number): string =>
    period.formatToParts(Date.UTC(2001, 0, 15, h)).find((p) => p.type === 'dayPeriod')?.value ?? '';
  const shape: DateTimeShape = {
    order,
    months,
    hour12: hour12 === true,
    dayPeriods: [periodAt(9), periodAt(21)],
  };
  shapes.set(locale, shape);
  return shape;
}

/** The field as typed: text per part (month '1'–'12'), all empty for "never". */
export interface DateTimeDraft {
  readonly day: string;
  readonly month: string;
  readonly year: string;
  readonly hour: string;
  readonly minute: string;
  /** With a 12-hour clock: the afternoon day period. */
  readonly pm: boolean;
}

export const NEVER: DateTimeDraft = {
  day: '',
  month: '',
  year: '',
  hour: '',
  minute: '',
  pm: false,
};

/** A stored time (null: never) as the field starts with it, in the viewer's time zone. */
export function draftOf(ms: number | null, hour12: boolean): DateTimeDraft {
  if (ms === null) return NEVER;
  const d = new Date(ms);
  const h = d.getHours();
  return {
    day: String(d.getDate()),
    month: String(d.getMonth() + 1),
    year: String(d.getFullYear()),
    hour: String(hour12 ? ((h + 11) % 12) + 1 : h),
    minute: String(d.getMinutes()).padStart(2, '0'),
    pm: h >= 12,
  };
}

export type DraftProblem = 'incomplete' | 'invalid' | 'past';

export type DraftValue =
  | { readonly kind: 'never' }
  | { readonly kind: 'at'; readonly ms: number }
  | { readonly kind: 'bad'; readonly problem: DraftProblem };

const whole = (text: string, min: number, max: number): number | null => {
  const s = text.trim();
  if (!/^\d+$/.test(s)) return null;
  const n = Number(s);
  return n >= min && n <= max ? n : null;
};

/** The hour of the day (0–23) the admin typed, or null when it is not one. */
function hourOf(d: DateTimeDraft, hour12: boolean): number | null {
  if (d.hour.trim() === '') return 0;
  if (!hour12) return whole(d.hour, 0, 23);
  const h = whole(d.hour, 1, 12);
  return h === null ? null : (h % 12) + (d.pm ? 12 : 0);
}

/**
 * What the draft means. All empty is never; a date without a time is that
 * day's start. A date that does not exist (31 April, or a local time skipped
 * by a clock change) is invalid rather than silently moved.
 */
export function readDraft(d: DateTimeDraft, hour12: boolean): DraftValue {
  const parts = [d.day, d.month, d.year, d.hour, d.minute];
  if (parts.every((p) => p.trim() === '')) return { kind: 'never' };
  if ([d.day, d.month, d.year].some((p) => p.trim() === ''))
    return { kind: 'bad', problem: 'incomplete' };
  const day = whole(d.day, 1, 31);
  const month = whole(d.month, 1, 12);
  const year = whole(d.year, 1970, 9999);
  const hour = hourOf(d, hour12);
  const minute = d.minute.trim() === '' ? 0 : whole(d.minute, 0, 59);
  if (day === null || month === null || year === null || hour === null || minute === null)
    return { kind: 'bad', problem: 'invalid' };
  const at = new Date(year, month - 1, day, hour, minute);
  const same =
    at.getDate() === day &&
    at.getMonth() === month - 1 &&
    at.getHours() === hour &&
    at.getMinutes() === minute;
  return same ? { kind: 'at', ms: at.getTime() } : { kind: 'bad', problem: 'invalid' };
}

/**
 * An expiry to send: a time in the past is refused, except the one already
 * stored (an expired peer can still be edited without moving its expiry).
 */
export function readExpiry(
  d: DateTimeDraft,
  hour12: boolean,
  now: number,
  stored: number | null,
): DraftValue {
  const v = readDraft(d, hour12);
  if (v.kind === 'at' && v.ms <= now && v.ms !== stored) return { kind: 'bad', problem: 'past' };
  return v;
}

/** "5 déc. 2026", "Dec 5, 2026": short enough for a table cell, month in words. */
export function formatDay(ms: number, locale: string): string {
  return cachedIntl(`day|${locale}`, () =>
    Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric' }),
  ).format(ms);
}

/** "samedi 5 décembre 2026 à 14:30": what the field reads back, so a misread order shows. */
export function formatLong(ms: number, locale: string): string {
  return cachedIntl(`long|${locale}`, () =>
    Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short' }),
  ).format(ms);
}
