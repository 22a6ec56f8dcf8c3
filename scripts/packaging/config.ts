// The packaging configuration (electron-builder.cjs) as the packaging check reads it: the
// very object electron-builder loads, validated for the parts the check relies on, and
// what it means on an installed machine (which file ends up where).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';

export const ROOT = resolve(import.meta.dirname, '../..');
export const CONFIG_FILE = join(ROOT, 'electron-builder.cjs');

const linuxPackage = z.object({
  depends: z.array(z.string()),
  afterInstall: z.string(),
  afterRemove: z.string(),
  fpm: z.array(z.string()),
});

const configSchema = z.object({
  productName: z.string(),
  directories: z.object({ buildResources: z.string() }),
  files: z.array(z.string()),
  asarUnpack: z.array(z.string()),
  extraResources: z.array(z.object({ from: z.string(), to: z.string() })),
  afterPack: z.string(),
  linux: z.object({ target: z.array(z.string()), executableName: z.string() }),
  deb: linuxPackage,
  rpm: linuxPackage,
});

export type PackagingConfig = z.infer<typeof configSchema>;
export type LinuxPackage = z.infer<typeof linuxPackage>;

export async function loadConfig(file = CONFIG_FILE): Promise<PackagingConfig> {
  // A CommonJS module through import(): module.exports is the default export.
  const parsed = z
    .object({ default: configSchema })
    .safeParse(await import(pathToFileURL(file).href));
  if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
  return parsed.data.default;
}

/**
 * Where a path of the configuration is, for a build written to `buildRoot` (which holds
 * dist/): electron-builder resolves them against the project, whose dist/ the check
 * builds elsewhere so that it never touches the checkout's.
 */
export function locate(path: string, buildRoot: string): string {
  const inBuild = path === 'dist' || path.startsWith('dist/');
  return resolve(inBuild ? buildRoot : ROOT, path);
}

/**
 * The project files a pattern of `files`/`asarUnpack` matches, relative to the project.
 * Only `DIR/**` and plain paths, which is all this configuration uses: anything else is
 * an error here rather than a silently wrong answer.
 */
export function expand(pattern: string, buildRoot: string): string[] {
  if (pattern.endsWith('/**')) {
    const dir = pattern.slice(0, -'/**'.length);
    if (/[*?[\]{}!]/.test(dir)) throw unsupported(pattern);
    const abs = locate(dir, buildRoot);
    if (!existsSync(abs) || !statSync(abs).isDirectory()) return [];
    return walk(abs).map((file) => join(dir, relative(abs, file)));
  }
  if (/[*?[\]{}!]/.test(pattern)) throw unsupported(pattern);
  const abs = locate(pattern, buildRoot);
  return existsSync(abs) && statSync(abs).isFile() ? [pattern] : [];
}

function unsupported(pattern: string): Error {
  return new Error(
    `${pattern}: the packaging check understands only DIR/** and plain paths; teach it (scripts/packaging/config.ts) before using more`,
  );
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(path) : [path];
  });
}

/** fpm's options that take a package script. */
const SCRIPT_FLAGS = new Set([
  '--before-install',
  '--after-install',
  '--before-remove',
  '--after-remove',
  '--before-upgrade',
  '--after-upgrade',
]);

export interface FpmExtras {
  /** Extra files, `source=destination` on the installed system. */
  readonly files: readonly { readonly source: string; readonly destination: string }[];
  /** Package scripts given to fpm directly (beside afterInstall/afterRemove). */
  readonly scripts: readonly string[];
}

/** The extra files and scripts that a target's `fpm` arguments add to the package. */
export function fpmExtras(args: readonly string[]): FpmExtras {
  const files: { source: string; destination: string }[] = [];
  const scripts: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (SCRIPT_FLAGS.has(arg)) {
      const script = args[++i];
      if (script === undefined) throw new Error(`fpm ${arg} names no script`);
      scripts.push(script);
    } else if (arg.startsWith('-')) {
      throw new Error(`fpm ${arg}: the packaging check does not know this option; teach it`);
    } else {
      const [source, destination, ...rest] = arg.split('=');
      if (source === undefined || destination === undefined || rest.length > 0) {
        throw new Error(`fpm ${arg}: expected SOURCE=DESTINATION`);
      }
      files.push({ source, destination });
    }
  }
  return { files, scripts };
}

/** The app's directory on an installed machine (electron-builder's FpmTarget: /opt/NAME). */
export function appDir(config: PackagingConfig): string {
  return `/opt/${config.productName}`;
}

/**
 * Every file of the installed deb or rpm the check can know: its path on the machine,
 * to the project file it comes from, or to null for what electron-builder makes itself
 * (the Electron binary, Chromium's sandbox helper, the AppArmor profile).
 */
export function packageLayout(
  config: PackagingConfig,
  target: LinuxPackage,
  buildRoot: string,
): Map<string, string | null> {
  const app = appDir(config);
  const layout = new Map<string, string | null>([
    [`${app}/${config.linux.executableName}`, null],
    [`${app}/chrome-sandbox`, null],
    [`${app}/resources/apparmor-profile`, null],
  ]);
  for (const pattern of config.asarUnpack) {
    for (const file of expand(pattern, buildRoot)) {
      layout.set(`${app}/resources/app.asar.unpacked/${file}`, locate(file, buildRoot));
    }
  }
  for (const { from, to } of config.extraResources) {
    layout.set(`${app}/resources/${to}`, locate(from, buildRoot));
  }
  for (const { source, destination } of fpmExtras(target.fpm).files) {
    layout.set(destination, locate(source, buildRoot));
  }
  return layout;
}
