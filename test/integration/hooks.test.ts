/**
 * PreUp/PostUp/PreDown/PostDown against real WireGuard: skipped (and said so)
 * while root's policy file says scripts are off, which it does by default;
 * never run because the database says so (a tampered database runs nothing);
 * run in wg-quick's order with %i replaced, and audited with their text, once
 * the file says on; refused before any process starts when a stored hook is
 * not a valid command; and a failing hook never leaves an interface half up.
 * First with the in-process host, where the test can count spawns, then
 * through the contract and the real helper child process.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { unwrap } from '../../shared/result';
import {
  parseConfText,
  parseInterfaceAddress,
  parseInterfaceName,
  parsePort,
  type ConfText,
} from '../../shared/validate';
import { HelperHost } from '../../main/host/helper-client';
import type { HookPhase } from '../../main/host/host';
import { SCRIPTS_COMMAND } from '../../main/host/policy';
import { openRuntime } from '../../main/runtime';
import { openDatabase, type InterfaceId } from '../../main/store';
import { generateKeyPair, MAX_HOOK_LENGTH, parseHookCommand } from '../../main/wireguard';
import { writePolicy } from './files';
import { helperArgv } from './helper-argv';
import { useRig } from './rig';
import { ADMIN, appError, world } from './services/setup';

const rig = useRig();

const text = (s: string): ConfText => unwrap(parseConfText(s, 'hook', MAX_HOOK_LENGTH));

/** A hook that appends "<phase> <interface> <present|absent>" to `file`: order, %i and link state in one line. */
function recorder(file: string, phase: HookPhase): string {
  return `echo "${phase} %i $(ip link show %i >/dev/null 2>&1 && echo present || echo absent)" >> ${file}`;
}

function lines(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : [];
}

/** What settings.get says while scripts are off: off, and the command that turns them on. */
const OFF = { scriptsEnabled: false, scriptsCommand: SCRIPTS_COMMAND };

