// The pure parts of reaching a box: the address check that keeps every value
// from being read as an ssh option, the fingerprint format, ssh's arguments,
// the bridge's first line, the backoff, and the per-client outbox's bound.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseBoxAddress, formatBoxAddress } from '../../../shared/validate/box-address';
import { fingerprint, keysFor, knownHostsName } from '../../../main/remote/host-keys';
import { sshArgs } from '../../../main/remote/ssh';
import { bridgeHello, classify } from '../../../main/remote/link';
import { backoff } from '../../../main/remote/box';
import { promptKind } from '../../../main/remote/askpass';
import { Outbox } from '../../../main/service/outbox';
import {
  diffPush,
  emptyStats,
  readPushes,
  type PeerStats,
  type StatsPush,
} from '../../../shared/contract';
import { bridgeError } from '../../../main/cli/bridge';
import { CONTRACT_VERSION } from '../../../shared/wire';
import { unwrap } from '../../../shared/result';

test('box addresses: user@host[:port], nothing an option could hide in', () => {
  const good: [string, string, string, number][] = [
    ['alice@box.example', 'alice', 'box.example', 22],
    ['alice@192.0.2.7:2222', 'alice', '192.0.2.7', 2222],
    ['bob@[2001:db8::1]:22', 'bob', '2001:db8::1', 22],
    [' ops@Router.Lan ', 'ops', 'router.lan', 22],
  ];
  for (const [text, user, host, port] of good) {
    assert.deepEqual(unwrap(parseBoxAddress(text)), { user, host, port }, text);
  }
  const bad = [
    'box.example',
    '-oProxyCommand=x@box',
    'alice@-oProxyCommand=x',
    'alice@box:0',
    'alice@box:70000',
    'alice@2001:db8::1',
    'alice@[box.example]',
    'alice@box example',
    'a@b@c',
    'Alice@box',
    '',
    42,
  ];
  for (const text of bad) {
    const r = parseBoxAddress(text);
    assert.ok(!r.ok, String(text));
    assert.equal(r.error.field, 'address');
  }
  assert.equal(
    formatBoxAddress(unwrap(parseBoxAddress('a@[2001:db8::1]:2200'))),
    'a@[2001:db8::1]:2200',
  );
  assert.equal(formatBoxAddress(unwrap(parseBoxAddress('a@h:22'))), 'a@h');
});

test('fingerprints are ssh-keygen -l format; known_hosts names carry the port', () => {
  // The blob and digest of a published test key (RFC 8709's example is not a host key; any blob works).
  const blob = Buffer.from('hello').toString('base64');
  assert.equal(
    fingerprint({ type: 'ssh-ed25519', blob }),
    'SHA256:LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ',
  );
  const a = unwrap(parseBoxAddress('u@h:2222'));
  assert.equal(knownHostsName(a), '[h]:2222');
  assert.equal(knownHostsName(unwrap(parseBoxAddress('u@h'))), 'h');
  const text = '# h:22 SSH-2.0\n[h]:2222 ssh-ed25519 AAAA\nh ssh-rsa BBBB\n';
  assert.deepEqual(keysFor(text, '[h]:2222'), [{ type: 'ssh-ed25519', blob: 'AAAA' }]);
});

test('ssh arguments: strict host keys in our own file, keepalive, the host after --', () => {
  const address = unwrap(parseBoxAddress('alice@192.0.2.7:2222'));
  const args = sshArgs({
    address,
    knownHostsFile: '/d/known_hosts',
    pinned: { type: 'ssh-rsa', blob: 'x' },
    identityFile: '/k/id',
  });
  const joined = args.join(' ');
  for (const want of [
    '-F /dev/null',
    'StrictHostKeyChecking=yes',
    'UserKnownHostsFile=/d/known_hosts',
    'HostKeyAlgorithms=rsa-sha2-512,rsa-sha2-256',
    'ServerAliveInterval=4',
    '-i /k/id',
    '-p 2222 -l alice -- 192.0.2.7 wgdesk bridge',
  ]) {
    assert.ok(joined.includes(want), want);
  }
  assert.throws(() =>
    sshArgs({
      address,
      knownHostsFile: '/f',
      pinned: { type: 'ssh-ed25519', blob: 'x' },
      remoteCommand: ['wgdesk', '$(id)'],
    }),
  );
});

