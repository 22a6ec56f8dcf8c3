import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));

/**
 * The built UI: next to the bundled CLI in a package (dist/app/cli.mjs →
 * dist/renderer), or the renderer's build output in a source checkout
 * (main/serve → renderer/dist). The first that exists; the source one
 * otherwise, where the server shows a placeholder until it is built.
 */
export function rendererDir(): string {
  const packaged = join(HERE, '..', 'renderer');
  const source = join(HERE, '..', '..', 'renderer', 'dist');
  return existsSync(join(packaged, 'index.html')) ? packaged : source;
}
