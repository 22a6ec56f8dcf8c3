/**
 * LocalHost.runHook against the real /bin/sh inside a network namespace: what
 * the hook sees (namespace, environment, working directory, %i), what a
 * failure and a timeout look like, and that bad text never starts a process.
 * Then root's policy file: hooks run only while it says so, and only when
 * root can trust it.
 */
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { unwrap } from '../../shared/result';
import { parseInterfaceName, type InterfaceName } from '../../shared/validate';
import { Runner } from '../../main/host/exec';
import type { HookPhase } from '../../main/host/host';
import { LocalHost } from '../../main/host/local';
import { locateTools } from '../../main/host/tools';
import { SCRIPTS_COMMAND } from '../../main/host/policy';
import { parseHookCommand, type HookCommand } from '../../main/wireguard';
import { writePolicy } from './files';
import { useRig, waitFor } from './rig';

const rig = useRig();
const hook = (text: string): HookCommand => unwrap(parseHookCommand(text));

/** Pids whose command line is exactly `argv`: how the test finds the sleeps its hooks started. */
function pidsOf(argv: readonly string[]): number[] {
  const want = `${argv.join('\0')}\0`;
  return readdirSync('/proc')
    .filter((e) => /^[0-9]+$/.test(e))
    .filter((e) => {
      try {
        return readFileSync(`/proc/${e}/cmdline`, 'utf8') === want;
      } catch {
        return false; // ended while we looked
      }
    })
    .map(Number);
}

/** A sleep no other process runs: a random duration is its name. */
function uniqueSleep(): string[] {
  return ['sleep', `${300 + randomInt(1000)}.${randomInt(1000)}`];
}

