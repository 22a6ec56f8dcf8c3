import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseHelperArgs } from '../../../main/helper/args';
import { MUTATES, OP_ARGS } from '../../../main/host/protocol/ops';

describe("the helper's command line", () => {
  test('--netns, --conf-dir and --config, in any order, each at most once', () => {
    assert.deepEqual(parseHelperArgs([]), {});
    assert.deepEqual(parseHelperArgs(['--netns', 'ns1']), { netns: 'ns1' });
    assert.deepEqual(parseHelperArgs(['--conf-dir', '/tmp/wg', '--netns', 'ns1']), {
      netns: 'ns1',
      confDir: '/tmp/wg',
    });
    assert.deepEqual(parseHelperArgs(['--config', '/tmp/wgdesk.conf', '--netns', 'ns1']), {
      netns: 'ns1',
      configFile: '/tmp/wgdesk.conf',
    });
  });

  const bad: [string, string[]][] = [
    ['a flag without its value', ['--conf-dir']],
    ['a repeated flag', ['--conf-dir', '/a', '--conf-dir', '/b']],
    ['an unknown flag', ['--policy', '/etc/wgdesk/wgdesk.conf']],
    ['a repeated --config', ['--config', '/a.conf', '--config', '/b.conf']],
    ['a relative policy file', ['--config', 'wgdesk.conf']],
    ['a policy file path with ..', ['--config', '/etc/wgdesk/../x.conf']],
    ['a stray value', ['/etc/wireguard']],
    ['a relative directory', ['--conf-dir', 'wireguard']],
    ['a directory with ..', ['--conf-dir', '/etc/wireguard/../shadow']],
  ];
  for (const [what, argv] of bad) {
    test(`${what} is refused`, () => {
      assert.throws(() => parseHelperArgs(argv), { kind: 'InvalidInput' });
    });
  }
});

describe('readSystemConfigs arguments', () => {
  test('none at all: a directory or a path is no argument of it', () => {
    assert.ok(OP_ARGS.readSystemConfigs.safeParse({}).success);
    for (const args of [{ dir: '/root' }, { confDir: '/etc' }, { path: '/etc/shadow' }, null, []]) {
      assert.equal(OP_ARGS.readSystemConfigs.safeParse(args).success, false, JSON.stringify(args));
    }
  });

  test('a read: not queued behind changes', () => {
    assert.equal(MUTATES.readSystemConfigs, false);
  });
});
