import { useTranslation } from 'react-i18next';
import type { RuleView } from '../../../shared/contract/methods/network';
import { useApp } from '../../app/context';

type Endpoint = RuleView['source'] | RuleView['destination'];

/** How a rule's ends and its name read in the table and in an explanation. */
export function useRuleText() {
  const { t } = useTranslation();
  const peers = useApp((s) => s.peerById);
  const users = useApp((s) => s.users);
  const peerName = (id: number | undefined): string =>
    (id === undefined ? undefined : peers.get(id)?.name) ?? t('network.unknownPeer', { id });
  const userName = (id: number | undefined): string =>
    users?.find((u) => u.id === id)?.name ?? t('network.unknownUser', { id });

  const endpoint = (e: Endpoint, side: 'source' | 'destination'): string => {
    switch (e.kind) {
      case 'peer':
        return peerName(e.peerId);
      case 'user':
        return t('network.peersOf', { name: 'userId' in e ? userName(e.userId) : '' });
      case 'cidr':
        return e.cidr ?? '';
      case 'server':
        return t('network.kindServer');
      case 'internet':
        return t('network.kindInternet');
      default:
        return side === 'source' ? t('network.kindAny') : t('network.kindAnywhere');
    }
  };
  /** "Rule #4 (priority 20)": what the table's move buttons and the explanation name. */
  const ruleName = (r: Pick<RuleView, 'id' | 'priority'>): string =>
    t('network.ruleName', { id: r.id, priority: r.priority });
  return { endpoint, ruleName };
}
