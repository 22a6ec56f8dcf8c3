// CSV for spreadsheets (RFC 4180). Pure, tested in Node.

/**
 * Quotes when needed, doubles quotes, and defuses formula injection: a cell
 * that starts with = + - @ (or a tab/CR) would run as a formula in Excel or
 * LibreOffice, and log details can contain text an outsider chose (a peer
 * name). Such cells get a leading apostrophe, as OWASP recommends.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number | null)[])[],
): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** A datetime-local input's value ("2025-01-31T14:05") as Unix ms in the viewer's zone; undefined when empty. */
export function parseLocalDateTime(value: string): number | undefined {
  if (value === '') return undefined;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? undefined : ms;
}
