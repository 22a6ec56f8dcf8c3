// CPU time and memory of processes from /proc, for "what does the dump itself
// cost": the `wg` child (reaped, so counted in our cutime/cstime) and the
// wireguard-go daemon that serves it.
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/PID/stat (USER_HZ: 100 on every Linux build we meet). */
const HZ = 100;

/** utime, stime, cutime, cstime of a process, in ms. */
export function procTimes(pid: number | 'self'): { own: number; children: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after "(comm) ": state is field 3; utime/stime/cutime/cstime are 14–17.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const n = (i: number): number => Number(f[i - 3] ?? 0);
  return { own: ((n(14) + n(15)) * 1000) / HZ, children: ((n(16) + n(17)) * 1000) / HZ };
}

/** Resident set size of a process, in MB (VmRSS of /proc/PID/status). */
export function rssMb(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (m === null) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]) / 1024;
}

/** The pid of the wireguard-go daemon serving `ifname`. */
export function wireguardGoPid(ifname: string): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(entry)) continue;
    try {
      const [exe, name] = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (exe?.endsWith('wireguard-go') === true && name === ifname) return Number(entry);
    } catch {
      // the process ended while we looked
    }
  }
  throw new Error(`no wireguard-go for ${ifname}`);
}
