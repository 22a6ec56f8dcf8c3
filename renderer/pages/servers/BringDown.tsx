import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { InterfaceView } from '../../../shared/contract';
import { useApp, useStoreApi } from '../../app/context';
import { useAction } from '../../app/use-action';
import { Confirm } from '../../components/Confirm';
import { serverById } from '../../store/interfaces';

/**
 * More live sessions than this make bringing a server down a question: one
 * peer's session is an everyday click, a room full of them is not.
 */
const ASK_ABOVE_ONLINE = 1;

/**
 * The power button of a server: up at once; down at once too, unless it
 * would drop several live sessions — then it asks, naming how many.
 */
export function useSetServerUp(): (iface: InterfaceView) => void {
  const store = useStoreApi();
  const openDialog = useApp((s) => s.openDialog);
  const { run } = useAction('as-notice');
  return (iface) => {
    const online = store.getState().live.onlineByInterface.get(iface.id) ?? 0;
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
  const online = useApp((s) => s.live.onlineByInterface.get(interfaceId) ?? 0);
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
