import { chmod, writeFile } from 'node:fs/promises';

/** A .conf or key file for a test's real wg/wg-quick to read: it holds a key, so 0600, as wg-quick insists. */
export async function writeSecretFile(path: string, text: string): Promise<void> {
  await writeFile(path, text, { mode: 0o600 });
}

/**
 * Root's policy file (main/host/policy.ts) with scripts on or off: root's and
 * 0644, as it is installed, so the host trusts it. Returns its path.
 */
export async function writePolicy(path: string, scripts: 'on' | 'off'): Promise<string> {
  await writeFile(path, `# root's policy, written by a test\nscripts = ${scripts}\n`);
  // writeFile's mode applies only when it creates the file.
  await chmod(path, 0o644);
  return path;
}
