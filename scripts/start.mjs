// npm start: the desktop app from the source tree. The Electron binary is
// downloaded by the electron package's install script, which cannot reach the
// internet on CI and build machines here; say so plainly instead of crashing.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const pkg = join(root, 'node_modules/electron');
const pathFile = join(pkg, 'path.txt');
const binary = existsSync(pathFile)
  ? join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim())
  : undefined;

if (binary === undefined || !existsSync(binary)) {
  console.error(`npm start: the Electron binary is not installed (looked in ${join(pkg, 'dist')}).

  Get it:   node node_modules/electron/install.js     (downloads Electron; needs internet)
  Or run the same UI in a browser, no Electron needed:
            npm run serve                            (then open the printed URL)

  Note: better-sqlite3 is compiled for Node; Electron needs it rebuilt for its own
  ABI (e.g. npx @electron/rebuild -o better-sqlite3) before the app can open its database.`);
  process.exit(1);
}

const built = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], {
  cwd: root,
  stdio: 'inherit',
});
if (built.status !== 0) process.exit(built.status ?? 1);

// `.`: package.json "main" points at dist/app/main.cjs, as in the packaged app.
const child = spawn(binary, ['.'], { cwd: root, stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 0 : 1)));
