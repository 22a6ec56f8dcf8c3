// Restoring a backup into the running engine (the window's "Restore"), not
// only into an empty data directory (restore.ts, the CLI). The order is what
// makes it safe: the file and passphrase are checked first (a wrong one or a
// tampered file stops here, nothing touched); the copy is migrated and
// re-sealed under this engine's data key beside the live database; then,
// while no kernel change of any server runs, every row is replaced in one
// transaction (store/replace.ts); last the kernel is brought in line the way
// a start does it (interfaces/startup.ts), and servers the backup does not
// have lose their link.
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataKey } from '../../store';
import type { Caller, ServiceContext } from '../context';
import type { StartupOutcome } from '../interfaces/startup';
import { openBackup } from './format';
import { resealInto, type RestoreOutcome } from './restore';

export interface LiveRestoreDeps {
  readonly ctx: ServiceContext;
  readonly dataDir: string;
  readonly dataKey: DataKey;
  /** Brings every server in line with the rows, as at a start. */
  readonly startup: (caller: Caller) => Promise<StartupOutcome[]>;
}

export interface LiveRestoreOutcome extends RestoreOutcome {
  readonly servers: readonly StartupOutcome[];
  /** Servers that were running here and are not in the backup: their links were removed. */
  readonly removed: readonly string[];
}

export async function restoreLive(
  deps: LiveRestoreDeps,
  file: Buffer,
  passphrase: string,
  caller: Caller,
): Promise<LiveRestoreOutcome> {
  const { ctx } = deps;
  const contents = await openBackup(file, passphrase);
  const before = ctx.store.interfaces.list(ctx.hostId);
  const tmpDir = await mkdtemp(join(deps.dataDir, '.restore-'));
  let outcome: RestoreOutcome;
  try {
    const copy = join(tmpDir, 'wgdesk.db');
    writeFileSync(copy, contents.database, { mode: 0o600, flag: 'wx' });
    // openDatabase (inside) migrates a backup of an older schema to this one.
    outcome = resealInto(copy, contents, deps.dataKey, ctx.now, caller.actor);
    // The safe point: no server is between a row write and its kernel step.
    await ctx.kernel.change(
      before.map((i) => i.id),
      async () => ctx.store.replaceFrom(copy),
    );
  } finally {
    await rm(tmpDir, { recursive: true, force: true });
  }
  const kept = new Set(ctx.store.interfaces.list(ctx.hostId).map((i) => i.name));
  const removed: string[] = [];
  for (const gone of before.filter((i) => !kept.has(i.name))) {
    if (!(await ctx.host.linkState(gone.name)).exists) continue;
    await ctx.host.deleteInterface(gone.name);
    removed.push(gone.name);
  }
  // The firewall table of the servers before is not the restored one's.
  await ctx.kernel.network.apply(true);
  const servers = await deps.startup(caller);
  for (const what of ['interfaces', 'peers', 'users', 'network', 'openvpn', 'logs'] as const) {
    ctx.events('state.changed', { what });
  }
  return { ...outcome, servers, removed };
}
