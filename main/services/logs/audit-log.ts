import type { AuditEntryView } from '../../../shared/contract';
import type { AuditFilter } from '../../store';
import type { ServiceContext } from '../context';

/** Reading the audit log: every change an admin (or wgdesk itself) made, without secrets. */
export class AuditLogService {
  readonly #ctx: ServiceContext;

  constructor(ctx: ServiceContext) {
    this.#ctx = ctx;
  }

  list(filter: AuditFilter): AuditEntryView[] {
    return this.#ctx.store.audit.list(filter).map((e) => ({
      id: e.id,
      at: e.at,
      actor: e.actor,
      action: e.action,
      targetType: e.targetType ?? '',
      targetId: e.targetId,
      details: { ...e.details },
    }));
  }
}
