// The packaging check: what `npm run dist` would package, checked on a machine that
// cannot build the packages (no Electron binary to download). Each function returns the
// problems it found, as sentences; none means the packaging is sound.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import {
  appDir,
  expand,
  fpmExtras,
  locate,
  packageLayout,
  ROOT,
  type PackagingConfig,
} from './config';

/** Every problem of the configuration, for a build written to `buildRoot`. */
export function checkPackaging(config: PackagingConfig, buildRoot: string): string[] {
  const problems = [...checkTargets(config), ...checkNamedFiles(config, buildRoot)];
  // deb and rpm share their scripts and unit: each file is checked once.
  const checked = new Set<string>();
  const once = (file: string, check: () => string[]): string[] => {
    if (checked.has(file)) return [];
    checked.add(file);
    return check();
  };
  for (const target of [config.deb, config.rpm]) {
    const layout = packageLayout(config, target, buildRoot);
    const { files, scripts } = fpmExtras(target.fpm);
    const templates = [target.afterInstall, target.afterRemove].map((f) => locate(f, buildRoot));
    const shellScripts = [
      ...templates,
      ...scripts.map((f) => locate(f, buildRoot)),
      ...files.map((f) => locate(f.source, buildRoot)).filter(isShellScript),
    ].filter((file) => existsSync(file));
    for (const file of shellScripts) {
      problems.push(
        ...once(file, () => [
          ...checkShellScript(file, templates.includes(file)),
          ...checkAppPaths(file, config, layout),
        ]),
      );
    }
    for (const { source, destination } of files) {
      const file = locate(source, buildRoot);
      if (!destination.startsWith('/usr/lib/systemd/system/') || !existsSync(file)) continue;
      problems.push(
        ...once(file, () => [
          ...verifyUnit(file, basename(destination)),
          ...checkAppPaths(file, config, layout),
        ]),
      );
    }
  }
  return problems;
}

/** Only packages that a root package manager installs: their files are root's. */
export function checkTargets(config: PackagingConfig): string[] {
  return config.linux.target
    .filter((t) => t !== 'deb' && t !== 'rpm')
    .map(
      (t) =>
        `linux target ${t}: only deb and rpm packages make the files that run as root root's own (electron-builder.cjs)`,
    );
}

/** Every file or pattern the configuration names exists (matches a file) after a build. */
export function checkNamedFiles(config: PackagingConfig, buildRoot: string): string[] {
  const problems: string[] = [];
  const pattern = (what: string, p: string): void => {
    if (expand(p, buildRoot).length === 0) problems.push(`${what} ${p} matches no file`);
  };
  const file = (what: string, p: string): void => {
    if (!existsSync(locate(p, buildRoot))) problems.push(`${what} ${p} does not exist`);
  };
  for (const p of config.files) pattern('files:', p);
  for (const p of config.asarUnpack) pattern('asarUnpack:', p);
  for (const { from } of config.extraResources) file('extraResources:', from);
  file('afterPack:', config.afterPack);
  file('directories.buildResources:', config.directories.buildResources);
  const main: unknown = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).main;
  if (typeof main !== 'string') problems.push('package.json has no "main"');
  else file('package.json main:', main);
  for (const [name, target] of [
    ['deb', config.deb],
    ['rpm', config.rpm],
  ] as const) {
    file(`${name}.afterInstall:`, target.afterInstall);
    file(`${name}.afterRemove:`, target.afterRemove);
    const { files, scripts } = fpmExtras(target.fpm);
    for (const s of scripts) file(`${name}.fpm script`, s);
    for (const { source, destination } of files) {
      file(`${name}.fpm file for ${destination}:`, source);
      const abs = locate(source, buildRoot);
      // fpm keeps the mode of the file it is given: a script must be executable in git.
      if (existsSync(abs) && isShellScript(abs) && (statSync(abs).mode & 0o111) === 0) {
        problems.push(`${relative(ROOT, abs)} is not executable (git update-index --chmod=+x)`);
      }
    }
  }
  return problems;
}

function isShellScript(file: string): boolean {
  return existsSync(file) && readFileSync(file, 'utf8').startsWith('#!');
}

/**
 * `systemd-analyze verify` of a unit, under the name it is installed as. It exits 0 on
 * many mistakes (an unknown directive, a value it cannot parse: "ignoring"), so any
 * message at all is a problem. It needs ExecStart's binary to exist: the unit's is
 * /usr/bin/env, so it verifies on a machine without the package.
 */
export function verifyUnit(file: string, installedName: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'wgdesk-unit-'));
  try {
    const copy = join(dir, installedName);
    copyFileSync(file, copy);
    // --recursive-errors=no: the unit itself, not the system's units it names (After=).
    const r = run('systemd-analyze', ['verify', '--man=no', '--recursive-errors=no', copy]);
    if (r.missing) return ['systemd-analyze is not installed (Debian: systemd; see .ci/run)'];
    const output = (r.stdout + r.stderr).split(copy).join(relative(ROOT, file)).trim();
    return r.status === 0 && output === '' ? [] : [`systemd-analyze verify: ${output}`];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A package script: POSIX sh, clean under shellcheck. electron-builder reads its
 * afterInstall/afterRemove as templates where `${word}` is a macro and an unknown one
 * fails the build (FpmTarget's writeConfigFile), so those must have none.
 */
export function checkShellScript(file: string, template: boolean): string[] {
  const name = relative(ROOT, file);
  const text = readFileSync(file, 'utf8');
  const problems: string[] = [];
  if (!text.startsWith('#!/bin/sh\n')) problems.push(`${name}: must start with #!/bin/sh`);
  if (template) {
    for (const m of text.matchAll(/\$\{[a-zA-Z]+\}|<%=/g)) {
      problems.push(`${name}: electron-builder would read ${m[0]} as its template macro`);
    }
  }
  const r = run('shellcheck', ['--format=gcc', file]);
  if (r.missing)
    return [...problems, 'shellcheck is not installed (Debian: shellcheck; see .ci/run)'];
  if (r.status !== 0 || r.stdout.trim() !== '') {
    problems.push(`shellcheck: ${(r.stdout + r.stderr).split(file).join(name).trim()}`);
  }
  return problems;
}

/** Every path under the app's directory that a packaged file names is in the package. */
export function checkAppPaths(
  file: string,
  config: PackagingConfig,
  layout: ReadonlyMap<string, string | null>,
): string[] {
  const app = appDir(config);
  const paths = readFileSync(file, 'utf8').match(new RegExp(`${app}[^\\s'"\`;)|]*`, 'g')) ?? [];
  return [...new Set(paths.map((p) => p.replace(/[.,:]+$/, '')))]
    .filter((p) => !layout.has(p) && ![...layout.keys()].some((k) => k.startsWith(`${p}/`)))
    .map((p) => `${relative(ROOT, file)} names ${p}, which the package does not install`);
}

function run(
  command: string,
  args: readonly string[],
): { missing: boolean; status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(command, args, { encoding: 'utf8' });
  const missing = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
  return { missing, status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}
