import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Actions } from '../../actions';
import { useApp } from '../../app/context';
import { Confirm } from '../../components/Confirm';
import { SelectField } from '../../components/Select';
import { serverById } from '../../store/interfaces';

const DURATIONS = { forever: undefined, m15: 15 * 60, h1: 3600, d1: 86_400 } as const;
type Duration = keyof typeof DURATIONS;

/** "Disconnect alice" for one peer, "Disconnect 3 peers" for many. */
function usePeersTitle(ids: readonly number[], prefix: 'disconnect' | 'deletePeers'): string {
  const { t } = useTranslation();
  const name = useApp((s) =>
    ids.length === 1 && ids[0] !== undefined ? (s.peerById.get(ids[0])?.name ?? '') : '',
  );
  return ids.length === 1
    ? t(`${prefix}.titleOne`, { name })
    : t(`${prefix}.titleMany`, { count: ids.length });
}

/** The peers a dialog acts on: one row's, or the table's selection. */
interface PeersProps {
  readonly ids: readonly number[];
  readonly onClose: () => void;
}

/** Disconnect one or many peers, for good (until reconnected) or for a while. */
export function DisconnectDialog({ ids, onClose }: PeersProps): ReactNode {
  const { t } = useTranslation();
  const setSelection = useApp((s) => s.setSelection);
  const [duration, setDuration] = useState<Duration>('forever');
  const title = usePeersTitle(ids, 'disconnect');
  const disconnect = async (a: Actions): Promise<void> => {
    await a.disconnect(ids, DURATIONS[duration]);
    if (ids.length > 1) setSelection({});
  };
  return (
    <Confirm
      title={title}
      submitLabel={t('disconnect.action')}
      focus="submit"
      work={disconnect}
      onClose={onClose}
    >
      <p>{t('disconnect.body')}</p>
      <SelectField
        label={t('disconnect.duration')}
        value={duration}
        options={(Object.keys(DURATIONS) as Duration[]).map((d) => ({
          value: d,
          label: t(`disconnect.${d}`),
        }))}
        onChange={setDuration}
      />
    </Confirm>
  );
}

export function DeletePeersDialog({ ids, onClose }: PeersProps): ReactNode {
  const { t } = useTranslation();
  const title = usePeersTitle(ids, 'deletePeers');
  return (
    <Confirm
      title={title}
      submitLabel={t('common.delete')}
      focus="cancel"
      work={(a) => a.deletePeers(ids)}
      onClose={onClose}
    >
      <p>{t('deletePeers.body')}</p>
    </Confirm>
  );
}

/**
 * Revocation (issue 12) cannot be undone, so the dialog says exactly what is
 * lost for good, and Cancel has the focus.
 */
export function RevokePeersDialog({ ids, onClose }: PeersProps): ReactNode {
  const { t } = useTranslation();
  const name = useApp((s) =>
    ids.length === 1 && ids[0] !== undefined ? (s.peerById.get(ids[0])?.name ?? '') : '',
  );
  return (
    <Confirm
      title={t('lifecycleWindow.revokeTitle', { name })}
      submitLabel={t('lifecycleWindow.revokeSubmit')}
      focus="cancel"
      work={(a) => a.revokePeers(ids)}
      onClose={onClose}
    >
      <p>
        <strong>{t('lifecycleWindow.revokePermanent')}</strong>
      </p>
      <ul>
        <li>{t('lifecycleWindow.revokeKey')}</li>
        <li>{t('lifecycleWindow.revokeConfig')}</li>
        <li>{t('lifecycleWindow.revokeRowStays')}</li>
      </ul>
    </Confirm>
  );
}

export function DeleteInterfaceDialog({
  interfaceId,
  onClose,
}: {
  interfaceId: number;
  onClose: () => void;
}): ReactNode {
  const { t } = useTranslation();
  const iface = useApp((s) => serverById(s, interfaceId));
  const name = iface?.name ?? '';
  return (
    <Confirm
      title={t('servers.deleteTitle', { name })}
      submitLabel={t('servers.delete', { name })}
      focus="cancel"
      work={(a) => a.deleteServer(interfaceId)}
      onClose={onClose}
    >
      <p>{t('servers.deleteBody', { count: iface?.peerCount ?? 0 })}</p>
    </Confirm>
  );
}
