// npm run check:packaging: builds the bundles into a temporary directory (as `npm run
// dist` would, without touching dist/), then checks the packaging against them: every file
// electron-builder.cjs names exists, only deb and rpm targets, the package scripts pass
// shellcheck and the unit `systemd-analyze verify`, and every /opt/wgdesk path they name
// is in the package (scripts/packaging/checks.ts). The packages themselves are not built
// here: the Electron binary cannot be downloaded on these machines.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkPackaging } from './packaging/checks';
import { loadConfig, ROOT } from './packaging/config';

const buildRoot = mkdtempSync(join(tmpdir(), 'wgdesk-packaging-'));
try {
  const build = spawnSync(
    process.execPath,
    [join(ROOT, 'scripts/build.mjs'), '--out', join(buildRoot, 'dist')],
    { cwd: ROOT, stdio: 'inherit' },
  );
  if (build.status !== 0) {
    console.error('check:packaging: the build failed');
    process.exitCode = 1;
  } else {
    const problems = checkPackaging(await loadConfig(), buildRoot);
    for (const p of problems) console.error(`check:packaging: ${p}`);
    console.log(`check:packaging: ${problems.length === 0 ? 'ok' : `${problems.length} problems`}`);
    if (problems.length > 0) process.exitCode = 1;
  }
} finally {
  rmSync(buildRoot, { recursive: true, force: true });
}
