/**
 * The packaging check (`npm run check:packaging`) passes on the repository and fails on
 * each kind of break it is there for, with the real systemd-analyze and shellcheck: a
 * check that cannot fail would pass a broken package.
 */
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { checkPackaging } from '../../scripts/packaging/checks';
import {
  loadConfig,
  ROOT,
  type LinuxPackage,
  type PackagingConfig,
} from '../../scripts/packaging/config';
import { UNIT_FILE } from '../../scripts/packaging/unit';
import { buildBundles } from './packaging';
import { useRig } from './rig';

const rig = useRig();
let buildRoot = '';
let config: PackagingConfig;
before(async () => {
  buildRoot = await buildBundles(join(rig.dir, 'build'));
  config = await loadConfig();
});

/** The configuration with the deb target changed (the rpm keeps the repository's files). */
const withDeb = (change: Partial<LinuxPackage>): PackagingConfig => ({
  ...config,
  deb: { ...config.deb, ...change },
});

/** A copy of a repository file in the test's directory, changed by `edit`, same mode. */
function brokenCopy(file: string, name: string, edit: (text: string) => string): string {
  const copy = join(rig.dir, name);
  writeFileSync(copy, edit(readFileSync(file, 'utf8')));
  chmodSync(copy, statSync(file).mode & 0o777);
  return copy;
}

const problemsMatching = (c: PackagingConfig, re: RegExp): string[] =>
  checkPackaging(c, buildRoot).filter((p) => re.test(p));

test("the repository's packaging has no problem", () => {
  assert.deepEqual(checkPackaging(config, buildRoot), []);
});

test('a target whose files a user could change (AppImage) is refused', () => {
  const c = { ...config, linux: { ...config.linux, target: [...config.linux.target, 'AppImage'] } };
  assert.equal(problemsMatching(c, /linux target AppImage/).length, 1);
});

test('a named file that the build does not make is reported', () => {
  const c = { ...config, asarUnpack: [...config.asarUnpack, 'dist/app/nothing.mjs'] };
  assert.deepEqual(problemsMatching(c, /nothing\.mjs/), [
    'asarUnpack: dist/app/nothing.mjs matches no file',
  ]);
});

test('a file the unit runs that is left inside app.asar is reported', () => {
  const c = { ...config, asarUnpack: config.asarUnpack.filter((p) => p !== 'dist/app/cli.mjs') };
  assert.deepEqual(problemsMatching(c, /cli\.mjs/).sort(), [
    'packaging/linux/wgdesk names /opt/wgdesk/resources/app.asar.unpacked/dist/app/cli.mjs, which the package does not install',
    'packaging/wgdesk.service names /opt/wgdesk/resources/app.asar.unpacked/dist/app/cli.mjs, which the package does not install',
  ]);
});

test('a unit that systemd-analyze verify warns about or refuses is reported', () => {
  const unitMapping = (file: string): string[] =>
    config.deb.fpm.map((a) =>
      a.endsWith('=/usr/lib/systemd/system/wgdesk.service')
        ? `${file}=/usr/lib/systemd/system/wgdesk.service`
        : a,
    );
  const misspelt = brokenCopy(UNIT_FILE, 'misspelt.service', (t) =>
    t.replace(/^ProtectSystem=strict$/m, 'ProtectSystem=strikt'),
  );
  assert.match(
    problemsMatching(withDeb({ fpm: unitMapping(misspelt) }), /systemd-analyze/).join('\n'),
    /Failed to parse protect system value, ignoring: strikt/,
  );
  const missingBinary = brokenCopy(UNIT_FILE, 'missing.service', (t) =>
    t.replace(/^ExecStartPre=\+\/bin\/mkdir/m, 'ExecStartPre=+/nonexistent/mkdir'),
  );
  assert.match(
    problemsMatching(withDeb({ fpm: unitMapping(missingBinary) }), /systemd-analyze/).join('\n'),
    /\/nonexistent\/mkdir is not executable/,
  );
});

test('a package script shellcheck faults, or with a template macro, is reported', () => {
  const script = join(ROOT, 'packaging/linux/after-install.sh');
  const unquoted = brokenCopy(script, 'unquoted.sh', (t) => `${t}rm -rf $admin/x\n`);
  assert.match(
    problemsMatching(withDeb({ afterInstall: unquoted }), /shellcheck/).join('\n'),
    /SC2086/,
  );
  const macro = brokenCopy(script, 'macro.sh', (t) => `${t}echo "\${admin}"\n`);
  const found = problemsMatching(withDeb({ afterInstall: macro }), /template macro/);
  assert.equal(found.length, 1);
  assert.match(
    found[0] ?? '',
    /macro\.sh: electron-builder would read \$\{admin\} as its template macro$/,
  );
});

test('a script fpm installs without its execute bit is reported', () => {
  const launcher = join(rig.dir, 'wgdesk');
  copyFileSync(join(ROOT, 'packaging/linux/wgdesk'), launcher);
  chmodSync(launcher, 0o644);
  const fpm = config.deb.fpm.map((a) =>
    a.endsWith('=/usr/bin/wgdesk') ? `${launcher}=/usr/bin/wgdesk` : a,
  );
  assert.equal(problemsMatching(withDeb({ fpm }), /is not executable/).length, 1);
});
