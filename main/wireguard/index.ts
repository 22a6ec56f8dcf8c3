// The pure WireGuard core: keys, wg-quick .conf files, `wg show dump` output.
// No process or file I/O here (lint enforces it); main/host runs the tools.
export {
  generateKeyPair,
  generateKeyPairs,
  generatePresharedKey,
  generatePresharedKeys,
  publicKeyOf,
  MAX_KEY_PAIRS,
  type KeyPair,
} from './keys';
export { parseWgQuickConf, MAX_CONF_CHARS } from './conf/parse';
export { renderWgQuickConf, renderWgSetconf, type RenderOptions } from './conf/render';
export {
  parseHookCommand,
  MAX_HOOK_LENGTH,
  type ConfWarning,
  type HookCommand,
  type InterfaceSection,
  type ParsedConf,
  type PeerSection,
  type WgQuickConfig,
} from './conf/types';
export {
  DumpParser,
  parseDumpAll,
  parseDumpOne,
  type ObservedInterface,
  type ObservedPeer,
} from './dump';
export { parseUapi, UapiParser } from './uapi';
export { uapiSetPeer, uapiErrno, type UapiPeer } from './uapi-set';
export { buildClientConfig, clientAllowedIps, type ClientConfigInput } from './client';
