// `wgdesk backup` and `wgdesk restore`: the passphrase comes on stdin (from a
// password manager, a file, or typed), never on the command line, which
// every local user can read in /proc/PID/cmdline.
import { createInterface } from 'node:readline';
import { text } from 'node:stream/consumers';
import { AppError } from '../../shared/errors';
import { servicePidIn } from '../runtime';
import { restoreInto } from '../services/backup/restore';
import { KeyFileSource } from '../store';
import { callParsed } from './api';
import { dataDirFrom } from './data-dir';
import { EXIT_OK } from './exit-codes';
import { fail, printJson, type Outcome } from './output';

export const BACKUP_USAGE = `  wgdesk backup [--data-dir DIR] [--scheduled]
      a backup of everything into DIR/backups, sealed with the passphrase read from stdin
      (--scheduled: with the backup schedule's passphrase, nothing read)
  wgdesk restore FILE --data-dir DIR
      restores FILE into DIR, which must have no database yet (a fresh install); secrets are
      re-sealed with DIR's own data key; the passphrase is read from stdin; the next start
      of wgdesk on DIR pushes every server and peer to the kernel
`;

/** The first line of stdin; on a terminal it is asked for without echo. */
async function readPassphrase(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) return (await text(process.stdin)).split(/\r?\n/)[0] ?? '';
  process.stderr.write(prompt);
  const rl = createInterface({ input: process.stdin, terminal: true });
  // readline echoes through its output; with none, nothing typed is shown.
  const line = await new Promise<string>((resolve) => rl.once('line', resolve));
  rl.close();
  process.stderr.write('\n');
  return line;
}

export async function backupCommand(
  dataDir: string | undefined,
  scheduled: boolean,
): Promise<Outcome> {
  const params = scheduled ? {} : { passphrase: await readPassphrase('backup passphrase: ') };
  return callParsed('backup.create', params, dataDir);
}

export async function restoreCommand(file: string, dataDir: string | undefined): Promise<Outcome> {
  if (dataDir === undefined) {
    return fail(new AppError('InvalidInput', 'restore needs --data-dir DIR', 'dataDir').toWire());
  }
  const dir = dataDirFrom(dataDir);
  try {
    if (servicePidIn(dir) !== null) {
      throw new AppError('Conflict', `the wgdesk service runs on ${dir}: stop it first`, 'dataDir');
    }
    const passphrase = await readPassphrase('backup passphrase: ');
    const outcome = await restoreInto({
      file,
      passphrase,
      dataDir: dir,
      keySource: new KeyFileSource(dir),
    });
    printJson(outcome);
    return { exitCode: EXIT_OK };
  } catch (e) {
    if (e instanceof AppError) return fail(e.toWire());
    throw e;
  }
}
