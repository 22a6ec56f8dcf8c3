import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionEntryView } from '../../../shared/contract/methods/monitor';
import { useFormatters } from '../../app/format';
import { ListTable, type Column } from '../../components/ListTable';
import { reasonWords } from '../../lib/log-words';

/** Connection log rows: used on the peer page and on the logs page. */
export function ConnectionTable({
  entries,
  showPeer,
}: {
  /** null while loading. */
  entries: readonly ConnectionEntryView[] | null;
  showPeer: boolean;
}): ReactNode {
  const { t } = useTranslation();
  const f = useFormatters();
  const peer: Column[] = showPeer ? [{ label: t('logs.peer') }] : [];
  return (
    <ListTable
      items={entries}
      empty={t('logs.empty')}
      columns={[
        { label: t('logs.time') },
        ...peer,
        { label: t('logs.event') },
        { label: t('logs.endpoint') },
        { label: t('logs.rx'), kind: 'num' },
        { label: t('logs.tx'), kind: 'num' },
        { label: t('logs.reason') },
      ]}
      row={(e) => (
        // Ids are unique per protocol (issue 14 merges OpenVPN sessions' rows in).
        <tr key={`${e.protocol}-${e.id}`}>
          <td className="nowrap">{f.dateTime(e.at)}</td>
          {showPeer && (
            <td>
              {e.peerName}
              {e.protocol === 'openvpn' && <span className="badge">{t('openvpn.protocol')}</span>}
              {e.userName !== null && <span className="subtle"> · {e.userName}</span>}
            </td>
          )}
          <td>
            <span className={`event event-${e.event}`}>{t(`logs.kinds.${e.event}`)}</span>
          </td>
          {e.endpoint === null ? (
            <td className="muted">{f.none}</td>
          ) : (
            <td className="mono">{e.endpoint}</td>
          )}
          <td className="num">{f.bytes(e.rx)}</td>
          <td className="num">{f.bytes(e.tx)}</td>
          <td className="wrap">{e.reason === null ? '' : reasonWords(t, e.reason, f.locale)}</td>
        </tr>
      )}
    />
  );
}
