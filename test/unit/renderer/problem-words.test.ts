// Main's refusals worded from their code (issue 15, points 3 and 4): every code
// in every language, with the parameters main sends, and nothing else.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tIn } from './words';
import { AddressPool } from '../../../shared/ip';
import { METHODS, parseParams } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { PROBLEMS, problem, type ProblemCode } from '../../../shared/problems';
import { ClientError } from '../../../renderer/api/errors';
import { en } from '../../../renderer/i18n/en';
import { fr } from '../../../renderer/i18n/fr';
import { ptBR } from '../../../renderer/i18n/pt-BR';
import { formErrorsFrom } from '../../../renderer/lib/form-errors';
import { placeWords, problemWords } from '../../../renderer/lib/problem-words';
import { parseWgQuickConf } from '../../../main/wireguard';
import type { Cidr, InterfaceAddress } from '../../../shared/validate';

const CATALOGUES = { en, fr, 'pt-BR': ptBR } as const;
const CODES = Object.keys(PROBLEMS) as ProblemCode[];

const placeholders = (text: string): string[] =>
  [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1] ?? '').sort();

describe('the problems catalogue', () => {
  for (const [lng, catalogue] of Object.entries(CATALOGUES)) {
    test(`${lng} words every code main sends, with only that code's parameters`, () => {
      const words: Readonly<Record<string, unknown>> = catalogue.problems;
      for (const code of CODES) {
        const text = words[code];
        assert.equal(typeof text, 'string', `${lng}: problems.${code} is missing`);
        const used = placeholders(String(text));
        const known: readonly string[] = PROBLEMS[code];
        for (const p of used) assert.ok(known.includes(p), `${lng}: ${code} uses {{${p}}}`);
      }
      assert.deepEqual(
        Object.keys(words).sort(),
        [...CODES].sort(),
        `${lng}: codes main never sends`,
      );
    });
  }
  test('French and Portuguese use the same parameters as English', () => {
    for (const code of CODES) {
      const english = placeholders(en.problems[code]);
      assert.deepEqual([...new Set(placeholders(fr.problems[code]))], [...new Set(english)], code);
      assert.deepEqual(
        [...new Set(placeholders(ptBR.problems[code]))],
        [...new Set(english)],
        code,
      );
    }
  });
});

describe('problemWords', () => {
  test('an overlapping network in French, on its field, without main’s English', async () => {
    const t = await tIn('fr');
    const wire = new AppError(
      'Conflict',
      'ipv4Address: network 10.9.0.0/24 overlaps …',
      'ipv4Address',
      {
        problem: problem('network_overlaps', {
          network: '10.9.0.0/24',
          other: '10.9.0.0/24',
          name: 'hq',
        }),
      },
    ).toWire();
    const e = ClientError.fromWire(wire);
    const errors = formErrorsFrom(e, new Set(['ipv4Address']), (p) => problemWords(t, 'fr', p));
    assert.equal(
      errors.fields['ipv4Address'],
      'Le réseau 10.9.0.0/24 chevauche 10.9.0.0/24 du serveur hq.',
    );
    assert.equal(errors.form, null);
  });
  test('a revoked key in Portuguese with the date in its own form; a field the form lacks goes on top', async () => {
    const t = await tIn('pt-BR');
    const at = '2026-03-04T05:06:07.000Z';
    const p = problem('key_revoked', { key: 'k', peer: 'ana', at, by: 'admin' });
    const errors = formErrorsFrom(
      { kind: 'Conflict', message: 'publicKey: k …', field: 'publicKey', problem: p },
      new Set(['name']),
      (x) => problemWords(t, 'pt-BR', x),
    );
    assert.match(errors.form ?? '', /^Esta chave \(par “ana”\) foi revogada neste servidor em /);
    assert.ok(!(errors.form ?? '').includes(at), 'the ISO date is worded for people');
  });
  test('a code this window does not know keeps main’s message', async () => {
    const t = await tIn('fr');
    assert.equal(problemWords(t, 'fr', { code: 'from_a_newer_engine', params: {} }), null);
    const errors = formErrorsFrom(
      {
        kind: 'InvalidInput',
        message: 'name: is odd',
        field: 'name',
        problem: { code: 'x', params: {} },
      },
      undefined,
      (x) => problemWords(t, 'fr', x),
    );
    assert.equal(errors.fields['name'], 'is odd');
  });
  test('a full network says so without contradicting itself, in every language', async () => {
    const pool = new AddressPool('10.5.0.0/30' as Cidr, '10.5.0.1/30' as InterfaceAddress, []);
    pool.take(1);
    const full = (() => {
      try {
        pool.take(1);
      } catch (e) {
        return e;
      }
      return null;
    })();
    assert.ok(full instanceof AppError);
    assert.equal(full.problem?.code, 'network_full');
    for (const lng of Object.keys(CATALOGUES)) {
      const text = problemWords(await tIn(lng), lng, full.problem) ?? '';
      assert.match(text, /10\.5\.0\.0\/30/, lng);
      assert.match(text, /\b2\b/, `${lng}: the two usable addresses`);
    }
  });
});