describe('hooks of a server, run by the services on the in-process host', async () => {
  const ns = await rig.namespace('j');
  // Root's policy file; there is none until a test writes it.
  const policy = join(rig.dir, 'wgdesk-j.conf');
  const { services, host, store } = await world(rig, ns, 'wgdesk.db', (h) => h, policy);
  const name = unwrap(parseInterfaceName(rig.name('j0')));
  const view = await services.interfaces.create(
    {
      name,
      up: false,
      listenPort: unwrap(parsePort(51870)),
      ipv4Address: unwrap(parseInterfaceAddress('10.121.0.1/24')),
    },
    ADMIN,
  );
  const id = view.id as InterfaceId;
  const order = join(rig.dir, 'order');
  const recording = (phases: readonly HookPhase[], file = order) =>
    Object.fromEntries(phases.map((p) => [p, [text(recorder(file, p))]]));
  const setHooks = (hooks: Partial<Record<HookPhase, readonly ConfText[]>>): void => {
    store.interfaces.update(id, { preUp: [], postUp: [], preDown: [], postDown: [], ...hooks });
  };
  const running = async (): Promise<boolean> => (await host.linkState(name)).exists;
  const lastAudit = () => store.audit.list({ limit: 1 })[0];
  setHooks(recording(['preUp', 'postUp', 'preDown', 'postDown']));

  test("off without root's file: up and down work, hooks are skipped and audited", async () => {
    assert.deepEqual(await services.settings.get(), OFF);
    const up = await services.interfaces.setUp(id, true, ADMIN);
    assert.deepEqual([up.exists, up.up], [true, true]);
    assert.deepEqual(lastAudit()?.details['hooks'], {
      phases: ['preUp', 'postUp'],
      run: false,
      skipped: 'scripts-disabled',
    });
    await services.interfaces.setUp(id, false, ADMIN);
    assert.equal(await running(), false);
    assert.deepEqual(lastAudit()?.details['hooks'], {
      phases: ['preDown', 'postDown'],
      run: false,
      skipped: 'scripts-disabled',
    });
    assert.deepEqual(lines(order), [], 'no hook ran');
  });

  test('tampering: a database edited raw to turn hooks on and plant a PostUp runs nothing as root', async () => {
    const planted = join(rig.dir, 'planted-hook-ran');
    // Another process of the admin's user, writing the file with SQL: the old
    // switch in the settings table, and a hook in the column's own format (a JSON list).
    const raw = openDatabase(join(rig.dir, 'wgdesk.db'));
    raw.prepare(`UPDATE settings SET value = 'true' WHERE key = 'hooks.enabled'`).run();
    raw
      .prepare('UPDATE interfaces SET post_up = json_array(?) WHERE id = ?')
      .run(`touch ${planted}`, id);
    raw.close();
    assert.deepEqual(store.interfaces.require(id).postUp, [`touch ${planted}`], 'the plant took');
    assert.deepEqual(await services.settings.get(), OFF, 'the database does not decide');
    // The up goes ahead without its hooks, as with scripts off, and says so.
    const up = await services.interfaces.setUp(id, true, ADMIN);
    assert.equal(up.up, true);
    assert.deepEqual(lastAudit()?.details['hooks'], {
      phases: ['preUp', 'postUp'],
      run: false,
      skipped: 'scripts-disabled',
    });
    // And were main itself subverted, root's side refuses the hook all the same.
    await assert.rejects(
      host.runHook(name, 'postUp', unwrap(parseHookCommand(`touch ${planted}`))),
      {
        kind: 'PermissionDenied',
      },
    );
    await services.interfaces.setUp(id, false, ADMIN);
    assert.equal(existsSync(planted), false, 'the planted hook never ran');
    setHooks(recording(['preUp', 'postUp', 'preDown', 'postDown']));
  });

  test("root's file says on: settings.get follows at once", async () => {
    await writePolicy(policy, 'on');
    assert.deepEqual(await services.settings.get(), {
      scriptsEnabled: true,
      scriptsCommand: 'sudo wgdesk service scripts off',
    });
  });

  test('on: PreUp, up, PostUp, then PreDown, down, PostDown, in order with %i replaced; audited with their text', async () => {
    await services.interfaces.setUp(id, true, ADMIN);
    assert.deepEqual(lastAudit()?.details['hooks'], {
      phases: ['preUp', 'postUp'],
      run: true,
      commands: [
        { phase: 'preUp', command: recorder(order, 'preUp') },
        { phase: 'postUp', command: recorder(order, 'postUp') },
      ],
    });
    // Up again while running is a re-apply: its hooks must not run (and add rules) twice.
    await services.interfaces.setUp(id, true, ADMIN);
    await services.interfaces.setUp(id, false, ADMIN);
    assert.deepEqual(lastAudit()?.details['hooks'], {
      phases: ['preDown', 'postDown'],
      run: true,
      commands: [
        { phase: 'preDown', command: recorder(order, 'preDown') },
        { phase: 'postDown', command: recorder(order, 'postDown') },
      ],
    });
    assert.deepEqual(lines(order), [
      `preUp ${name} present`,
      `postUp ${name} present`,
      `preDown ${name} present`,
      `postDown ${name} absent`,
    ]);
  });

  test('a stored hook with CR, LF or NUL is InvalidInput before any process starts', async () => {
    for (const bad of ['true\ntouch x', 'true\rtrue', 'true\0']) {
      // Written past the validators, as an edited database file would hold it.
      setHooks({ postUp: [bad as ConfText] });
      const spawns = host.runner.spawns;
      const e = await appError(() => services.interfaces.setUp(id, true, ADMIN));
      assert.deepEqual([e.kind, e.field], ['InvalidInput', 'postUp[0]']);
      assert.equal(host.runner.spawns, spawns, 'not even a link lookup ran');
      assert.equal(store.interfaces.require(id).enabled, false);
    }
    assert.equal(await running(), false);
  });

  test('a failing PreUp aborts the up: no link, still disabled, PostUp never runs', async () => {
    const file = join(rig.dir, 'failing-preup');
    setHooks({
      preUp: [text(recorder(file, 'preUp')), text('exit 7')],
      ...recording(['postUp'], file),
    });
    const e = await appError(() => services.interfaces.setUp(id, true, ADMIN));
    assert.equal(e.kind, 'CommandFailed');
    assert.match(e.message, new RegExp(`^PreUp hook of ${name} failed \\(exit code 7\\)`));
    assert.equal(await running(), false, 'the interface was not left half up');
    assert.equal(store.interfaces.require(id).enabled, false);
    assert.equal(lastAudit()?.action, 'interface.setUp.reverted');
    assert.deepEqual(lines(file), [`preUp ${name} present`]);
  });

  test('a failing PostUp takes the new interface down again, as wg-quick does', async () => {
    setHooks({ postUp: [text('exit 5')] });
    const e = await appError(() => services.interfaces.setUp(id, true, ADMIN));
    assert.match(e.message, /^PostUp hook of \S+ failed \(exit code 5\)/);
    assert.equal(await running(), false);
    assert.equal(store.interfaces.require(id).enabled, false);
  });

  test('a failing PreDown keeps it up; a failing PostDown is reported after the down', async () => {
    setHooks({ preDown: [text('exit 6')] });
    await services.interfaces.setUp(id, true, ADMIN);
    await appError(() => services.interfaces.setUp(id, false, ADMIN));
    assert.equal(await running(), true, 'PreDown refused the down');
    assert.equal(store.interfaces.require(id).enabled, true);

    setHooks({ postDown: [text('echo "rule not found" >&2; exit 2')] });
    const e = await appError(() => services.interfaces.setUp(id, false, ADMIN));
    assert.equal(e.kind, 'CommandFailed');
    assert.match(
      e.message,
      /is down, but PostDown hook of \S+ failed \(exit code 2\): rule not found/,
    );
    assert.equal(await running(), false);
    assert.equal(store.interfaces.require(id).enabled, false, 'the down stands');
    assert.equal(lastAudit()?.action, 'interface.hook.failed');
  });

  test('deleting a running server runs its PreDown and PostDown', async () => {
    const file = join(rig.dir, 'delete');
    setHooks(recording(['preDown', 'postDown'], file));
    await services.interfaces.setUp(id, true, ADMIN);
    assert.equal(await services.interfaces.delete(id, ADMIN), true);
    assert.deepEqual(lines(file), [`preDown ${name} present`, `postDown ${name} absent`]);
    assert.equal(await running(), false);
  });
});

