/** "laptop-{n}" with n: laptop-3; a pattern without {n} gets "-{n}" appended. */
export function nameAt(pattern: string, n: number): string {
  const p = pattern.includes('{n}') ? pattern : `${pattern}-{n}`;
  return p.replaceAll('{n}', String(n));
}

/** "laptop-{n}" → laptop-1, laptop-2…: the names a bulk create gives (main and the form's preview). */
export function namesFromPattern(pattern: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => nameAt(pattern, i + 1));
}
