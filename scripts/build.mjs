// npm run build: everything the Electron app loads, into dist/.
//   dist/renderer/   the page (vite build of renderer/, copied)
//   dist/app/        main.cjs (main process), helper.mjs (privileged helper), cli.mjs (the
//                    command line, which the packaged service runs), preload.cjs,
//                    passphrase-preload.cjs
// `--skip-renderer` reuses renderer/dist as it is.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');
// `--out DIR`: somewhere else (tests build the bundles into a temporary directory).
const outFlag = process.argv.indexOf('--out');
const out = outFlag === -1 ? join(root, 'dist') : resolve(process.argv[outFlag + 1] ?? '');
const skipRenderer = process.argv.includes('--skip-renderer');

if (!skipRenderer) {
  const r = spawnSync('npm', ['run', 'build:renderer'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

rmSync(join(out, 'app'), { recursive: true, force: true });
const common = { bundle: true, sourcemap: true, logLevel: 'warning', absWorkingDir: root };

// The main process: Node inside Electron. better-sqlite3 is native (cannot be
// bundled); ws's optional native helpers are absent on purpose.
await build({
  ...common,
  entryPoints: { 'app/main': 'main/app/main.ts' },
  outdir: out,
  outExtension: { '.js': '.cjs' },
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  external: ['electron', 'better-sqlite3', 'bufferutil', 'utf-8-validate'],
});

// The privileged helper, run as root by the Electron binary in Node mode
// (ELECTRON_RUN_AS_NODE). ESM for its top-level await. It holds no native module.
await build({
  ...common,
  entryPoints: { 'app/helper': 'main/helper/main.ts' },
  outdir: out,
  outExtension: { '.js': '.mjs' },
  platform: 'node',
  target: 'node22',
  format: 'esm',
});

// The command line (`wgdesk service`, `wgdesk api`, `wgdesk serve`): what the packaged
// system service runs, with the Electron binary in Node mode (packaging/wgdesk.service).
// Externals as for main.cjs. ESM because the command line uses import.meta.url
// (main/cli/serve.ts), which a CommonJS bundle loses; the banner gives the bundled
// CommonJS packages (ws, qrcode) a real `require` for Node's builtins, which esbuild's
// ESM shim refuses ("Dynamic require of ... is not supported").
await build({
  ...common,
  entryPoints: { 'app/cli': 'main/cli.ts' },
  outdir: out,
  outExtension: { '.js': '.mjs' },
  platform: 'node',
  target: 'node22',
  format: 'esm',
  external: ['better-sqlite3', 'bufferutil', 'utf-8-validate'],
  banner: {
    js: "import { createRequire as __cliRequire } from 'node:module'; const require = __cliRequire(import.meta.url);",
  },
});

// Sandboxed preloads: no Node, only the `electron` module the sandbox provides.
// Minified: the window's preload carries the contract (zod) to check method names.
await build({
  ...common,
  minify: true,
  entryPoints: {
    'app/preload': 'main/app/preload.ts',
    'app/passphrase-preload': 'main/app/passphrase-preload.ts',
  },
  outdir: out,
  outExtension: { '.js': '.cjs' },
  platform: 'browser',
  target: 'es2022',
  format: 'cjs',
  external: ['electron'],
});

const rendererDist = join(root, 'renderer/dist');
rmSync(join(out, 'renderer'), { recursive: true, force: true });
if (existsSync(rendererDist)) cpSync(rendererDist, join(out, 'renderer'), { recursive: true });
else console.warn('build: renderer/dist does not exist; the window will show nothing');
console.log(`build: wrote ${out}`);