describe('every field’s own check, worded in the window’s language', () => {
  const fourBad = {
    name: 'bad name!',
    listenPort: '99999',
    ipv4Address: '10.66.0.300/24',
    publicEndpoint: 'vpn example',
  };
  const shown = new Set(Object.keys(fourBad));

  test('four bad fields of the new-server form, each in French under its field', async () => {
    const t = await tIn('fr');
    const r = parseParams(METHODS['interfaces.create'].params, fourBad);
    assert.ok(!r.ok);
    const e = ClientError.fromWire(r.error.toWire());
    const errors = formErrorsFrom(e, shown, (p) => problemWords(t, 'fr', p));
    assert.deepEqual(errors, {
      fields: {
        name: '« bad name! » n’est pas un nom d’interface valide : 1 à 15 lettres, chiffres et _=+.-, sans - au début.',
        listenPort: 'Un nombre entier de 1 à 65535.',
        ipv4Address:
          '« 10.66.0.300/24 » n’est pas une adresse au format CIDR (par ex. 10.8.0.1/24).',
        publicEndpoint:
          '« vpn example » doit être hôte:port, ou [IPv6]:port pour une adresse IPv6.',
      },
      form: null,
    });
  });

  test('in Portuguese too, zod’s own refusals included', async () => {
    const t = await tIn('pt-BR');
    const r = parseParams(METHODS['interfaces.create'].params, { ...fourBad, name: 7 });
    assert.ok(!r.ok);
    const e = ClientError.fromWire(r.error.toWire());
    const errors = formErrorsFrom(e, shown, (p) => problemWords(t, 'pt-BR', p));
    assert.equal(errors.fields['listenPort'], 'Um número inteiro de 1 a 65535.');
    assert.match(errors.fields['ipv4Address'] ?? '', /não é um endereço no formato CIDR/);
    assert.equal(errors.fields['name'], 'Deve ser texto.', 'a number where a name goes');
  });

  test('a field code this window does not know keeps main’s English for that field', async () => {
    const t = await tIn('fr');
    const errors = formErrorsFrom(
      {
        kind: 'InvalidInput',
        message: 'name: odd; listenPort: must be a whole number from 1 to 65535',
        field: 'name',
        fields: { name: 'odd', listenPort: 'must be a whole number from 1 to 65535' },
        fieldProblems: {
          name: { code: 'from_a_newer_engine', params: {} },
          listenPort: problem('whole_number', { min: 1, max: 65535 }),
        },
      },
      undefined,
      (x) => problemWords(t, 'fr', x),
    );
    assert.deepEqual(errors.fields, { name: 'odd', listenPort: 'Un nombre entier de 1 à 65535.' });
  });

  test('a secret pasted into a field does not come back in its coded value', () => {
    const key = 'yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=';
    const r = parseParams(METHODS['interfaces.create'].params, {
      name: 'wg0',
      publicEndpoint: `${key} x`,
      listenPort: 0,
    });
    assert.ok(!r.ok);
    assert.ok(!JSON.stringify(r.error.toWire()).includes(key.slice(0, 20)));
  });
});

describe('an imported file’s lines, in the window’s language', () => {
  const IMPORT_FORM = new Set(['text', 'name', 'publicEndpoint']);
  const file = (peer: readonly string[]): string =>
    [
      '[Interface]',
      'PrivateKey = yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=',
      'ListenPort = 51820',
      '',
      '[Peer]',
      'PublicKey = xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=',
      ...peer,
      '',
    ].join('\n');

  test('a bad value keeps its line and key at the top of the form, in French', async () => {
    const t = await tIn('fr');
    const r = parseWgQuickConf(file(['AllowedIPs = 10.0.0.300/32']), 'hq.conf');
    assert.ok(!r.ok);
    const e = ClientError.fromWire(r.error.toWire());
    const errors = formErrorsFrom(
      e,
      IMPORT_FORM,
      (p) => problemWords(t, 'fr', p),
      (f, p, text) => placeWords(t, f, p, text),
    );
    assert.deepEqual(errors.fields, {});
    assert.equal(
      errors.form,
      t('importForm.atLine', {
        line: 7,
        key: 'AllowedIPs',
        message: t('problems.not_cidr', { value: '10.0.0.300/32' }),
      }),
    );
    assert.match(errors.form ?? '', /^Ligne 7, AllowedIPs/);
  });

  test('a problem that names its line is not given it twice', async () => {
    const t = await tIn('pt-BR');
    const r = parseWgQuickConf(
      file(['[Peer]', 'PublicKey = xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=']),
    );
    assert.ok(!r.ok);
    assert.equal(r.error.field, 'line 8: PublicKey', 'a field placeWords recognises');
    const text = problemWords(t, 'pt-BR', r.error.problem) ?? '';
    assert.equal(placeWords(t, r.error.field ?? '', r.error.problem, text), text);
    assert.equal((text.match(/Linha/g) ?? []).length, 1, text);
  });

  test('what the import did not keep is worded from its code', async () => {
    const t = await tIn('fr');
    const r = parseWgQuickConf(file(['Foo = 1']));
    assert.ok(r.ok);
    const [w] = r.value.warnings;
    assert.equal(problemWords(t, 'fr', w?.problem), 'Clé inconnue « Foo » dans [Peer] ignorée.');
  });
});
