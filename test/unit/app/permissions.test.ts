import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { permissionAllowed } from '../../../main/app/permissions';

describe('window permissions', () => {
  const cases: [permission: string, origin: string, allowed: boolean][] = [
    ['clipboard-sanitized-write', 'app://wgdesk', true],
    ['clipboard-sanitized-write', 'app://wgdesk/index.html', true],
    ['clipboard-sanitized-write', 'app://wgdesk.evil/index.html', false],
    ['clipboard-sanitized-write', 'https://example.com/', false],
    ['clipboard-sanitized-write', '', false],
    ['clipboard-read', 'app://wgdesk', false],
    ['notifications', 'app://wgdesk', false],
    ['media', 'app://wgdesk/index.html', false],
  ];
  for (const [permission, origin, allowed] of cases) {
    test(`${permission} from ${origin || '(none)'}: ${allowed ? 'granted' : 'refused'}`, () => {
      assert.equal(permissionAllowed(permission, origin), allowed);
    });
  }
});
