import type { interfaceMethods } from '../../../shared/contract/methods/interfaces';
import type { Caller, Services } from '../../services';
import type { HandlerSet } from '../types';

export type InterfaceMethod = keyof typeof interfaceMethods;

/** Servers: the contract's interfaces.* methods over the services. */
export function interfaceHandlers(s: Services, caller: Caller): HandlerSet<InterfaceMethod> {
  return {
    'interfaces.list': () => s.interfaces.list(),
    'interfaces.get': (p) => s.interfaces.get(p.id),
    'interfaces.suggest': async () => s.interfaces.suggest(),
    'interfaces.create': (p) => s.interfaces.create(p, caller),
    'interfaces.update': ({ id, ...settings }) => s.interfaces.update(id, settings, caller),
    'interfaces.previewUpdate': ({ id, ...edit }) => s.interfaces.preview(id, edit),
    'interfaces.setUp': (p) => s.interfaces.setUp(p.id, p.up, caller),
    'interfaces.delete': async (p) => ({ deleted: await s.interfaces.delete(p.id, caller) }),
    'interfaces.importConf': (p) =>
      s.imports.importConf(p.name, p.text, caller, { publicEndpoint: p.publicEndpoint ?? null }),
    'interfaces.listSystemConfs': () => s.systemConfs.list(),
    'interfaces.importSystemConf': (p) =>
      s.systemConfs.import(p.name, p.publicEndpoint ?? null, caller),
    'interfaces.listRunning': () => s.systemConfs.running(),
    'interfaces.importRunning': (p) =>
      s.imports.importRunning(p.name, p.publicEndpoint ?? null, caller),
    'interfaces.exportConf': async (p) => s.exports.exportConf(p.id),
    'interfaces.exportClients': async (p) => s.exports.exportClients(p.id),
  };
}
