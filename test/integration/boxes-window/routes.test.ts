/**
 * The window's routing layer (main/api/routes.ts + main/remote/desk.ts) as
 * `wgdesk serve --boxes` runs it: a real runtime for this machine, a real box
 * (sshd and the box's service in a namespace, test/integration/remote/box.ts),
 * and a WebSocket client speaking the browser's wire. Calls naming the box
 * land in the box's kernel; events come back tagged with the box; ssh's
 * password prompt goes to the window and back.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type WebSocket from 'ws';
import type { InterfaceView, PeerView } from '../../../shared/contract';
import type { BoxPrompt, BoxView } from '../../../shared/contract/boxes';
import type { WireError } from '../../../shared/errors';
import type { Result } from '../../../shared/result';
import type { ServerMessage } from '../../../shared/wire';
import { Runner } from '../../../main/host/exec';
import { LocalHost } from '../../../main/host/local';
import { locateTools } from '../../../main/host/tools';
import { Desk } from '../../../main/remote/desk';
import { openRuntime, type Runtime } from '../../../main/runtime';
import { newToken } from '../../../main/serve/guard';
import { startServer, type RunningServer } from '../../../main/serve/server';
import { formatBoxAddress } from '../../../shared/validate/box-address';
import { sh, useRig, waitFor } from '../rig';
import { connect } from '../serve-client';
import { createBox, type Box } from '../remote/box';

type Event = Extract<ServerMessage, { type: 'event' }>;

/** The browser's side of the wire, with the optional box of each call. */
class Window {
  #next = 1;
  readonly events: Event[] = [];
  readonly #pending = new Map<number, (r: Result<unknown, WireError>) => void>();

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data: WebSocket.RawData) => {
      const m = JSON.parse(String(data)) as ServerMessage;
      if (m.type === 'result') this.#pending.get(m.id)?.(m.result);
      else if (m.type === 'event') this.events.push(m);
    });
  }

  call(method: string, params: unknown, box?: number): Promise<Result<unknown, WireError>> {
    const id = this.#next++;
    return new Promise((resolve) => {
      this.#pending.set(id, resolve);
      this.ws.send(JSON.stringify({ type: 'call', id, method, params, box }));
    });
  }

  async value<T>(method: string, params: unknown, box?: number): Promise<T> {
    const r = await this.call(method, params, box);
    if (!r.ok) throw new Error(`${method}: ${r.error.kind} ${r.error.message}`);
    return r.value as T;
  }

  /** The latest event of this name from this source (undefined: this machine or the desk). */
  last(name: string, box?: number): Event | undefined {
    return this.events.filter((e) => e.name === name && e.box === box).pop();
  }
}

const rig = useRig();
let box: Box;
let runtime: Runtime;
let desk: Desk;
let server: RunningServer;
let win: Window;

before(async () => {
  box = await createBox(rig, 'wb');
  const ns = await rig.namespace('dk');
  const staticDir = join(rig.dir, 'dist');
  mkdirSync(staticDir, { recursive: true });
  runtime = await openRuntime({
    dataDir: join(rig.dir, 'data'),
    host: new LocalHost(new Runner({ tools: locateTools(), netns: ns })),
    live: false,
    log: () => undefined,
  });
  desk = new Desk({ dir: join(rig.dir, 'desk'), remoteCommand: box.bridgeCommand });
  const token = newToken();
  server = await startServer({
    router: runtime.router,
    events: runtime.events,
    staticDir,
    port: 0,
    log: () => undefined,
    token: () => token,
    desk,
  });
  const ws = await connect(server.port, { origin: server.origin, token });
  assert.ok(typeof ws !== 'number', `refused with ${String(ws)}`);
  win = new Window(ws);
});
after(async () => {
  win.ws.terminate();
  await server.close();
  await desk.close();
  await runtime.close();
  await box.cleanup();
});

test('add, confirm the fingerprint, answer the password: the box connects', async () => {
  const added = await win.value<BoxView>('boxes.add', { address: formatBoxAddress(box.address) });
  assert.equal(added.status, 'untrusted');
  // The fingerprint shown is the one ssh-keygen prints on the box for its host key.
  const keygen = await sh('ssh-keygen', ['-lf', join(box.sshDir, 'host_ed25519.pub')]);
  assert.equal(keygen.split(' ')[1], added.hostKey.fingerprint);
  await waitFor(() => win.last('boxes.changed') !== undefined, 5_000, 'the list pushed');

  await win.value('boxes.trustHostKey', { id: added.id, fingerprint: added.hostKey.fingerprint });
  // ssh asks for the password; the window sees the prompt and answers it.
  let prompt: BoxPrompt | undefined;
  await waitFor(
    () => {
      const e = win.last('boxes.prompts');
      prompt = (e?.payload as { prompts: BoxPrompt[] } | undefined)?.prompts[0];
      return prompt !== undefined;
    },
    20_000,
    'the password prompt in the window',
  );
  assert.equal(prompt?.kind, 'password');
  assert.equal(prompt?.box, added.id);
  await win.value('boxes.answer', { id: prompt?.id, answer: box.password });
  await waitFor(
    () => {
      const e = win.last('boxes.changed');
      const list = (e?.payload as { boxes: BoxView[] } | undefined)?.boxes ?? [];
      return list[0]?.status === 'connected';
    },
    30_000,
    'the box connected, pushed to the window',
  );
  // Answered: nothing is left waiting, and the password is in no event.
  assert.deepEqual(await win.value('boxes.prompts', {}), []);
  assert.ok(!JSON.stringify(win.events).includes(box.password));
});

test('a server and a peer made through the routed calls are in the box kernel; events come tagged', async () => {
  const [listed] = await win.value<BoxView[]>('boxes.list', {});
  assert.ok(listed);
  const id = listed.id;
  const ifname = rig.name('w0');
  const made = await win.value<InterfaceView>(
    'interfaces.create',
    { name: ifname, listenPort: 51991, ipv4Address: '10.151.0.1/24' },
    id,
  );
  const { peer } = await win.value<{ peer: PeerView }>(
    'peers.create',
    { interfaceId: made.id, name: 'routed laptop' },
    id,
  );
  const dump = await rig.exec(box.ns, 'wg', ['show', ifname, 'dump']);
  assert.ok(dump.includes(peer.publicKey), 'the peer is in the box namespace');
  await waitFor(
    () => win.last('state.changed', id) !== undefined,
    10_000,
    'the box’s state.changed, tagged with the box',
  );
  // This machine's engine has none of it: calls without a box are this machine's.
  const here = await win.value<InterfaceView[]>('interfaces.list', {});
  assert.ok(!here.some((i) => i.name === ifname));
  assert.ok(!win.events.some((e) => e.name === 'state.changed' && e.box === undefined));
  // boxes.* stays on the desktop: never forwarded to a box.
  const forwarded = await win.call('boxes.list', {}, id);
  assert.ok(!forwarded.ok && forwarded.error.kind === 'InvalidInput');
  const unknown = await win.call('interfaces.list', {}, id + 100);
  assert.ok(!unknown.ok && unknown.error.kind === 'NotFound');
});
