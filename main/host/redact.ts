const KEY_LIKE = /[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=/g;

/** Keys never appear in errors, even public ones: the message can't tell them apart. */
export function redactKeys(text: string): string {
  return text.replace(KEY_LIKE, '(key)');
}

/** What an error message quotes of a failed command's stderr: its first lines, keys hidden. */
export function stderrSummary(stderr: string): string {
  return redactKeys(stderr.trim().split('\n').slice(0, 3).join(' / '));
}

/**
 * `wg show … dump` prints the private key and PSKs. Bytes, unlike a string,
 * can be wiped once parsed (the socket's answer is, see uapi-answer.ts
 * secretsIn); the parse copies out what it keeps.
 */
export function wipedAfter<T>(dump: Buffer, parse: (dump: Buffer) => T): T {
  try {
    return parse(dump);
  } finally {
    dump.fill(0);
  }
}
