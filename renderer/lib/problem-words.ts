// A refusal from main in the admin's language (issue 15, points 3 and 4): main
// sends the problem as a code and parameters (shared/problems.ts), worded here
// from the catalogue's `problems` block. A code this window does not know (a
// newer engine) keeps main's English message.
import type { TFunction } from 'i18next';
import { isProblemCode, type Problem } from '../../shared/problems';
import { formatDateTime } from './format';

/** Parameters that are instants (ISO text from main), shown as the language writes dates. */
const INSTANTS: ReadonlySet<string> = new Set(['at']);

/** A value of an imported file at fault: "line 7: AllowedIPs" (conf/reader.ts names its fields so). */
const LINE_KEY = /^line (\d+): (\w+)$/;

/**
 * `text` (what is wrong, worded) after where it is wrong, when the field is a
 * line of an imported file and the problem does not say its line itself: the
 * form shows it at its top, since no field of the form holds that line.
 */
export function placeWords(
  t: TFunction,
  field: string,
  p: Problem | undefined,
  text: string,
): string {
  const m = LINE_KEY.exec(field);
  if (m === null || (p !== undefined && isProblemCode(p.code) && 'line' in p.params)) return text;
  return t('importForm.atLine', { line: Number(m[1]), key: m[2], message: text });
}

export function problemWords(t: TFunction, locale: string, p: Problem | undefined): string | null {
  if (p === undefined || !isProblemCode(p.code)) return null;
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(p.params)) {
    const ms = INSTANTS.has(name) && typeof value === 'string' ? Date.parse(value) : NaN;
    params[name] = Number.isNaN(ms) ? value : formatDateTime(ms, locale);
  }
  return t(`problems.${p.code}`, params);
}
