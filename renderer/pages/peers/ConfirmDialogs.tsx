import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../../app/context';
import { useAction } from '../../app/use-action';
import { Dialog } from '../../components/Dialog';
import { SubmitFooter } from '../../components/FormParts';
import { SelectField } from '../../components/Select';

const DURATIONS = { forever: undefined, m15: 15 * 60, h1: 3600, d1: 86_400 } as const;
type Duration = keyof typeof DURATIONS;

function useNameOf(ids: readonly number[]): string {
  return useApp((s) =>
    ids.length === 1 && ids[0] !== undefined ? (s.peerById.get(ids[0])?.name ?? '') : '',
  );
}

/** Disconnect one or many peers, for good (until reconnected) or for a while. */
export function DisconnectDialog({
  ids,
  onClose,
}: {
  ids: readonly number[];
  onClose: () => void;
}): ReactNode {
  const { t } = useTranslation();
  const { run, busy } = useAction('as-notice');
  const setSelection = useApp((s) => s.setSelection);
  const name = useNameOf(ids);
  const [duration, setDuration] = useState<Duration>('forever');
  const submit = (): void => {
    void run(async (a) => {
      await a.disconnect(ids, DURATIONS[duration]);
      if (ids.length > 1) setSelection({});
      onClose();
    });
  };
  return (
    <Dialog
      title={
        ids.length === 1
          ? t('disconnect.titleOne', { name })
          : t('disconnect.titleMany', { count: ids.length })
      }
      onClose={onClose}
      onSubmit={submit}
      footer={
        <SubmitFooter
          onCancel={onClose}
          busy={busy}
          submitLabel={t('disconnect.action')}
          danger
          focus="submit"
        />
      }
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
    </Dialog>
  );
}

export function DeletePeersDialog({
  ids,
  onClose,
}: {
  ids: readonly number[];
  onClose: () => void;
}): ReactNode {
  const { t } = useTranslation();
  const { run, busy } = useAction('as-notice');
  const name = useNameOf(ids);
  const submit = (): void => {
    void run(async (a) => {
      await a.deletePeers(ids);
      onClose();
    });
  };
  return (
    <Dialog
      title={
        ids.length === 1
          ? t('deletePeers.titleOne', { name })
          : t('deletePeers.titleMany', { count: ids.length })
      }
      onClose={onClose}
      onSubmit={submit}
      footer={
        <SubmitFooter
          onCancel={onClose}
          busy={busy}
          submitLabel={t('common.delete')}
          danger
          focus="cancel"
        />
      }
    >
      <p>{t('deletePeers.body')}</p>
    </Dialog>
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
  const { run, busy } = useAction('as-notice');
  const iface = useApp((s) => s.interfaces?.find((i) => i.id === interfaceId));
  const name = iface?.name ?? '';
  const submit = (): void => {
    void run(async (a) => {
      await a.deleteServer(interfaceId);
      onClose();
    });
  };
  return (
    <Dialog
      title={t('servers.deleteTitle', { name })}
      onClose={onClose}
      onSubmit={submit}
      footer={
        <SubmitFooter
          onCancel={onClose}
          busy={busy}
          submitLabel={t('servers.delete', { name })}
          danger
          focus="cancel"
        />
      }
    >
      <p>{t('servers.deleteBody', { count: iface?.peerCount ?? 0 })}</p>
    </Dialog>
  );
}
