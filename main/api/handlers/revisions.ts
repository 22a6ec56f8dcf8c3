import type { revisionMethods } from '../../../shared/contract/methods/revisions';
import type { Services } from '../../services';
import type { Caller } from '../../services/context';
import type { HandlerSet } from '../types';

export type RevisionMethod = keyof typeof revisionMethods;

export function revisionHandlers(s: Services, caller: Caller): HandlerSet<RevisionMethod> {
  return {
    'revisions.list': async ({ interfaceId }) => s.revisions.list(interfaceId),
    'revisions.compare': async ({ interfaceId, from, to }) =>
      s.revisions.compare(interfaceId, from, to),
    'revisions.rollback': ({ interfaceId, revisionId }) =>
      s.revisions.rollback(interfaceId, revisionId, caller),
  };
}