test("the bridge's first line: its version, or its refusal in words", () => {
  assert.equal(
    bridgeHello(
      JSON.stringify({ type: 'bridge', wgdesk: '0.1.0', contract: CONTRACT_VERSION }),
      'b',
    ),
    '0.1.0',
  );
  assert.throws(
    () =>
      bridgeHello(
        JSON.stringify({ type: 'bridge', wgdesk: '9.0.0', contract: CONTRACT_VERSION + 1 }),
        'b',
      ),
    (e: Error) => /runs wgdesk 9\.0\.0 .*same wgdesk version/.test(e.message),
  );
  assert.throws(
    () =>
      bridgeHello(
        JSON.stringify({
          type: 'refused',
          error: { kind: 'PermissionDenied', message: 'alice is not a wgdesk admin on this box' },
        }),
        'b',
      ),
    (e: Error) => e.message === 'b: alice is not a wgdesk admin on this box',
  );
  assert.throws(() => bridgeHello('Welcome to Ubuntu', 'b'), /did not answer as wgdesk bridge/);
  assert.match(bridgeError('ENOENT', false, 'al').message, /not installed/);
  assert.match(bridgeError('ECONNREFUSED', true, 'al').message, /not running/);
  assert.match(bridgeError('EACCES', true, 'al').message, /al is not a wgdesk admin on this box/);
});

test('ssh failures and prompts in the admin words', () => {
  const pass = [
    { kind: 'passphrase' as const, text: "Enter passphrase for key '/k':", answered: true },
    { kind: 'password' as const, text: "u@b's password:", answered: false },
  ];
  assert.match(
    classify('alice@b: Permission denied (publickey).', pass, 'b').message,
    /passphrase was wrong/,
  );
  assert.match(
    classify('Permission denied (publickey,password).', [], 'b').message,
    /refused the login/,
  );
  assert.match(
    classify('ssh: connect to host b port 22: Connection refused', [], 'b').message,
    /no SSH server/,
  );
  assert.equal(promptKind("u@h's password:"), 'password');
  assert.equal(promptKind("Enter passphrase for key '/k':"), 'passphrase');
  assert.deepEqual([0, 1, 2, 5, 50].map(backoff), [1000, 2000, 4000, 30000, 30000]);
});

test("a stalled client's outbox merges the stats pushes into one, and keeps every result", () => {
  const box = new Outbox(1000);
  const sent = new Map<number, PeerStats>();
  const stats = (id: number, tick: number): PeerStats => ({
    ...emptyStats(id),
    status: tick % 7 === 0 ? 'offline' : 'online',
    rxTotal: 1000 * tick + id,
    rxRate: tick,
  });
  for (let tick = 0; tick < 500; tick++) {
    const peers = Array.from({ length: 50 }, (_, id) => stats(id + 1, tick));
    const payload = diffPush({ interfaceId: 1, at: tick, seq: tick }, sent, peers);
    assert.ok(payload !== null);
    assert.ok(box.add({ type: 'event', name: 'peers.stats', payload }));
    assert.ok(
      box.add({
        type: 'event',
        name: 'state.changed',
        payload: { what: 'peers', ids: [tick % 3] },
      }),
    );
  }
  assert.ok(box.add({ type: 'result', id: 7, result: { ok: true, value: null } }));
  const lines = box
    .take()
    .map((l) => JSON.parse(l) as { type: string; payload?: { at?: number; ids?: number[] } });
  assert.equal(lines.length, 3);
  assert.equal(lines[0]?.type, 'result');
  assert.deepEqual(lines[1]?.payload?.ids?.sort(), [0, 1, 2]);
  const merged = lines[2]?.payload as StatsPush;
  assert.deepEqual([merged.at, merged.base, merged.seq], [499, 0, 500]);
  // A reader that had nothing gets every peer's numbers as main holds them.
  const [read] = readPushes([merged]);
  assert.deepEqual(read?.peers, [...sent.values()]);
  assert.ok(box.empty);
  // Results are never dropped: past the bound the client is cut off instead.
  assert.equal(
    box.add({ type: 'result', id: 8, result: { ok: true, value: 'x'.repeat(2000) } }),
    false,
  );
});
