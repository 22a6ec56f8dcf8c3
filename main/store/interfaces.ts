import { AppError } from '../../shared/errors';
import type { InterfaceName, WgKey } from '../../shared/validate/index';
import { interfacePrivateKeyAad } from './aad';
import { merge, rowId } from './codec';
import type { Db } from './db';
import { writing } from './errors';
import { DEFAULTS, settingsParams, statements, toRecord, type Statements } from './interface-rows';
import { open, seal, type DataKey } from './seal';
import type {
  HostId,
  InterfaceId,
  InterfacePatch,
  InterfaceRecord,
  InterfaceSettings,
  NewInterface,
} from './types';

/** WireGuard interfaces, one row per interface per host. */
export class InterfaceRepo {
  readonly #db: Db;
  readonly #key: DataKey;
  readonly #now: () => number;
  readonly #stmt: Statements;

  constructor(db: Db, key: DataKey, now: () => number) {
    this.#db = db;
    this.#key = key;
    this.#now = now;
    this.#stmt = statements(db);
  }

  insert(input: NewInterface): InterfaceRecord {
    // settingsParams picks the settings columns; the keys in `input` go only where sealed.
    const settings = merge<InterfaceSettings>({ ...DEFAULTS, name: input.name }, input);
    const sealed = seal(
      this.#key,
      interfacePrivateKeyAad(input.hostId, input.name),
      input.privateKey,
    );
    const result = writing(
      () =>
        this.#stmt.insert.run({
          ...settingsParams(settings, this.#now()),
          host_id: input.hostId,
          public_key: input.publicKey,
          sealed,
        }),
      {
        unique: `host ${input.hostId} already has an interface named ${input.name}`,
        foreignKey: `host ${input.hostId} does not exist`,
      },
    );
    return this.require(rowId(result.lastInsertRowid) as InterfaceId);
  }

  getById(id: InterfaceId): InterfaceRecord | undefined {
    const row = this.#stmt.getById.get(id);
    return row && toRecord(row);
  }

  getByName(hostId: HostId, name: InterfaceName): InterfaceRecord | undefined {
    const row = this.#stmt.getByName.get(hostId, name);
    return row && toRecord(row);
  }

  /** Every interface, or those of one host; by name. */
  list(hostId?: HostId): InterfaceRecord[] {
    const rows =
      hostId === undefined ? this.#stmt.listAll.all() : this.#stmt.listByHost.all(hostId);
    return rows.map(toRecord);
  }

  update(id: InterfaceId, patch: InterfacePatch): InterfaceRecord {
    const run = this.#db.transaction(() => {
      const current = this.require(id);
      const next = merge<InterfaceSettings>(current, patch);
      const now = this.#now();
      // Opened before the rename: the AAD of the stored blob has the old name.
      const privateKey = next.name === current.name ? undefined : this.#open(id);
      writing(() => this.#stmt.updateSettings.run({ ...settingsParams(next, now), id }), {
        unique: `host ${current.hostId} already has an interface named ${next.name}`,
      });
      if (privateKey !== undefined) {
        // The AAD names the interface, so the sealed key moves with the name.
        const sealed = seal(
          this.#key,
          interfacePrivateKeyAad(current.hostId, next.name),
          privateKey,
        );
        this.#stmt.updateKeys.run(current.publicKey, sealed, now, id);
      }
      return this.require(id);
    });
    return run.immediate();
  }

  /** Key rotation: the new pair replaces the old one together. */
  replaceKeys(id: InterfaceId, privateKey: WgKey, publicKey: WgKey): InterfaceRecord {
    const run = this.#db.transaction(() => {
      const current = this.require(id);
      const sealed = seal(
        this.#key,
        interfacePrivateKeyAad(current.hostId, current.name),
        privateKey,
      );
      this.#stmt.updateKeys.run(publicKey, sealed, this.#now(), id);
      return this.require(id);
    });
    return run.immediate();
  }

  /** Deletes the interface and, by cascade, its peers, their logs and samples, and its rules. */
  delete(id: InterfaceId): void {
    if (this.#stmt.delete.run(id).changes === 0) throw notFound(id);
  }

  /** The private key in clear, for writing the interface's config. Never for lists or logs. */
  revealPrivateKey(id: InterfaceId): WgKey {
    return this.#open(id);
  }

  require(id: InterfaceId): InterfaceRecord {
    const found = this.getById(id);
    if (!found) throw notFound(id);
    return found;
  }

  #open(id: InterfaceId): WgKey {
    const row = this.#stmt.sealed.get(id);
    if (!row) throw notFound(id);
    const aad = interfacePrivateKeyAad(row.host_id as HostId, row.name as InterfaceName);
    return open(this.#key, aad, row.sealed) as WgKey;
  }
}

function notFound(id: InterfaceId): AppError {
  return new AppError('NotFound', `interface ${id} does not exist`);
}
