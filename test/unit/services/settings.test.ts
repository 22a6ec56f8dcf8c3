/**
 * The scripts switch as the services read it: from the host (root's policy
 * file, behind the helper), never from the database; a host that cannot
 * answer reads off. And what the audit keeps of hooks that run: their text.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Host } from '../../../main/host/host';
import { UnprivilegedHost } from '../../../main/host/unprivileged';
import { createContext, createServices } from '../../../main/services';
import { DOWN, hookDetails } from '../../../main/services/interfaces/hooks';
import { LOCAL_HOST_ID } from '../../../main/store';
import { unwrap } from '../../../shared/result';
import { parseHookCommand } from '../../../main/wireguard';
import { freshStore } from '../store/helpers';
import { absentKernelHost } from './fake-host';

function settingsOn(host: Host) {
  const store = freshStore();
  // The old switch, on in the database: it must not matter.
  store.db
    .prepare(`INSERT OR REPLACE INTO settings (key, value) VALUES ('hooks.enabled', 'true')`)
    .run();
  const ctx = createContext({
    store,
    host,
    hostId: LOCAL_HOST_ID,
    now: Date.now,
    events: () => {},
  });
  return createServices(ctx).settings;
}

describe('settings.get', () => {
  test('a host without a helper cannot answer: off, with the command that turns scripts on', async () => {
    const host = new UnprivilegedHost({}, 'no helper');
    assert.deepEqual(await settingsOn(host).get(), {
      scriptsEnabled: false,
      scriptsCommand: 'sudo wgdesk service scripts on',
    });
  });

  test('what the host says, whatever the database says', async () => {
    // FAKE: the host answers from root's file in real life (test/integration/hooks.test.ts).
    const answering = (on: boolean): Host =>
      new Proxy(absentKernelHost(), {
        get: (t, p, r) => (p === 'scriptsAllowed' ? async () => on : Reflect.get(t, p, r)),
      });
    assert.deepEqual(await settingsOn(answering(false)).get(), {
      scriptsEnabled: false,
      scriptsCommand: 'sudo wgdesk service scripts on',
    });
    assert.deepEqual(await settingsOn(answering(true)).get(), {
      scriptsEnabled: true,
      scriptsCommand: 'sudo wgdesk service scripts off',
    });
  });
});

describe('hookDetails', () => {
  const cmd = (s: string) => unwrap(parseHookCommand(s));
  test('hooks that run are audited with their phase and text, in order', () => {
    const plan = { pre: [cmd('a'), cmd('b')], post: [cmd('c')], phases: DOWN, run: true };
    assert.deepEqual(hookDetails(plan, false), {
      hooks: {
        phases: ['preDown', 'postDown'],
        run: true,
        commands: [
          { phase: 'preDown', command: 'a' },
          { phase: 'preDown', command: 'b' },
          { phase: 'postDown', command: 'c' },
        ],
      },
    });
  });
  test('skipped hooks say why, without their text; no hooks, no word', () => {
    assert.deepEqual(hookDetails({ pre: [], post: [], phases: ['postUp'], run: false }, true), {
      hooks: { phases: ['postUp'], run: false, skipped: 'scripts-disabled' },
    });
    assert.deepEqual(hookDetails({ pre: [], post: [], phases: [], run: false }, true), {});
  });
});
