import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createEventHub, type PushedEvent } from '../../../main/api/event-hub';

describe('event hub', () => {
  test('fans each event out to every subscriber until it unsubscribes', () => {
    const hub = createEventHub(() => undefined);
    const a: PushedEvent[] = [];
    const b: PushedEvent[] = [];
    const offA = hub.subscribe((e) => a.push(e));
    hub.subscribe((e) => b.push(e));
    hub.emit('state.changed', { what: 'peers', ids: [1] });
    offA();
    hub.emit('state.changed', { what: 'interfaces' });
    assert.deepEqual(a, [{ name: 'state.changed', payload: { what: 'peers', ids: [1] } }]);
    assert.equal(b.length, 2);
    assert.equal(hub.listenerCount, 1);
  });

  test('a throwing subscriber is logged and does not stop the others or the emitter', () => {
    const logged: string[] = [];
    const hub = createEventHub((context) => logged.push(context));
    const got: string[] = [];
    hub.subscribe(() => {
      throw new Error('socket gone');
    });
    hub.subscribe((e) => got.push(e.name));
    assert.doesNotThrow(() => hub.emit('state.changed', { what: 'drift' }));
    assert.deepEqual(got, ['state.changed']);
    assert.equal(logged.length, 1);
  });

  test('a subscriber that unsubscribes while being called does not disturb delivery', () => {
    const hub = createEventHub(() => undefined);
    const got: string[] = [];
    const off = hub.subscribe(() => {
      got.push('first');
      off();
    });
    hub.subscribe(() => got.push('second'));
    hub.emit('state.changed', { what: 'logs' });
    hub.emit('state.changed', { what: 'logs' });
    assert.deepEqual(got, ['first', 'second', 'second']);
  });
});
