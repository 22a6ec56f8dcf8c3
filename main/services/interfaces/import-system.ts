import type { RunningInterfaceView, SystemConfView } from '../../../shared/contract';
import { AppError, isAppError } from '../../../shared/errors';
import { parseInterfaceName, type Endpoint, type InterfaceName } from '../../../shared/validate';
import type { Host, SystemConfig } from '../../host/host';
import { redactKeys } from '../../host/redact';
import type { Caller } from '../context';
import type { ServiceContext } from '../context';
import { readServerConf } from './conf-file';
import type { ImportedConf, ImportService } from './import';

/**
 * The wg-quick files of the machine's /etc/wireguard, which only root can
 * read: the host reads them (the privileged helper, on the desktop), this
 * lists them without a byte of their text, and imports one through exactly
 * the path of a picked file (ImportService.importConf: same warnings, same
 * refusal to change a running interface).
 */
export class SystemConfService {
  readonly #ctx: ServiceContext;
  readonly #imports: ImportService;

  constructor(ctx: ServiceContext, imports: ImportService) {
    this.#ctx = ctx;
    this.#imports = imports;
  }

  /** Each file, by name: is it managed already, is it running, how many peers, what is wrong with it. */
  async list(): Promise<SystemConfView[]> {
    const { host, store, hostId } = this.#ctx;
    const out: SystemConfView[] = [];
    // One at a time: linkState runs `ip`, and a directory can hold up to 256 files.
    for (const conf of await systemConfigs(host)) {
      const summary = summarise(conf.text);
      out.push({
        name: conf.name,
        managed: store.interfaces.getByName(hostId, conf.name) !== undefined,
        running: (await host.linkState(conf.name)).exists,
        ...summary,
      });
    }
    return out;
  }

  /**
   * The WireGuard interfaces running now, by name, for the import dialog's
   * "running interface" choice; no key leaves the host. Only those with a
   * link here: wireguard-go's control sockets are not per network namespace,
   * so `wg show all` also lists userspace interfaces of other namespaces,
   * which importRunning could not adopt.
   */
  async running(): Promise<RunningInterfaceView[]> {
    const { host, store, hostId } = this.#ctx;
    const out: RunningInterfaceView[] = [];
    // One at a time, like list(): each linkState runs `ip`.
    for (const i of (await host.readDump()).values()) {
      if (!(await host.linkState(i.name)).exists) continue;
      out.push({
        name: i.name,
        managed: store.interfaces.getByName(hostId, i.name) !== undefined,
        listenPort: i.listenPort === 0 ? null : i.listenPort,
        peers: i.peers.length,
      });
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** `NAME.conf` as the new server NAME: wg-quick's name for it, so a running one is adopted. */
  async import(
    name: InterfaceName,
    publicEndpoint: Endpoint | null,
    caller: Caller,
  ): Promise<ImportedConf> {
    const conf = (await systemConfigs(this.#ctx.host)).find((c) => c.name === name);
    if (conf === undefined) {
      throw new AppError(
        'NotFound',
        `there is no readable ${name}.conf in the WireGuard configuration directory`,
        'name',
      );
    }
    return this.#imports.importConf(name, conf.text, caller, { publicEndpoint, source: 'system' });
  }
}

async function systemConfigs(host: Host): Promise<readonly SystemConfig[]> {
  if (host.readSystemConfigs === undefined) {
    throw new AppError('Incompatible', 'this host cannot read its wg-quick files');
  }
  // The helper's answer is trusted for its shape, not for names that end up in
  // the database and in commands: those are checked again, as everywhere.
  return (await host.readSystemConfigs()).filter((c) => parseInterfaceName(c.name, 'name').ok);
}

/** What the list says of a file: its peer count, or why importing it would be refused. */
function summarise(text: string): Pick<SystemConfView, 'peers' | 'problem'> {
  try {
    return { peers: readServerConf(text).config.peers.length, problem: null };
  } catch (e) {
    if (!isAppError(e)) throw e;
    // Parse errors already hide key-like text; this holds even if one did not.
    // The message names the params field ("text: …"), which means nothing in a list of files.
    const message = e.field !== undefined ? e.message.replace(`${e.field}: `, '') : e.message;
    return { peers: 0, problem: redactKeys(message) };
  }
}
