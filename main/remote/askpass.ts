// ssh asks for a password or a key passphrase through SSH_ASKPASS (forced by
// SSH_ASKPASS_REQUIRE=force: wgdesk has no terminal to lend it). The program
// it runs is a two-line sh script in a private directory that hands the
// prompt to wgdesk through one FIFO and prints what comes back through
// another, so the answer goes from the window to ssh in memory only: never in
// a file, an argument or the environment.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What ssh is asking for, from its prompt's words. */
export type PromptKind = 'password' | 'passphrase' | 'other';

export interface Prompt {
  readonly kind: PromptKind;
  /** ssh's own prompt ("Enter passphrase for key '/home/a/.ssh/id_ed25519': "). */
  readonly text: string;
}

/** A prompt ssh showed, and whether it got an answer (the answer itself is never kept). */
export interface Asked extends Prompt {
  answered: boolean;
}

/** Answers a prompt, or null to cancel (ssh then tries its next method, or fails). */
export type Ask = (prompt: Prompt) => Promise<string | null>;

export function promptKind(text: string): PromptKind {
  if (/passphrase/i.test(text)) return 'passphrase';
  if (/password/i.test(text)) return 'password';
  return 'other';
}

const SCRIPT = `#!/bin/sh
printf '%s\\n' "$1" | tr '\\n' ' ' > "$(dirname "$0")/prompt"
answer=$(cat "$(dirname "$0")/answer")
[ -n "$answer" ] || exit 1
printf '%s\\n' "$answer"
`;

export interface Askpass {
  /** The program for SSH_ASKPASS. */
  readonly program: string;
  /** Every prompt ssh showed, in order. */
  readonly asked: Asked[];
  close(): void;
}

/** A private askpass for one ssh process; close() removes it. */
export async function startAskpass(ask: Ask): Promise<Askpass> {
  const dir = mkdtempSync(join(tmpdir(), 'wgdesk-askpass-'));
  const program = join(dir, 'askpass');
  writeFileSync(program, SCRIPT, { mode: 0o700 });
  await run('mkfifo', ['-m', '0600', '--', join(dir, 'prompt'), join(dir, 'answer')]);
  const asked: Asked[] = [];
  let closed = false;
  const serve = async (): Promise<void> => {
    while (!closed) {
      // Opening a FIFO for reading waits for the script to open it for writing.
      const text = (await readFile(join(dir, 'prompt'), 'utf8')).trim();
      if (closed) return;
      const prompt: Asked = { kind: promptKind(text), text, answered: false };
      asked.push(prompt);
      const answer = (await ask(prompt).catch(() => null)) ?? '';
      prompt.answered = answer !== '';
      const fifo = await open(join(dir, 'answer'), 'w');
      try {
        await fifo.writeFile(`${answer.replace(/\n/g, '')}\n`);
      } finally {
        await fifo.close();
      }
    }
  };
  void serve().catch(() => undefined);
  return {
    program,
    asked,
    close() {
      if (closed) return;
      closed = true;
      // Unblock a read still waiting on the FIFO, then remove the directory.
      void open(join(dir, 'prompt'), 'w')
        .then((f) => f.close())
        .catch(() => undefined)
        .finally(() => rmSync(dir, { recursive: true, force: true }));
    },
  };
}
