import type { driftMethods } from '../../../shared/contract/methods/drift';
import type { Caller, Services } from '../../services';
import type { HandlerSet } from '../types';

export type DriftMethod = keyof typeof driftMethods;

/** Drift between database and kernel, and the audit log. */
export function driftHandlers(s: Services, caller: Caller): HandlerSet<DriftMethod> {
  return {
    'drift.get': (p) => s.drift.get(p.interfaceId),
    'drift.reconcile': (p) => s.drift.reconcile(p.interfaceId, p.direction, caller),
    'audit.list': async (p) =>
      s.audit.list({
        limit: p.limit,
        ...(p.targetType === undefined ? {} : { targetType: p.targetType }),
        ...(p.targetId === undefined ? {} : { targetId: p.targetId }),
        ...(p.since === undefined ? {} : { since: p.since }),
        ...(p.until === undefined ? {} : { until: p.until }),
      }),
  };
}
