// CSV for spreadsheets (RFC 4180): comma-separated fields, a CRLF after every
// record including the last, and a field quoted when it holds a comma, a quote
// or a line break, with its quotes doubled. Pure; main's connection log export
// and the renderer's audit export both write through it.

/** A field as callers hand it over: null is an empty field. */
export type CsvValue = string | number | null;

/**
 * One field. A string that starts with = + - @ (or a tab or CR) would run as a
 * formula in Excel or LibreOffice ("CSV injection", OWASP), and names, details
 * and endpoints can hold text an outsider chose; such a string gets a leading
 * apostrophe, even when it looks like a number ("-1"), because it is text.
 * A number is left as it is: only wgdesk writes those, and -1 must stay a number.
 */
export function csvCell(value: CsvValue): string {
  if (value === null) return '';
  const s = typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A header record, then one record per row. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [header, ...rows].map((r) => `${r.map(csvCell).join(',')}\r\n`).join('');
}
