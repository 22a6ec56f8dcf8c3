// A running interface's private key and preshared keys, read as root with
// `wg show IF private-key` and `wg show IF preshared-keys` (issue 15, point 9):
// what adopting a running interface needs, and what readDump drops on purpose.
// They go to the engine only, which seals them in the store: never into a log,
// an event, a list result or an error (a bad line is reported without its text).
import { AppError } from '../../shared/errors';
import { parseKey, type InterfaceName, type WgKey } from '../../shared/validate';
import type { Runner } from './exec';

/** As JSON carries it across the helper protocol (a list, not a Map). */
export interface HostSecrets {
  readonly privateKey: WgKey | null;
  readonly presharedKeys: readonly { readonly publicKey: WgKey; readonly presharedKey: WgKey }[];
}

/** wg prints "(none)" where a key is not set. */
const NONE = '(none)';

function key(text: string, what: string): WgKey {
  const k = parseKey(text);
  if (!k.ok) throw new AppError('Internal', `wg printed something that is not a key as ${what}`);
  return k.value;
}

export async function readHostSecrets(runner: Runner, name: InterfaceName): Promise<HostSecrets> {
  const wg = async (what: string): Promise<string> =>
    (await runner.run({ tool: 'wg', args: ['show', name, what] })).stdout;
  const priv = (await wg('private-key')).trim();
  const presharedKeys: { publicKey: WgKey; presharedKey: WgKey }[] = [];
  for (const line of (await wg('preshared-keys')).split('\n')) {
    const [pub, psk] = line.trim().split('\t');
    if (pub === undefined || pub === '' || psk === undefined || psk === NONE) continue;
    presharedKeys.push({ publicKey: key(pub, 'a public key'), presharedKey: key(psk, 'a PSK') });
  }
  return {
    privateKey: priv === NONE || priv === '' ? null : key(priv, 'the private key'),
    presharedKeys,
  };
}
