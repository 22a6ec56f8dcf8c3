import { writeFile } from 'node:fs/promises';

/** A .conf or key file for a test's real wg/wg-quick to read: it holds a key, so 0600, as wg-quick insists. */
export async function writeSecretFile(path: string, text: string): Promise<void> {
  await writeFile(path, text, { mode: 0o600 });
}
