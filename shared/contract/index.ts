import type { z } from 'zod';
import { backupMethods } from './methods/backup';
import { driftMethods } from './methods/drift';
import { interfaceMethods } from './methods/interfaces';
import { monitorMethods } from './methods/monitor';
import { openvpnMethods } from './methods/openvpn';
import { networkMethods } from './methods/network';
import { peerMethods } from './methods/peers';
import { revisionMethods } from './methods/revisions';
import { settingsMethods } from './methods/settings';
import { systemMethods } from './methods/system';
import { userMethods } from './methods/users';

/**
 * The contract: every method the renderer (or the CLI, or a test) can call on
 * main. Both sides are derived from this object; no channel name is typed
 * anywhere else. Each domain keeps its methods in its own file under methods/.
 */
export const METHODS = {
  ...systemMethods,
  ...interfaceMethods,
  ...peerMethods,
  ...driftMethods,
  ...monitorMethods,
  ...userMethods,
  ...settingsMethods,
  // OpenVPN servers (issue 14).
  ...openvpnMethods,
  ...networkMethods,
  ...backupMethods,
  ...revisionMethods,
};

export type Methods = typeof METHODS;
export type MethodName = keyof Methods;
/** What a caller sends (before validation). */
export type ParamsIn<M extends MethodName> = z.input<Methods[M]['params']>;
/** What a handler receives (validated, branded). */
export type Params<M extends MethodName> = z.output<Methods[M]['params']>;
export type ResultOf<M extends MethodName> = z.output<Methods[M]['result']>;

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(METHODS, name);
}

export * from './define';
export * from './events';
export * from './stats-push';
export * from './stats-merge';
export { encodePush } from './stats-encode';
export * from './stats-read';
export * from './fields';
export * from './views';
export { BackupFileView, BackupScheduleView } from './methods/backup';
export { RevisionDiffView, RevisionView } from './methods/revisions';
export { parseParams } from './params';
