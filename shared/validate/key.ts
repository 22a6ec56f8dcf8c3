import type { Brand } from '../brand';
import { invalidInput } from '../errors';
import { problem } from '../problems';
import { err, ok, type Result } from '../result';

/** A WireGuard key (public, private or preshared): 32 bytes in canonical base64. */
export type WgKey = Brand<string, 'WgKey'>;

// 32 bytes are 43 base64 digits and one '=' of padding; the 43rd digit carries
// only 4 bits, so its low 2 bits must be zero. `wg` rejects anything else, while
// lenient decoders (Buffer.from) silently accept it and yield a different key.
const CANONICAL_KEY = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

export function parseKey(value: unknown, field = 'key'): Result<WgKey> {
  if (typeof value !== 'string') {
    return err(invalidInput(field, 'must be a string', problem('not_text', {})));
  }
  if (value.length !== 44) {
    const length = Math.min(value.length, 999);
    return err(
      invalidInput(
        field,
        `must be exactly 44 characters of base64 (got ${length})`,
        problem('key_length', { length }),
      ),
    );
  }
  if (!CANONICAL_KEY.test(value)) {
    return err(
      invalidInput(
        field,
        'is not a canonical base64 encoding of a 32-byte key',
        problem('key_not_canonical', {}),
      ),
    );
  }
  return ok(value as WgKey);
}