describe('through the contract and the real helper process', async () => {
  const ns = await rig.namespace('i');
  const helperLog: string[] = [];
  const policy = await writePolicy(join(rig.dir, 'wgdesk-i.conf'), 'off');
  const helper = await HelperHost.start({
    argv: helperArgv(ns, policy),
    log: (l) => helperLog.push(l),
  });
  const runtime = await openRuntime({
    dataDir: join(rig.dir, 'runtime'),
    host: helper,
    validateResults: true,
  });
  // Closes the database and the helper, which exits.
  after(() => runtime.close());
  const call = async (method: string, params: unknown): Promise<unknown> => {
    const r = await runtime.router.call(method, params, ADMIN);
    if (!r.ok) throw new Error(`${method}: ${r.error.kind}: ${r.error.message}`);
    return r.value;
  };
  const refusal = async (method: string, params: unknown): Promise<string | undefined> => {
    const r = await runtime.router.call(method, params, ADMIN);
    return r.ok ? undefined : r.error.kind;
  };
  const name = rig.name('i0');
  const order = join(rig.dir, 'order-helper');
  const conf = [
    '[Interface]',
    `PrivateKey = ${(await generateKeyPair()).privateKey}`,
    'Address = 10.122.0.1/24',
    'ListenPort = 51872',
    ...(['preUp', 'postUp', 'preDown', 'postDown'] as const).map(
      (p) => `${p[0]?.toUpperCase()}${p.slice(1)} = ${recorder(order, p)}`,
    ),
    '',
  ].join('\n');
  const imported = (await call('interfaces.importConf', { name, text: conf })) as {
    interface: { id: number };
  };
  const id = imported.interface.id;
  const lastHooks = async (): Promise<unknown> => {
    const [entry] = (await call('audit.list', {
      targetType: 'interface',
      targetId: String(id),
      limit: 1,
    })) as { details: Record<string, unknown> }[];
    return entry?.details['hooks'];
  };

  test('settings.get: off, with the command that turns scripts on; the contract cannot change it', async () => {
    assert.deepEqual(await call('settings.get', {}), OFF);
    assert.equal(await refusal('settings.get', { scriptsEnabled: true }), 'InvalidInput');
    assert.equal(await refusal('settings.update', { scriptsEnabled: true }), 'InvalidInput');
    assert.deepEqual(await call('settings.get', {}), OFF);
  });

  test('an imported .conf: hooks skipped while scripts are off, run by the helper once on', async () => {
    await call('interfaces.setUp', { id, up: true });
    assert.deepEqual(await lastHooks(), {
      phases: ['preUp', 'postUp'],
      run: false,
      skipped: 'scripts-disabled',
    });
    await call('interfaces.setUp', { id, up: false });
    assert.deepEqual(lines(order), []);

    await writePolicy(policy, 'on');
    assert.equal(
      ((await call('settings.get', {})) as { scriptsEnabled: boolean }).scriptsEnabled,
      true,
    );
    const up = (await call('interfaces.setUp', { id, up: true })) as { up: boolean };
    assert.equal(up.up, true);
    assert.deepEqual(await lastHooks(), {
      phases: ['preUp', 'postUp'],
      run: true,
      commands: [
        { phase: 'preUp', command: recorder(order, 'preUp') },
        { phase: 'postUp', command: recorder(order, 'postUp') },
      ],
    });
    await call('interfaces.setUp', { id, up: false });
    assert.deepEqual(lines(order), [
      `preUp ${name} present`,
      `postUp ${name} present`,
      `preDown ${name} present`,
      `postDown ${name} absent`,
    ]);
    assert.ok(
      helperLog.includes(`[#] ${recorder(order, 'postUp').replaceAll('%i', name)}`),
      'the helper logged the hook as it ran it',
    );
  });

  test('a stored hook with a line break is refused before the helper runs anything', async () => {
    runtime.store.interfaces.update(id as InterfaceId, { postUp: ['true\ntrue' as ConfText] });
    // Each answer carries the helper's spawn count; capabilities runs nothing.
    await helper.capabilities();
    const spawns = helper.helperSpawns;
    assert.equal(await refusal('interfaces.setUp', { id, up: true }), 'InvalidInput');
    await helper.capabilities();
    assert.equal(helper.helperSpawns, spawns);
    assert.equal(((await call('interfaces.get', { id })) as { exists: boolean }).exists, false);
  });
});
