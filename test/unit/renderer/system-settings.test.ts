import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SystemConfView } from '../../../shared/contract';
import { preselectName, systemConfStatus } from '../../../renderer/lib/system-confs';

const conf = (name: string, over: Partial<SystemConfView> = {}): SystemConfView => ({
  name,
  managed: false,
  running: false,
  peers: 1,
  problem: null,
  ...over,
});

describe('systemConfStatus', () => {
  test('each file, as the import dialog marks it', () => {
    const cases: [SystemConfView, ReturnType<typeof systemConfStatus>][] = [
      [conf('wg0'), { kind: 'importable', running: false }],
      [conf('wg0', { running: true }), { kind: 'importable', running: true }],
      [conf('wg0', { managed: true }), { kind: 'managed' }],
      [conf('wg0', { problem: 'no PrivateKey' }), { kind: 'problem', problem: 'no PrivateKey' }],
      // Managed wins: the name is taken, whatever else is wrong with the file.
      [conf('wg0', { managed: true, running: true, problem: 'bad' }), { kind: 'managed' }],
    ];
    for (const [c, want] of cases) assert.deepEqual(systemConfStatus(c), want, JSON.stringify(c));
  });
});

/** What the import dialog's list of files preselects (ChoiceListing: the importable names). */
const preselect = (list: readonly SystemConfView[], chosen: string): string =>
  preselectName(
    list.filter((c) => systemConfStatus(c).kind === 'importable').map((c) => c.name),
    chosen,
  );

describe('preselect (the files of /etc/wireguard)', () => {
  const list = [conf('a', { managed: true }), conf('b'), conf('c', { problem: 'x' })];
  test('the only importable file is chosen for the admin', () => {
    assert.equal(preselect(list, ''), 'b');
  });
  test('a choice that can still be imported stays', () => {
    assert.equal(preselect([...list, conf('d')], 'd'), 'd');
  });
  test('no choice among several, nor of a file that cannot be imported, nor in an empty list', () => {
    assert.equal(preselect([...list, conf('d')], ''), '');
    assert.equal(preselect([...list, conf('d')], 'a'), '');
    assert.equal(preselect([], 'b'), '');
  });
});

describe('preselectName (the running interfaces not managed yet)', () => {
  const cases: [readonly string[], string, string][] = [
    [['wg1'], '', 'wg1'],
    [['wg1', 'wg2'], 'wg2', 'wg2'],
    [['wg1', 'wg2'], '', ''],
    [['wg1', 'wg2'], 'wg0', ''],
    [[], 'wg0', ''],
  ];
  for (const [importable, chosen, expected] of cases) {
    test(`${JSON.stringify(importable)}, chosen '${chosen}' → '${expected}'`, () => {
      assert.equal(preselectName(importable, chosen), expected);
    });
  }
});
