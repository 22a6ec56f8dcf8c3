// Applying wgdesk's table: one `nft -f` transaction, rendered here (root)
// from the validated ruleset, never from text a caller sent.
import { AppError } from '../../../shared/errors';
import { SECRET_FILE, type Runner } from '../exec';
import { renderRuleset, TABLE, TABLE_SPEC, type Previous, type TableState } from './render';
import type { NetworkApplied, NetworkRuleset, RuleCounter } from './ruleset';

interface NftElem {
  elem?: { comment?: string; counter?: { packets?: number; bytes?: number } };
}

interface NftMap {
  map?: { table?: string; family?: string; elem?: unknown[] };
}

/** Our table's rule counters: the counters of each rule's map elements, added up; none without the table. */
export async function readCounters(runner: Runner): Promise<RuleCounter[]> {
  let stdout: string;
  try {
    ({ stdout } = await runner.run({
      tool: 'nft',
      args: ['-j', 'list', 'table', 'inet', TABLE],
    }));
  } catch (e) {
    // "No such file or directory": no server needs the table, so it is not there.
    if (e instanceof AppError && /No such file/.test(e.message)) return [];
    throw e;
  }
  const items = (JSON.parse(stdout) as { nftables?: NftMap[] }).nftables ?? [];
  const sums = new Map<number, RuleCounter>();
  for (const { map } of items) {
    if (map === undefined || map.table !== TABLE || map.family !== 'inet') continue;
    for (const pair of map.elem ?? []) {
      const e = (Array.isArray(pair) ? (pair[0] as NftElem) : undefined)?.elem;
      const m = /^r([0-9]+)$/.exec(e?.comment ?? '');
      if (e === undefined || m === null) continue;
      const rule = Number(m[1]);
      const was = sums.get(rule) ?? { rule, packets: 0, bytes: 0 };
      sums.set(rule, {
        rule,
        packets: was.packets + (e.counter?.packets ?? 0),
        bytes: was.bytes + (e.counter?.bytes ?? 0),
      });
    }
  }
  return [...sums.values()];
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
 * `nft -f` and nothing more: what the last apply left (the next one flushes
 * rules in place and sends only the map elements that changed, so the others
 * keep their counters) and the uplink detected last. Unknown after a start,
 * or when that small transaction is refused (the table was changed behind
 * us): then the counters are read and the table is replaced whole.
 */
export class NftTable {
  #state: TableState | null = null;
  #uplink: { readonly dev: string | null; readonly at: number } | null = null;

  constructor(
    private readonly runner: Runner,
    private readonly now: () => number = Date.now,
  ) {}

  async apply(ruleset: NetworkRuleset): Promise<NetworkApplied> {
    const detected = ruleset.servers.some((s) => s.uplink === null) ? await this.#detect() : null;
    const uplinks = ruleset.servers.map((s) => s.uplink ?? detected);
    const state = this.#state;
    this.#state = null;
    try {
      this.#state = await this.#run(
        ruleset,
        uplinks,
        state === null ? await this.#kept() : { state },
      );
    } catch (e) {
      if (state === null) {
        // The route may be what nft refused (an uplink gone): ask again next time.
        this.#uplink = null;
        throw e;
      }
      return this.apply(ruleset);
    }
    this.runner.note(`[#] nft: ${TABLE_SPEC} holds ${ruleset.servers.length} servers`);
    return {
      uplinks: ruleset.servers.map((s, i) => ({ name: s.name, uplink: uplinks[i] ?? null })),
    };
  }

  async #kept(): Promise<Previous> {
    return { kept: new Map((await readCounters(this.runner)).map((c) => [c.rule, c])) };
  }

  async #run(
    ruleset: NetworkRuleset,
    uplinks: readonly (string | null)[],
    previous: Previous,
  ): Promise<TableState> {
    const { text, state } = renderRuleset(ruleset.servers, uplinks, previous);
    // The file goes through the runner's 0600 temporary file: nft reads it and
    // it is gone after the command (the text holds no secret, but argv is too small).
    await this.runner.run({
      tool: 'nft',
      args: ['-f', SECRET_FILE],
      secret: text,
      timeoutMs: 60_000,
    });
    return state;
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
