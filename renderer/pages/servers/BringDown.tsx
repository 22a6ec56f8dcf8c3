import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { InterfaceView } from '../../../shared/contract';
import { useApp, useStoreApi } from '../../app/context';
import { useAction } from '../../app/use-action';
import { Confirm } from '../../components/Confirm';
import { serverById } from '../../store/interfaces';
import type { AppState } from '../../store/types';

/**
 * More live sessions than this make bringing a server down a question: one
 * peer's session is an everyday click, a room full of them is not.
 */
const ASK_ABOVE_ONLINE = 1;

/**
 * Sessions live on this server now, counted from the peers' own statuses (what
 * their rows show) rather than from the running per-server total: one question
 * that asks "drop 2 sessions?" must agree with the two rows that say Online.
 */
function onlineOn(s: AppState, interfaceId: number): number {
  let n = 0;
  for (const [id, iface] of s.live.interfaceOf) {
    const peer = s.peerById.get(id);
    if (iface !== interfaceId || peer?.disconnected === true || peer?.enabled === false) continue;
    if (s.live.byId.get(id)?.status === 'online') n++;
  }
  return n;
}

/**
 * The power button of a server: up at once; down at once too, unless it
 * would drop several live sessions — then it asks, naming how many.
 */
export function useSetServerUp(): (iface: InterfaceView) => void {
  const store = useStoreApi();
  const openDialog = useApp((s) => s.openDialog);
  const { run } = useAction('as-notice');
  return (iface) => {
    const online = onlineOn(store.getState(), iface.id);
    if (iface.up && online > ASK_ABOVE_ONLINE) {
      openDialog({ kind: 'bring-down', interfaceId: iface.id });
    } else void run((a) => a.setUp(iface.id, !iface.up));
  };
}

export function BringDownDialog({
  interfaceId,
  onClose,
}: {
  interfaceId: number;
  onClose: () => void;
}): ReactNode {
  const { t } = useTranslation();
  const name = useApp((s) => serverById(s, interfaceId)?.name ?? '');
  const online = useApp((s) => onlineOn(s, interfaceId));
  return (
    <Confirm
      title={t('window.bringDown.title', { name })}
      submitLabel={t('servers.bringDown', { name })}
      focus="cancel"
      work={(a) => a.setUp(interfaceId, false)}
      onClose={onClose}
    >
      <p>{t('window.bringDown.body', { count: online })}</p>
    </Confirm>
  );
}
