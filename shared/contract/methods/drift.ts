import { z } from 'zod';
import { method } from '../define';
import { zInterfaceId } from '../fields';
import { AuditEntryView, DriftReport } from '../views';

export const driftMethods = {
  'drift.get': method({
    summary: 'Compare what the database wants with what the kernel has, for one server.',
    params: z.strictObject({ interfaceId: zInterfaceId }),
    result: DriftReport,
    mutates: false,
  }),
  'drift.reconcile': method({
    summary:
      'adopt: the database takes what the kernel has; push: the kernel gets what the database says.',
    params: z.strictObject({ interfaceId: zInterfaceId, direction: z.enum(['adopt', 'push']) }),
    result: DriftReport,
    mutates: true,
  }),
  'audit.list': method({
    summary: 'The audit log, newest first.',
    params: z.strictObject({
      targetType: z.string().max(64).optional(),
      targetId: z.string().max(64).optional(),
      since: z.number().int().nonnegative().optional(),
      until: z.number().int().nonnegative().optional(),
      limit: z.number().int().min(1).max(1000).default(100),
    }),
    result: z.array(AuditEntryView),
    mutates: false,
  }),
};
