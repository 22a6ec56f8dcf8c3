import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SystemConfView } from '../../../shared/contract';
import { ChoiceListing } from '../../components/ChoiceListing';
import { systemConfStatus } from '../../lib/system-confs';

interface Props {
  /** The chosen file's interface name, or '' for none. */
  readonly value: string;
  readonly onChange: (name: string) => void;
  /** main's word on the chosen name (InvalidInput on `name`). */
  readonly error: string | undefined;
}

/**
 * The wg-quick files of /etc/wireguard, as main lists them (names and peer
 * counts, never their text), as a radio group: the files main would refuse
 * (managed already, or unreadable as a server) are shown, with why, but
 * cannot be chosen.
 */
export function SystemConfList(props: Props): ReactNode {
  const { t } = useTranslation();
  return (
    <ChoiceListing<SystemConfView>
      {...props}
      legend={t('importForm.systemFiles')}
      loadingText={t('importForm.systemLoading')}
      emptyText={t('importForm.systemEmpty')}
      group="systemConf"
      load={(client) => client.call('interfaces.listSystemConfs', {})}
      nameOf={(c) => c.name}
      choosable={(c) => systemConfStatus(c).kind === 'importable'}
      label={(c) => `${c.name}.conf`}
      details={(c) => <ConfDetails conf={c} />}
    />
  );
}

function ConfDetails({ conf }: { readonly conf: SystemConfView }): ReactNode {
  const { t } = useTranslation();
  const status = systemConfStatus(conf);
  return (
    <>
      <span className="muted">{t('importForm.systemPeers', { count: conf.peers })}</span>
      {status.kind === 'managed' && <span className="badge">{t('importForm.systemManaged')}</span>}
      {status.kind === 'importable' && status.running && (
        <span className="badge">{t('importForm.systemRunning')}</span>
      )}
      {status.kind === 'problem' && (
        <span className="conf-problem">
          {t('importForm.systemProblem', { problem: status.problem })}
        </span>
      )}
    </>
  );
}
