import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  dateTimeShape,
  draftOf,
  formatDay,
  formatLong,
  NEVER,
  readDraft,
  readExpiry,
  type DateTimeDraft,
} from '../../../renderer/lib/date-time';

// The expiry field follows the app's language through Intl: these pin what
// each of our three languages gets, so a browser locale can never leak in.

describe('dateTimeShape: the words and order of each app language', () => {
  const cases: [string, string[], boolean, string, string][] = [
    ['en', ['month', 'day', 'year'], true, 'January', 'December'],
    ['fr', ['day', 'month', 'year'], false, 'janvier', 'décembre'],
    ['pt-BR', ['day', 'month', 'year'], false, 'janeiro', 'dezembro'],
  ];
  for (const [locale, order, hour12, first, last] of cases) {
    test(locale, () => {
      const s = dateTimeShape(locale);
      assert.deepEqual(s.order, order);
      assert.equal(s.hour12, hour12);
      assert.equal(s.months.length, 12);
      assert.equal(s.months[0], first);
      assert.equal(s.months[11], last);
    });
  }
  test('English has the day periods its 12-hour clock needs', () => {
    assert.deepEqual(dateTimeShape('en').dayPeriods, ['AM', 'PM']);
  });
});

const draft = (over: Partial<DateTimeDraft>): DateTimeDraft => ({
  ...NEVER,
  day: '5',
  month: '12',
  year: '2026',
  ...over,
});
const local = (y: number, mo: number, d: number, h = 0, mi = 0): number =>
  new Date(y, mo - 1, d, h, mi).getTime();

describe('readDraft', () => {
  const cases: [string, DateTimeDraft, boolean, ReturnType<typeof readDraft>][] = [
    ['all empty is never', NEVER, false, { kind: 'never' }],
    [
      '24 h',
      draft({ hour: '14', minute: '30' }),
      false,
      { kind: 'at', ms: local(2026, 12, 5, 14, 30) },
    ],
    ['no time: the start of the day', draft({}), false, { kind: 'at', ms: local(2026, 12, 5) }],
    [
      '12 h PM',
      draft({ hour: '2', minute: '30', pm: true }),
      true,
      { kind: 'at', ms: local(2026, 12, 5, 14, 30) },
    ],
    [
      '12 AM is midnight',
      draft({ hour: '12', minute: '05' }),
      true,
      { kind: 'at', ms: local(2026, 12, 5, 0, 5) },
    ],
    [
      '12 PM is noon',
      draft({ hour: '12', pm: true }),
      true,
      { kind: 'at', ms: local(2026, 12, 5, 12) },
    ],
    [
      'a time without a day',
      { ...NEVER, hour: '10' },
      false,
      { kind: 'bad', problem: 'incomplete' },
    ],
    ['no year', draft({ year: '' }), false, { kind: 'bad', problem: 'incomplete' }],
    [
      '31 April does not exist',
      draft({ day: '31', month: '4' }),
      false,
      { kind: 'bad', problem: 'invalid' },
    ],
    [
      '29 February 2027 does not exist',
      draft({ day: '29', month: '2', year: '2027' }),
      false,
      { kind: 'bad', problem: 'invalid' },
    ],
    [
      '29 February 2028 does',
      draft({ day: '29', month: '2', year: '2028' }),
      false,
      { kind: 'at', ms: local(2028, 2, 29) },
    ],
    ['hour 24', draft({ hour: '24' }), false, { kind: 'bad', problem: 'invalid' }],
    [
      'hour 13 on a 12-hour clock',
      draft({ hour: '13' }),
      true,
      { kind: 'bad', problem: 'invalid' },
    ],
    ['hour 0 on a 12-hour clock', draft({ hour: '0' }), true, { kind: 'bad', problem: 'invalid' }],
    ['minute 60', draft({ hour: '1', minute: '60' }), false, { kind: 'bad', problem: 'invalid' }],
    ['letters', draft({ day: 'five' }), false, { kind: 'bad', problem: 'invalid' }],
    ['a fraction', draft({ day: '5.5' }), false, { kind: 'bad', problem: 'invalid' }],
  ];
  for (const [name, d, hour12, want] of cases)
    test(name, () => assert.deepEqual(readDraft(d, hour12), want));
});

describe('draftOf then readDraft gives the same time back', () => {
  const times = [local(2026, 12, 5, 14, 30), local(2027, 1, 1, 0, 0), local(2030, 7, 31, 12, 59)];
  for (const ms of times) {
    for (const hour12 of [false, true]) {
      test(`${new Date(ms).toISOString()} ${hour12 ? '12 h' : '24 h'}`, () =>
        assert.deepEqual(readDraft(draftOf(ms, hour12), hour12), { kind: 'at', ms }));
    }
  }
  test('never', () => assert.deepEqual(draftOf(null, false), NEVER));
});

describe('readExpiry', () => {
  const now = local(2026, 12, 5, 12);
  test('a past time is refused', () =>
    assert.deepEqual(readExpiry(draft({ hour: '11' }), false, now, null), {
      kind: 'bad',
      problem: 'past',
    }));
  test('now itself is past', () =>
    assert.deepEqual(readExpiry(draft({ hour: '12' }), false, now, null), {
      kind: 'bad',
      problem: 'past',
    }));
  test('the stored (already passed) expiry may stay', () => {
    const stored = local(2026, 12, 5, 11);
    assert.deepEqual(readExpiry(draftOf(stored, false), false, now, stored), {
      kind: 'at',
      ms: stored,
    });
  });
  test('a future time passes', () =>
    assert.deepEqual(readExpiry(draft({ hour: '13' }), false, now, null), {
      kind: 'at',
      ms: local(2026, 12, 5, 13),
    }));
  test('never passes', () => assert.deepEqual(readExpiry(NEVER, false, now, 5), { kind: 'never' }));
});

describe('formatting in the app language', () => {
  const ms = local(2026, 12, 5, 14, 30);
  const cases: [string, string, RegExp][] = [
    ['en', 'Dec 5, 2026', /^Saturday, December 5, 2026 at 2:30\sPM$/],
    ['fr', '5 déc. 2026', /^samedi 5 décembre 2026 à 14:30$/],
    ['pt-BR', '5 de dez. de 2026', /^sábado, 5 de dezembro de 2026 às 14:30$/],
  ];
  for (const [locale, day, long] of cases) {
    test(locale, () => {
      assert.equal(formatDay(ms, locale), day);
      assert.match(formatLong(ms, locale), long);
    });
  }
});
