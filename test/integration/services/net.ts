import { sh, type Rig } from '../rig';

/**
 * A server namespace with a bridge at 192.0.2.1/24 (TEST-NET-1) that any
 * number of client namespaces join at 192.0.2.<n>: one public endpoint for
 * every client config, as on a real server. Everything lives inside the
 * rig's namespaces and goes away with them.
 */
export class Lan {
  readonly endpointAddress = '192.0.2.1';
  #next = 2;

  private constructor(
    readonly rig: Rig,
    readonly server: string,
    readonly bridge: string,
  ) {}

  static async create(rig: Rig, serverSuffix: string): Promise<Lan> {
    const server = await rig.namespace(serverSuffix);
    const bridge = `${server}br`;
    await rig.exec(server, 'ip', ['link', 'add', bridge, 'type', 'bridge']);
    await rig.exec(server, 'ip', ['address', 'add', '192.0.2.1/24', 'dev', bridge]);
    await rig.exec(server, 'ip', ['link', 'set', bridge, 'up']);
    return new Lan(rig, server, bridge);
  }

  /** A new client namespace on the bridge; returns its name. */
  async client(suffix: string): Promise<string> {
    const ns = await this.rig.namespace(suffix);
    const here = `${ns}a`;
    const there = `${ns}b`;
    await sh('ip', [
      'link',
      'add',
      here,
      'netns',
      this.server,
      'type',
      'veth',
      'peer',
      'name',
      there,
      'netns',
      ns,
    ]);
    await this.rig.exec(this.server, 'ip', ['link', 'set', here, 'master', this.bridge, 'up']);
    await this.rig.exec(ns, 'ip', ['address', 'add', `192.0.2.${this.#next++}/24`, 'dev', there]);
    await this.rig.exec(ns, 'ip', ['link', 'set', there, 'up']);
    return ns;
  }
}