describe('LocalHost.runHook with the real shell', async () => {
  const ns = await rig.namespace('k');
  const log: string[] = [];
  const runner = new Runner({ tools: locateTools(), netns: ns, log: (l) => log.push(l) });
  const configFile = await writePolicy(join(rig.dir, 'scripts-on.conf'), 'on');
  const host = new LocalHost(runner, { hookTimeoutMs: 1_000, configFile });
  const name = unwrap(parseInterfaceName(rig.name('k0')));
  const started: number[] = [];
  after(() => {
    for (const pid of started) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });

  test('runs in the namespace with %i replaced, the fixed environment and cwd /', async () => {
    const out = join(rig.dir, 'seen');
    const script = `{ echo "%i %i"; readlink /proc/self/ns/net; pwd; env; } > ${out}`;
    await host.runHook(name, 'preUp', hook(script));
    const [names, netns, cwd, ...env] = readFileSync(out, 'utf8').trim().split('\n');
    assert.equal(names, `${name} ${name}`);
    assert.equal(netns, (await rig.exec(ns, 'readlink', ['/proc/self/ns/net'])).trim());
    assert.equal(cwd, '/');
    const vars = new Map(env.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    assert.equal(vars.get('PATH'), '/usr/sbin:/usr/bin:/sbin:/bin');
    assert.equal(vars.get('LC_ALL'), 'C');
    // Nothing of the caller's environment reaches a root shell.
    for (const inherited of ['HOME', 'USER', 'NODE_OPTIONS', 'LD_PRELOAD']) {
      assert.equal(vars.has(inherited), false, `${inherited} is not passed on`);
    }
    assert.equal(log.at(-1), `[#] ${script.replaceAll('%i', name)}`);
  });

  test('a failing hook is CommandFailed with its phase, exit code and stderr', async () => {
    await assert.rejects(host.runHook(name, 'postDown', hook('echo "no such chain" >&2; exit 4')), {
      kind: 'CommandFailed',
      message: `PostDown hook of ${name} failed (exit code 4): no such chain`,
    });
  });

  test('a hook past its timeout is killed with every process it started', async () => {
    const sleep = uniqueSleep();
    // `; true` keeps the shell waiting for sleep instead of exec'ing it.
    const pending = host.runHook(name, 'postUp', hook(`${sleep.join(' ')}; true`));
    await waitFor(() => pidsOf(sleep).length === 1, 5_000, 'the hook to start its sleep');
    started.push(...pidsOf(sleep));
    await assert.rejects(pending, { kind: 'Timeout', message: /PostUp hook of .* within 1000 ms/ });
    await waitFor(() => pidsOf(sleep).length === 0, 5_000, 'the sleep to be killed too');
  });

  test('a process the hook leaves in the background neither holds it up nor is killed', async () => {
    const sleep = uniqueSleep();
    // The background sleep inherits the hook's stdout and stderr and keeps them open.
    await host.runHook(name, 'postUp', hook(`${sleep.join(' ')} & echo started`));
    const pids = pidsOf(sleep);
    started.push(...pids);
    assert.equal(pids.length, 1, 'the background process is still running');
  });

  test('bad text, phase or name is InvalidInput and starts no process', async () => {
    const before = runner.spawns;
    const refused = async (
      n: InterfaceName,
      phase: HookPhase,
      command: string,
      field: string,
    ): Promise<void> => {
      await assert.rejects(host.runHook(n, phase, command as HookCommand), {
        kind: 'InvalidInput',
        field,
      });
    };
    for (const bad of ['true\ntrue', 'true\rtrue', 'true\0', 'true # x', 'true\u0007', '']) {
      await refused(name, 'preUp', bad, 'command');
    }
    await refused(name, 'preUp', `true ${'x'.repeat(4096)}`, 'command');
    await refused(name, 'later' as HookPhase, 'true', 'phase');
    await refused('x; reboot' as InterfaceName, 'preUp', 'true', 'interface');
    assert.equal(runner.spawns, before);
  });
});

describe("runHook obeys root's policy file, read again for every hook", async () => {
  const ns = await rig.namespace('o');
  const runner = new Runner({ tools: locateTools(), netns: ns });
  const name = unwrap(parseInterfaceName(rig.name('o0')));
  const dir = join(rig.dir, 'etc-wgdesk');
  mkdirSync(dir, { mode: 0o755 });
  const file = join(dir, 'wgdesk.conf');
  const host = new LocalHost(runner, { configFile: file });
  const marker = join(rig.dir, 'policy-hook-ran');
  const touch = hook(`touch ${marker}`);
  const NOBODY = 65534;

  /** Refused with PermissionDenied whose message matches `why`, and nothing started. */
  async function refused(why: RegExp): Promise<void> {
    const before = runner.spawns;
    await assert.rejects(host.runHook(name, 'postUp', touch), {
      kind: 'PermissionDenied',
      message: why,
    });
    assert.equal(runner.spawns, before, 'nothing started');
    assert.equal(existsSync(marker), false, 'the hook did not run');
  }

  test('no file: off; scripts = off: off; both refuse, naming the file and the command', async () => {
    const off = new RegExp(`scripts are off in ${file} \\(to allow them, run ${SCRIPTS_COMMAND} `);
    assert.equal(await host.scriptsAllowed(), false);
    await refused(off);
    await writePolicy(file, 'off');
    assert.equal(await host.scriptsAllowed(), false);
    await refused(off);
  });

  test('scripts = on: runs; back to off: refused at the next hook, without a restart', async () => {
    await writePolicy(file, 'on');
    assert.equal(await host.scriptsAllowed(), true);
    await host.runHook(name, 'postUp', touch);
    assert.equal(existsSync(marker), true);
    rmSync(marker);
    await writePolicy(file, 'off');
    await refused(/scripts are off/);
  });

  test('a file saying on that root cannot trust is refused: owner, mode, link, directory', async () => {
    await writePolicy(file, 'on');
    chownSync(file, NOBODY, NOBODY);
    await refused(new RegExp(`refusing to read ${file} is owned by uid ${NOBODY}, not by root`));
    await assert.rejects(host.scriptsAllowed(), { kind: 'PermissionDenied' });
    chownSync(file, 0, 0);
    chmodSync(file, 0o664);
    await refused(new RegExp(`${file} is writable by its group or by others \\(mode 664\\)`));
    chmodSync(file, 0o644);
    chmodSync(dir, 0o777);
    await refused(new RegExp(`refusing to read ${dir} is writable by its group or by others`));
    chmodSync(dir, 0o755);
    chownSync(dir, NOBODY, NOBODY);
    await refused(new RegExp(`refusing to read ${dir} is owned by uid ${NOBODY}`));
    chownSync(dir, 0, 0);
    const elsewhere = await writePolicy(join(rig.dir, 'elsewhere.conf'), 'on');
    rmSync(file);
    symlinkSync(elsewhere, file);
    await refused(new RegExp(`refusing to read ${file} is a symbolic link`));
    rmSync(file);
    // Trusted again: the same file runs the hook.
    await writePolicy(file, 'on');
    await host.runHook(name, 'postUp', touch);
    assert.equal(existsSync(marker), true);
  });
});
