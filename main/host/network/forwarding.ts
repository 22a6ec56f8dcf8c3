// IP forwarding, switched by root for the servers that need it. The value
// found before wgdesk first switched it on is kept in a root-owned file in
// root's runtime directory (never the database, which an admin's processes
// can write), and put back once no server needs forwarding any more. /run is
// emptied at boot, as the kernel's forwarding setting is: a saved value can
// never outlive the setting it describes.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { Runner } from '../exec';

export const DEFAULT_STATE_DIR = '/run/wgdesk';

const KEYS = { ipv4: 'net.ipv4.ip_forward', ipv6: 'net.ipv6.conf.all.forwarding' } as const;
type Family = keyof typeof KEYS;

/** Values the sysctls had before wgdesk switched them on; absent = wgdesk did not switch it. */
type Saved = Partial<Record<Family, '0' | '1'>>;

function readSaved(file: string): Saved {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  const raw: unknown = JSON.parse(text);
  const out: Saved = {};
  if (typeof raw === 'object' && raw !== null) {
    for (const f of ['ipv4', 'ipv6'] as const) {
      const v = (raw as Record<string, unknown>)[f];
      if (v === '0' || v === '1') out[f] = v;
    }
  }
  return out;
}

async function read(runner: Runner, family: Family): Promise<'0' | '1'> {
  const { stdout } = await runner.run({ tool: 'sysctl', args: ['-n', KEYS[family]] });
  const v = stdout.trim();
  if (v !== '0' && v !== '1') throw new AppError('CommandFailed', `${KEYS[family]} reads "${v}"`);
  return v;
}

async function write(runner: Runner, family: Family, value: '0' | '1'): Promise<void> {
  await runner.run({ tool: 'sysctl', args: ['-w', `${KEYS[family]}=${value}`] });
}

/**
 * Makes forwarding on where `wanted` says so; where it does not, puts back
 * what was there before wgdesk switched it on (and leaves alone what wgdesk
 * never touched: an admin's own forwarding stays on).
 */
export async function applyForwarding(
  runner: Runner,
  stateDir: string,
  wanted: Readonly<Record<Family, boolean>>,
): Promise<void> {
  const file = join(stateDir, 'forwarding.json');
  let saved = readSaved(file);
  for (const family of ['ipv4', 'ipv6'] as const) {
    const before = saved[family];
    if (wanted[family]) {
      const now = await read(runner, family);
      if (now === '1') continue;
      if (before === undefined) {
        saved[family] = now;
        save(file, stateDir, saved);
      }
      await write(runner, family, '1');
    } else if (before !== undefined) {
      await write(runner, family, before);
      saved = without(saved, family);
      save(file, stateDir, saved);
    }
  }
}

/**
 * Forwarding as the last apply left it: the sysctls are read and written only
 * when what the servers need changes (and once after a start), not on every
 * apply of the table.
 */
export class Forwarding {
  #ensured: string | null = null;

  constructor(
    private readonly runner: Runner,
    private readonly stateDir: string,
  ) {}

  async apply(wanted: Readonly<Record<Family, boolean>>): Promise<void> {
    const key = JSON.stringify([wanted.ipv4, wanted.ipv6]);
    if (key === this.#ensured) return;
    this.#ensured = null;
    await applyForwarding(this.runner, this.stateDir, wanted);
    this.#ensured = key;
  }
}

function without(saved: Saved, family: Family): Saved {
  return Object.fromEntries(Object.entries(saved).filter(([k]) => k !== family)) as Saved;
}

function save(file: string, dir: string, saved: Saved): void {
  if (Object.keys(saved).length === 0) {
    rmSync(file, { force: true });
    return;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(file, `${JSON.stringify(saved)}\n`, { mode: 0o600 });
}
