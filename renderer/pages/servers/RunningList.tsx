import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunningInterfaceView } from '../../../shared/contract';
import { useFormatters } from '../../app/format';
import { ChoiceListing } from '../../components/ChoiceListing';

interface Props {
  /** The chosen interface's name, or '' for none. */
  readonly value: string;
  readonly onChange: (name: string) => void;
  /** main's word on the chosen name (InvalidInput or NotFound on `name`). */
  readonly error: string | undefined;
}

/**
 * The WireGuard interfaces running on the machine, as main lists them (issue
 * 15, point 9): a radio group rather than a name typed from memory. Those
 * wgdesk manages already are shown but cannot be chosen.
 */
export function RunningList(props: Props): ReactNode {
  const { t } = useTranslation();
  const f = useFormatters();
  return (
    <ChoiceListing<RunningInterfaceView>
      {...props}
      legend={t('importBulk.running')}
      loadingText={t('importBulk.runningLoading')}
      emptyText={t('importBulk.runningEmpty')}
      group="runningInterface"
      load={(client) => client.call('interfaces.listRunning', {})}
      nameOf={(i) => i.name}
      choosable={(i) => !i.managed}
      details={(i) => (
        <>
          <span className="muted">
            {i.listenPort === null
              ? t('importBulk.runningNoPort')
              : t('importBulk.runningPort', { port: i.listenPort })}
            {' · '}
            {t('importBulk.runningPeers', { count: f.count(i.peers) })}
          </span>
          {i.managed && <span className="badge">{t('importBulk.runningManaged')}</span>}
        </>
      )}
    />
  );
}
