// Packaging: electron-builder wraps the bundles of `npm run build` (dist/) with the
// Electron runtime. `npm run dist` builds the deb and the rpm from this file.
//
// A module rather than electron-builder.yml so that `npm run check:packaging`
// (scripts/packaging/) reads the very object electron-builder reads, with no YAML parser
// and no second list of files to keep in step: it checks that every file named here
// exists after a build, that the package's scripts pass shellcheck and that the unit
// passes `systemd-analyze verify`. CommonJS because electron-builder finds and loads
// `electron-builder.cjs` by itself, like build/fuses.cjs.
//
// Linux packages (deb, rpm) install as root into /opt/wgdesk, owned by root and not
// writable by anyone else (fpm makes every file root:root; modes come from the build
// tree: 0755 and 0644). That matters because two of those files run as root: the
// privileged helper and the system service's command line.
/* global module, __dirname */

/** A file of the repository, by absolute path: fpm reads the extra files it is given
 * relative to its own working directory, not to the project. */
const repo = (path) => `${__dirname}/${path}`;

/** What the deb and the rpm install besides the app's directory, and their remove step. */
const fpm = [
  // The system service (packaging/wgdesk.service): the package owns the unit file, so
  // dpkg and rpm remove it with the package.
  `${repo('packaging/wgdesk.service')}=/usr/lib/systemd/system/wgdesk.service`,
  // `wgdesk` on the PATH: the window, or with a command the command line.
  `${repo('packaging/linux/wgdesk')}=/usr/bin/wgdesk`,
  // electron-builder has an afterInstall and an afterRemove option but no beforeRemove:
  // stopping the service belongs before its files go.
  '--before-remove',
  repo('packaging/linux/before-remove.sh'),
];

module.exports = {
  appId: 'org.wgdesk.app',
  productName: 'wgdesk',
  copyright: 'Copyright © 2026 the wgdesk authors',
  directories: { output: 'out', buildResources: 'build' },
  files: ['dist/**', 'package.json'],
  asarUnpack: [
    // A native module cannot be loaded from inside an asar archive. bindings (with its
    // one dependency) finds better-sqlite3's compiled part, and must sit beside it: the
    // service's command line runs from app.asar.unpacked and resolves its packages there.
    'node_modules/better-sqlite3/**',
    'node_modules/bindings/**',
    'node_modules/file-uri-to-path/**',
    // Run as root by the Electron binary in Node mode: plain files in the package's
    // root-owned directory. The privileged helper (main/app/privileged.ts), and the
    // command line that the system service runs (packaging/wgdesk.service).
    'dist/app/helper.mjs',
    'dist/app/cli.mjs',
    // The page, which the service also serves to a browser when wgdesk.conf says so.
    'dist/renderer/**',
  ],
  // The default policy, copied to /etc/wgdesk/wgdesk.conf on a first install.
  extraResources: [{ from: 'packaging/wgdesk.conf', to: 'wgdesk.conf' }],
  // Electron fuses, flipped in the packaged binary before signing (RunAsNode: see the file).
  afterPack: 'build/fuses.cjs',
  linux: {
    category: 'Network',
    // deb and rpm only. No AppImage: it runs from a mount of a file the user owns, so the
    // helper and the service that run as root would be code the user can change. A
    // package that a root package manager installs is root's.
    target: ['deb', 'rpm'],
    executableName: 'wgdesk',
  },
  deb: {
    // Setting depends replaces electron-builder's defaults, so they are repeated: the
    // Electron binary links against these libraries even in Node mode, as the service
    // runs it, so a router box without a desktop installs them too (no display is
    // needed). Then what the engine runs: wg, ip, and setfacl (the service opens its
    // socket to each listed admin with an ACL entry).
    depends: [
      'libgtk-3-0',
      'libnotify4',
      'libnss3',
      'libxss1',
      'libxtst6',
      'xdg-utils',
      'libatspi2.0-0',
      'libuuid1',
      'libsecret-1-0',
      'wireguard-tools',
      'iproute2',
      'acl',
    ],
    // Without these, what needs them says so: wireguard-go where the kernel has no
    // WireGuard module, nft, conntrack flushes.
    recommends: ['wireguard-go', 'nftables', 'conntrack'],
    afterInstall: 'packaging/linux/after-install.sh',
    afterRemove: 'packaging/linux/after-remove.sh',
    fpm,
  },
  rpm: {
    // electron-builder's rpm defaults, then the same tools as the deb's.
    depends: [
      'gtk3',
      'libnotify',
      'nss',
      'libXScrnSaver',
      '(libXtst or libXtst6)',
      'xdg-utils',
      'at-spi2-core',
      '(libuuid or libuuid1)',
      'wireguard-tools',
      'iproute',
      'acl',
    ],
    // One set of scripts for both: each tells a deb's arguments from an rpm's.
    afterInstall: 'packaging/linux/after-install.sh',
    afterRemove: 'packaging/linux/after-remove.sh',
    fpm,
  },
  win: { target: ['nsis'] },
  nsis: { oneClick: false, perMachine: true },
  mac: { category: 'public.app-category.utilities', target: ['dmg'] },
};
