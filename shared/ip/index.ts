// The one IP module: every layer that reads, compares or hands out addresses
// uses this. parse.ts validates untrusted text (shared/validate re-exports it);
// text.ts is the fast reader and writer of canonical text; net.ts the
// arithmetic; pool.ts the free host addresses of a server's network.
export * from './parse';
export { isCanonicalCidr, type Ip } from './text';
export { contains, hostOf, ipOf, isHostRoute, networkOf, overlaps } from './net';
export { AddressPool, freeAddresses } from './pool';
