// A notice still on screen when the admin changes the language says itself in
// the new one (issue 15, point 4): it is worded when drawn, not when made.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ClientError } from '../../../renderer/api/errors';
import { createAppStore } from '../../../renderer/store';
import { en } from '../../../renderer/i18n/en';
import { fr } from '../../../renderer/i18n/fr';
import { ptBR } from '../../../renderer/i18n/pt-BR';
import { problem } from '../../../shared/problems';
import { noticeWordsIn } from './words';

describe('notices follow the language', () => {
  test('an info notice made in English reads in French and Portuguese', async () => {
    const store = createAppStore();
    store.getState().notify(({ t }) => t('network.saved'));
    const [notice] = store.getState().notices;
    assert.ok(notice !== undefined);
    assert.equal(notice.say(await noticeWordsIn('en')), en.network.saved);
    assert.equal(notice.say(await noticeWordsIn('fr')), fr.network.saved);
    assert.equal(notice.say(await noticeWordsIn('pt-BR')), ptBR.network.saved);
    assert.notEqual(fr.network.saved, en.network.saved, 'the check can tell them apart');
  });

  test('an error notice words main’s code in the language of the moment', async () => {
    const store = createAppStore();
    const refused = new ClientError(
      'InvalidInput',
      'name: must not be empty',
      'name',
      undefined,
      problem('empty', {}),
    );
    store.getState().reportError(refused);
    const [notice] = store.getState().notices;
    assert.ok(notice !== undefined);
    assert.equal(notice.say(await noticeWordsIn('fr')), fr.problems.empty);
    assert.equal(notice.say(await noticeWordsIn('pt-BR')), ptBR.problems.empty);
  });

  test('an error with no code keeps main’s words in every language', async () => {
    const store = createAppStore();
    store.getState().reportError(new ClientError('Internal', 'disk full'));
    const [notice] = store.getState().notices;
    assert.equal(notice?.say(await noticeWordsIn('fr')), 'disk full');
  });
});
