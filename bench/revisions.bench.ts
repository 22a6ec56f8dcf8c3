/**
 * What revisions cost where it matters most: adding one peer to a server
 * with 10,000, with and without them, in the same run. Without = the
 * revision triggers dropped and nothing recorded; with = as shipped. Two
 * figures: the whole `peers.create` (call → in kernel, noisy: it waits on
 * `wg set`), and the database side alone (insert + record), where the extra
 * is what revisions add.
 */
import { unwrap } from '../shared/result';
import {
  parseConfText,
  parseInterfaceAddress,
  parseInterfaceName,
  parsePort,
} from '../shared/validate';
import type { Db, InterfaceId, Store } from '../main/store';
import { recordRevisions } from '../main/services/revisions/record';
import { generateKeyPairs } from '../main/wireguard';
import { Rig } from '../test/integration/rig';
import { stat, timed, type Row } from './measure';
import { bulkInput, openServices } from './servers-peers.bench';

const RUNS = 21;
const DB_RUNS = 301;
const ADMIN = { actor: 'bench' };

/** Drops the revision triggers; returns a function that puts them back. */
function withoutTriggers(db: Db): () => void {
  const triggers = db
    .prepare(
      "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'revision_%'",
    )
    .all() as { name: string; sql: string }[];
  if (triggers.length === 0) throw new Error('no revision triggers to drop');
  for (const t of triggers) db.exec(`DROP TRIGGER ${t.name}`);
  return () => {
    for (const t of triggers) db.exec(t.sql);
  };
}

/**
 * Inserts one peer row at a time, timed; with `record`, also times the
 * recording of its revision apart (the insert's own commit waits on the disk
 * and is noise here). Keys are made beforehand.
 */
async function dbSide(
  store: Store,
  id: InterfaceId,
  record: boolean,
  tag: string,
): Promise<{ insert: number[]; record: number[] }> {
  const keys = await generateKeyPairs(DB_RUNS);
  const out = { insert: [] as number[], record: [] as number[] };
  keys.forEach((k, i) => {
    const start = performance.now();
    const mark = store.revisions.auditMark();
    store.peers.insert({
      interfaceId: id,
      name: unwrap(parseConfText(`${tag} ${i}`)),
      type: 'client',
      tunnelMode: 'hub',
      publicKey: k.publicKey,
      privateKey: k.privateKey,
    });
    const inserted = performance.now();
    out.insert.push(inserted - start);
    if (!record) return;
    recordRevisions(store, id, mark);
    out.record.push(performance.now() - inserted);
  });
  return out;
}

export async function revisionsBench(log: (line: string) => void): Promise<Row[]> {
  const rig = new Rig();
  try {
    const ns = await rig.namespace('br');
    const { services, store, db: sqlite, close } = await openServices(rig, ns);
    try {
      const view = await services.interfaces.create(
        {
          name: unwrap(parseInterfaceName(rig.name('v0'))),
          up: true,
          listenPort: unwrap(parsePort(51990)),
          ipv4Address: unwrap(parseInterfaceAddress('10.153.0.1/16')),
        },
        ADMIN,
      );
      const id = view.id as InterfaceId;
      await services.bulk.create(bulkInput(id), ADMIN);
      const one = (tag: string) => async () => {
        const out: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          const input = { ...bulkInput(id), name: unwrap(parseConfText(`${tag} ${i}`)) };
          out.push(await timed(() => services.peers.create(input, ADMIN)));
        }
        return out;
      };
      const withRev = await one('with')();
      const dbWith = await dbSide(store, id, true, 'db with');
      const restore = withoutTriggers(sqlite);
      const without = await one('without')();
      const dbWithout = await dbSide(store, id, false, 'db without');
      restore();
      const rows = store.revisions.list(id).length;
      const call = { ours: stat('with revisions', withRev), raw: stat('without', without) };
      const insert = {
        ours: stat('with triggers', dbWith.insert),
        raw: stat('without', dbWithout.insert),
      };
      const recording = stat('recordRevisions', dbWith.record);
      log(`call: with ${call.ours.median.toFixed(2)} ms, without ${call.raw.median.toFixed(2)} ms`);
      log(
        `insert: with ${insert.ours.median.toFixed(3)}, without ${insert.raw.median.toFixed(3)} ms`,
      );
      log(`record one revision: ${recording.median.toFixed(3)} ms (${rows} revisions recorded)`);
      return [
        {
          what: 'add 1 peer to a 10k server: peers.create (call → in kernel)',
          ...call,
          goal: 'a figure (noisy)',
          met: null,
        },
        {
          what: 'add 1 peer to a 10k server: peer row insert (triggers copy its image)',
          ...insert,
          goal: 'a figure (fsync)',
          met: null,
        },
        {
          what: 'add 1 peer to a 10k server: recording its revision',
          ours: recording,
          raw: null,
          goal: '< 1 ms',
          met: recording.median < 1,
        },
      ];
    } finally {
      close();
    }
  } finally {
    await rig.cleanup();
  }
}
