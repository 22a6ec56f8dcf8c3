import assert from 'node:assert/strict';
import { test } from 'node:test';
import { engineNoteKey } from '../../../renderer/lib/engine-note';

test('only an engine that stops with its window gets the note', () => {
  const e = (kind: 'service' | 'window' | 'serve' | 'cli') => ({
    kind,
    version: '0.1.0',
    keepsWatch: kind === 'service',
  });
  assert.equal(engineNoteKey(null), null);
  assert.equal(engineNoteKey(e('service')), null);
  assert.equal(engineNoteKey(e('window')), 'engine.window');
  assert.equal(engineNoteKey(e('serve')), 'engine.serve');
  assert.equal(engineNoteKey(e('cli')), null);
});
