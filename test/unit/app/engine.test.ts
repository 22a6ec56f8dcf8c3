import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { chooseEngine, installArgv } from '../../../main/app/engine';
import { UnprivilegedHost } from '../../../main/host/unprivileged';
import { openRuntime } from '../../../main/runtime';
import { listenLocal } from '../../../main/service/local-api';
import { tempDir } from '../store/helpers';

test('no service: the window runs its own engine', async () => {
  assert.deepEqual(await chooseEngine(join(tempDir(), 'absent.sock')), { kind: 'window' });
});

test('a service answers: the window is its client, calls and events go through it', async () => {
  const dir = tempDir();
  const runtime = await openRuntime({
    dataDir: join(dir, 'data'),
    host: new UnprivilegedHost({}, 'no root here'),
    engine: 'service',
  });
  const socket = join(dir, 'run', 'wgdesk.sock');
  const api = await listenLocal({
    path: socket,
    router: runtime.router,
    events: runtime.events,
    log: () => undefined,
    version: 'test',
    secure: async () => undefined,
  });
  after(async () => {
    await api.close();
    await runtime.close();
  });
  const choice = await chooseEngine(socket);
  assert.equal(choice.kind, 'service');
  if (choice.kind !== 'service') return;
  const events: string[] = [];
  const unsubscribe = choice.link.subscribe((name) => events.push(name));
  const r = await choice.link.call('system.engine', {});
  assert.deepEqual(r.ok && r.value, { kind: 'service', version: '0.1.0', keepsWatch: true });
  runtime.events.emit('state.changed', { what: 'users' });
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepEqual(events, ['state.changed']);
  unsubscribe();
  await choice.link.close();
});

test('the install offer runs `wgdesk service install` as root through pkexec', () => {
  assert.deepEqual(installArgv('/opt/wgdesk/wgdesk', '/opt/wgdesk/cli.mjs'), [
    '/usr/bin/pkexec',
    '--disable-internal-agent',
    '/usr/bin/env',
    'ELECTRON_RUN_AS_NODE=1',
    '/opt/wgdesk/wgdesk',
    '/opt/wgdesk/cli.mjs',
    'service',
    'install',
  ]);
});
