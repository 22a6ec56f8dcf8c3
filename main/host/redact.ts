const KEY_LIKE = /[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=/g;

/** Keys never appear in errors, even public ones: the message can't tell them apart. */
export function redactKeys(text: string): string {
  return text.replace(KEY_LIKE, '(key)');
}

/** What an error message quotes of a failed command's stderr: its first lines, keys hidden. */
export function stderrSummary(stderr: string): string {
  return redactKeys(stderr.trim().split('\n').slice(0, 3).join(' / '));
}
