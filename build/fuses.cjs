// electron-builder afterPack hook: flips Electron's fuses in the packaged
// binary, before signing. Fuses are compile-time switches baked into the
// executable; unlike options in code, nothing at run time can turn them back.
// Hooked up in electron-builder.cjs:  afterPack: 'build/fuses.cjs'
// CommonJS because electron-builder loads hooks with require().
/* global require, exports */
/* eslint-disable @typescript-eslint/no-require-imports */
const path = require('node:path');
const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses');

/**
 * RunAsNode stays ON, deliberately. The privileged helper is Node code that must
 * run as root; a desktop has no guaranteed system `node`, so the packaged app
 * starts the helper with its own binary and ELECTRON_RUN_AS_NODE=1 (through
 * pkexec/sudo-prompt, one password prompt). With the fuse off the helper could
 * not start. What stays open: anyone who can already run programs as this user
 * can use the wgdesk binary as a Node interpreter, which gives them nothing they
 * do not have (it is not setuid; root needs the password every time). Turn it
 * off if the helper ever ships as its own executable.
 */
const RUN_AS_NODE = true;

// electron-builder's Arch enum (ia32 0, x64 1, armv7l 2, arm64 3, universal 4).
const ARCH_ARM64 = 3;

const FUSES = {
  version: FuseVersion.V1,
  // Every fuse is set explicitly, so an Electron upgrade that adds one fails the build here.
  strictlyRequireAllFuses: true,
  [FuseV1Options.RunAsNode]: RUN_AS_NODE,
  // Cookies are encrypted with the OS keychain (we keep none that matter, but it is free).
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS could inject --require of any file into the main process.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  // --inspect would open a debugger port into the main process, which holds the data key.
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // Refuse an app.asar that was modified after signing (macOS, Windows; Linux has no check yet).
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  // Only app.asar, never a loose app/ folder someone drops next to it.
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  // The window loads app://, not file://: file: needs no extra powers.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
};

exports.default = async function afterPack(context) {
  const name = context.packager.appInfo.productFilename;
  const executable = {
    darwin: `${name}.app`,
    mas: `${name}.app`,
    win32: `${name}.exe`,
    linux: context.packager.executableName,
  }[context.electronPlatformName];
  if (executable === undefined) {
    throw new Error(`fuses: unknown platform ${context.electronPlatformName}`);
  }
  await flipFuses(path.join(context.appOutDir, executable), {
    ...FUSES,
    // electron-builder signs after this hook; an ad-hoc signature is redone for arm64 macOS.
    resetAdHocDarwinSignature:
      context.electronPlatformName === 'darwin' && context.arch === ARCH_ARM64,
  });
};
