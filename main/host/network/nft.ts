// Applying wgdesk's table: one `nft -f` transaction, rendered here (root)
// from the validated ruleset, never from text a caller sent.
import { AppError } from '../../../shared/errors';
import { SECRET_FILE, type Runner } from '../exec';
import { renderRuleset, TABLE, TABLE_SPEC } from './render';
import type { NetworkApplied, NetworkRuleset, RuleCounter } from './ruleset';

interface NftCounter {
  counter?: { table?: string; family?: string; name?: string; packets?: number; bytes?: number };
}

/** Our table's named counters (r<rule id>); none when the table does not exist. */
export async function readCounters(runner: Runner): Promise<RuleCounter[]> {
  let stdout: string;
  try {
    ({ stdout } = await runner.run({
      tool: 'nft',
      args: ['-j', 'list', 'counters', 'table', 'inet', TABLE],
    }));
  } catch (e) {
    // "No such file or directory": no server needs the table, so it is not there.
    if (e instanceof AppError && /No such file/.test(e.message)) return [];
    throw e;
  }
  const items = (JSON.parse(stdout) as { nftables?: NftCounter[] }).nftables ?? [];
  const out: RuleCounter[] = [];
  for (const { counter: c } of items) {
    const m = /^r([0-9]+)$/.exec(c?.name ?? '');
    if (c === undefined || m === null || c.table !== TABLE || c.family !== 'inet') continue;
    out.push({ rule: Number(m[1]), packets: c.packets ?? 0, bytes: c.bytes ?? 0 });
  }
  return out;
}

/** The device of the default route, as masquerading's uplink; null when there is none. */
export async function defaultUplink(runner: Runner): Promise<string | null> {
  const { stdout } = await runner.run({
    tool: 'ip',
    args: ['-j', '-4', 'route', 'show', 'default'],
  });
  const routes = stdout.trim() === '' ? [] : (JSON.parse(stdout) as { dev?: string }[]);
  return routes.find((r) => r.dev !== undefined)?.dev ?? null;
}

export async function applyTable(runner: Runner, ruleset: NetworkRuleset): Promise<NetworkApplied> {
  const detected = ruleset.servers.some((s) => s.uplink === null)
    ? await defaultUplink(runner)
    : null;
  const uplinks = ruleset.servers.map((s) => s.uplink ?? detected);
  const kept = new Map((await readCounters(runner)).map((c) => [c.rule, c]));
  // The file goes through the runner's 0600 temporary file: nft reads it and
  // it is gone after the command (the text holds no secret, but argv is too small).
  await runner.run({
    tool: 'nft',
    args: ['-f', SECRET_FILE],
    secret: renderRuleset(ruleset.servers, uplinks, kept),
    timeoutMs: 60_000,
  });
  runner.note(`[#] nft: ${TABLE_SPEC} holds ${ruleset.servers.length} servers`);
  return { uplinks: ruleset.servers.map((s, i) => ({ name: s.name, uplink: uplinks[i] ?? null })) };
}
