// The logs worded from codes, in each language, with names where main kept ids.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tIn } from './words';
import { AUDIT_ACTIONS } from '../../../shared/audit-actions';
import { en } from '../../../renderer/i18n/en';
import { fr } from '../../../renderer/i18n/fr';
import { ptBR } from '../../../renderer/i18n/pt-BR';
import {
  auditDetails,
  auditSentence,
  auditTargetName,
  reasonWords,
  type Names,
} from '../../../renderer/lib/log-words';

const names: Names = {
  server: (id) => (id === 1 ? 'hq' : undefined),
  user: (id) => (id === 7 ? 'ana' : undefined),
};
const words = (locale: string) => ({
  locale,
  none: '—',
  yes: 'yes',
  no: 'no',
  dateTime: (ms: number) => new Date(ms).toISOString(),
});

describe('reasonWords', () => {
  test('a timed cut and its end, in French, with the language’s own units', async () => {
    const t = await tIn('fr');
    const cut = { code: 'admin_cut', actor: 'admin', forSeconds: 3600 } as const;
    // Intl puts a no-break space between the number and its unit.
    const plain = (s: string) => s.replace(/\s/g, ' ');
    assert.equal(plain(reasonWords(t, cut, 'fr')), 'par admin, pour 1 heure');
    assert.equal(
      plain(reasonWords(t, { code: 'time_up', after: cut }, 'fr')),
      'délai écoulé (par admin, pour 1 heure)',
    );
  });
  test('the device limit in Portuguese; an old sentence as it was stored', async () => {
    const t = await tIn('pt-BR');
    assert.equal(
      reasonWords(t, { code: 'over_limit', user: 'ana', online: 3, limit: 2 }, 'pt-BR'),
      'ana passou do limite de dispositivos (3 conectados, limite 2)',
    );
    assert.equal(reasonWords(t, { code: 'text', text: 'by admin' }, 'pt-BR'), 'by admin');
  });
});

describe('audit entries', () => {
  test('a sentence with the name, details with names for ids', async () => {
    const t = await tIn('en');
    const details = { name: 'carla', interfaceId: 1, userId: 7, forSeconds: null };
    const e = { targetType: 'peer', targetId: '4', details };
    assert.equal(
      auditSentence(t, 'peer.disconnect', auditTargetName(t, e, names)),
      'Disconnected peer carla',
    );
    assert.deepEqual(auditDetails(t, details, names, words('en')), [
      'server: hq',
      'owner: ana',
      'for: until let back in',
    ]);
  });
  test('a server known only by its id takes its name from the window; a change reads old → new', async () => {
    const t = await tIn('fr');
    const e = {
      targetType: 'interface',
      targetId: '1',
      details: { before: { mtu: null, enabled: true }, after: { mtu: 1380, enabled: false } },
    };
    assert.equal(
      auditSentence(t, 'interface.update', auditTargetName(t, e, names)),
      'Serveur hq modifié',
    );
    assert.deepEqual(auditDetails(t, e.details, names, words('fr')), [
      'MTU: — → 1380',
      'activé: yes → no',
    ]);
  });
  test('a peer type and a tunnel mode in the page’s words', async () => {
    const t = await tIn('pt-BR');
    assert.deepEqual(
      auditDetails(t, { type: 'gateway', tunnelMode: 'full' }, names, words('pt-BR')),
      [`tipo: ${ptBR.peerType.gateway}`, `rotas do cliente: ${ptBR.tunnel.full}`],
    );
  });
  test('every action main records has a sentence in every language', () => {
    // The closed list main's audit() takes (a new action fails to compile without it).
    assert.deepEqual(Object.keys(en.audit.actions).sort(), [...AUDIT_ACTIONS].sort());
    for (const c of [fr, ptBR]) {
      for (const a of AUDIT_ACTIONS) {
        assert.notEqual(c.audit.actions[a], en.audit.actions[a], `${a} is translated`);
      }
      assert.deepEqual(Object.keys(c.audit.actions), Object.keys(en.audit.actions));
      assert.deepEqual(Object.keys(c.audit.keys), Object.keys(en.audit.keys));
    }
  });
});
