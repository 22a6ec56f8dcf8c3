// Applying wgdesk's table: one `nft -f` transaction, rendered here (root)
// from the validated ruleset, never from text a caller sent.
import { AppError } from '../../../shared/errors';
import { SECRET_FILE, type Runner } from '../exec';
import {
  renderRuleset,
  tableNames,
  TABLE,
  TABLE_SPEC,
  type Previous,
  type TableNames,
} from './render';
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

/** How long a detected uplink is trusted: rule edits in a row do not ask the routes again. */
export const UPLINK_TTL_MS = 10_000;

/**
 * Root's memory of its table between applies, so that an apply is one
 * `nft -f` and nothing more: the names the last apply left (the next one
 * flushes in place and counters keep their values, without reading them
 * first) and the uplink detected last. Unknown after a start or a failure:
 * that apply reads the counters and replaces the table whole.
 */
export class NftTable {
  #names: TableNames | null = null;
  #uplink: { readonly dev: string | null; readonly at: number } | null = null;

  constructor(
    private readonly runner: Runner,
    private readonly now: () => number = Date.now,
  ) {}

  async apply(ruleset: NetworkRuleset): Promise<NetworkApplied> {
    const detected = ruleset.servers.some((s) => s.uplink === null) ? await this.#detect() : null;
    const uplinks = ruleset.servers.map((s) => s.uplink ?? detected);
    const previous: Previous =
      this.#names === null
        ? { kept: new Map((await readCounters(this.runner)).map((c) => [c.rule, c])) }
        : { names: this.#names };
    this.#names = null;
    try {
      // The file goes through the runner's 0600 temporary file: nft reads it and
      // it is gone after the command (the text holds no secret, but argv is too small).
      await this.runner.run({
        tool: 'nft',
        args: ['-f', SECRET_FILE],
        secret: renderRuleset(ruleset.servers, uplinks, previous),
        timeoutMs: 60_000,
      });
    } catch (e) {
      // The route may be what nft refused (an uplink gone): ask again next time.
      this.#uplink = null;
      throw e;
    }
    this.#names = tableNames(ruleset.servers);
    this.runner.note(`[#] nft: ${TABLE_SPEC} holds ${ruleset.servers.length} servers`);
    return {
      uplinks: ruleset.servers.map((s, i) => ({ name: s.name, uplink: uplinks[i] ?? null })),
    };
  }

  async #detect(): Promise<string | null> {
    const t = this.now();
    const cached = this.#uplink;
    if (cached !== null && t - cached.at < UPLINK_TTL_MS && t >= cached.at) return cached.dev;
    const dev = await defaultUplink(this.runner);
    this.#uplink = { dev, at: t };
    return dev;
  }
}
