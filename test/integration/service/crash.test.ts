/**
 * `kill -9` of the service in the middle of a bulk creation of 5,000 peers:
 * on restart the database and the kernel agree (drift shows nothing), and no
 * file holding a key or PSK is left anywhere the killed service wrote one.
 */
import assert from 'node:assert/strict';
import { readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { after, test } from 'node:test';
import type { DriftReport } from '../../../shared/contract';
import { isClean } from '../../../main/services/interfaces/drift-diff';
import { useRig, waitFor } from '../rig';
import { call, connect, ready, servicePaths, spawnService, type ServiceProcess } from './process';

const rig = useRig();
const paths = servicePaths(rig, 'crash');
const running: ServiceProcess[] = [];
after(async () => {
  for (const s of running) await s.stop('SIGKILL');
});

/** The secret directories a process left where host/secret-file.ts puts them (/run, else tmp). */
function secretDirsOf(pid: number | undefined): string[] {
  const prefix = `wgdesk-${String(pid)}-`;
  return ['/run', tmpdir()].flatMap((base) => {
    try {
      return readdirSync(base)
        .filter((n) => n.startsWith(prefix))
        .map((n) => `${base}/${n}`);
    } catch {
      return [];
    }
  });
}

test('killed mid-bulk: the restart agrees with the kernel and leaves no secret behind', async () => {
  const ns = await rig.namespace('k');
  mkdirSync(`${rig.dir}/crash/etc`, { recursive: true });
  writeFileSync(paths.config, 'scripts = off\n', { mode: 0o644 });
  const first = spawnService(paths, ns);
  running.push(first);
  await ready(first, paths);
  const client = await connect(paths);
  const server = await call<{ id: number }>(client, 'interfaces.create', {
    name: rig.name('k0'),
    up: true,
    listenPort: 51950,
    ipv4Address: '10.140.0.1/16',
    publicEndpoint: '192.0.2.1:51950',
  });
  const pid = first.child.pid;
  // Not awaited: the service dies under it.
  void client
    .call('peers.createBulk', {
      interfaceId: server.id,
      count: 5000,
      namePattern: 'crash-{n}',
      presharedKey: true,
    })
    .catch(() => undefined);
  // The kernel step writes the server's key and every PSK to a 0600 file for `wg addconf`:
  // kill the service while that file exists.
  await waitFor(() => secretDirsOf(pid).length > 0, 60_000, 'the bulk apply to begin', 5);
  await first.stop('SIGKILL');
  assert.ok(secretDirsOf(pid).length > 0, 'the killed service left its secret file');
  await client.close().catch(() => undefined);

  const second = spawnService(paths, ns);
  running.push(second);
  await ready(second, paths);
  assert.deepEqual(secretDirsOf(pid), [], 'the restart swept what the killed one left');
  const again = await connect(paths);
  const drift = await call<DriftReport>(again, 'drift.get', { interfaceId: server.id });
  assert.ok(isClean(drift), `database and kernel agree: ${JSON.stringify(drift).slice(0, 400)}`);
  const peers = await call<unknown[]>(again, 'peers.list', { interfaceId: server.id });
  // All or nothing in the database: the rows' transaction either committed or not.
  assert.ok(peers.length === 0 || peers.length === 5000, `${peers.length} peers`);
  await again.close();
});
