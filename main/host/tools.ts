import { accessSync, constants } from 'node:fs';
import { AppError } from '../../shared/errors';

/**
 * Every program wgdesk may run. The helper's allowlist is this list, plus
 * /bin/sh for interface hooks only (Runner.runShell says why). setsid only
 * ever runs another tool of this list, in a session of its own (see Command).
 */
export const TOOLS = [
  'wg',
  'wg-quick',
  'wireguard-go',
  'ip',
  'nft',
  'tc',
  'conntrack',
  'setsid',
  'sysctl',
] as const;
export type Tool = (typeof TOOLS)[number];

// Programs are run by absolute path so that PATH (which an unprivileged parent
// controls) can never choose what runs as root.
const SEARCH_DIRS = ['/usr/bin', '/usr/sbin', '/bin', '/sbin', '/usr/local/bin', '/usr/local/sbin'];

/**
 * The environment every command gets: fixed, never inherited from the caller.
 * A fresh object per spawn, because Node writes into the env it is handed: with
 * NODE_V8_COVERAGE set it adds that variable (so coverage follows node children),
 * which throws on a frozen object and would leak into every later command on a
 * shared one.
 */
export function fixedEnv(): Record<string, string> {
  return {
    PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
    LC_ALL: 'C',
    // wireguard-go refuses to start on Linux without this; we only fall back to it
    // when the kernel has no WireGuard module.
    WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD: '1',
  };
}

export type ToolPaths = Readonly<Partial<Record<Tool, string>>>;

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Finds each tool once, at start; a missing tool is recorded, not an error yet. */
export function locateTools(dirs: readonly string[] = SEARCH_DIRS): ToolPaths {
  const found: Partial<Record<Tool, string>> = {};
  for (const tool of TOOLS) {
    const dir = dirs.find((d) => isExecutable(`${d}/${tool}`));
    if (dir !== undefined) found[tool] = `${dir}/${tool}`;
  }
  return found;
}

const INSTALL_HINT: Record<Tool, string> = {
  wg: 'install wireguard-tools (Debian/Ubuntu: apt install wireguard-tools)',
  'wg-quick': 'install wireguard-tools (Debian/Ubuntu: apt install wireguard-tools)',
  'wireguard-go':
    'load the wireguard kernel module, or install wireguard-go (apt install wireguard-go)',
  ip: 'install iproute2',
  nft: 'install nftables',
  tc: 'install iproute2',
  conntrack: 'install conntrack',
  setsid: 'install util-linux',
  sysctl: 'install procps',
};

export function requireTool(paths: ToolPaths, tool: Tool): string {
  const path = paths[tool];
  if (path === undefined) {
    const kind =
      tool === 'wg' || tool === 'wg-quick' || tool === 'wireguard-go'
        ? 'WireGuardUnavailable'
        : 'CommandFailed';
    throw new AppError(kind, `${tool} is not installed: ${INSTALL_HINT[tool]}`);
  }
  return path;
}
