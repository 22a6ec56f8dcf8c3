import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionEntryView } from '../../../shared/contract/methods/monitor';
import { useFormatters } from '../../app/format';

/** Connection log rows: used on the peer page and on the logs page. */
export function ConnectionTable({
  entries,
  showPeer,
}: {
  entries: readonly ConnectionEntryView[];
  showPeer: boolean;
}): ReactNode {
  const { t } = useTranslation();
  const f = useFormatters();
  if (entries.length === 0) return <p className="empty">{t('logs.empty')}</p>;
  return (
    <div className="table-wrap">
      <table className="grid">
        <thead>
          <tr>
            <th scope="col">{t('logs.time')}</th>
            {showPeer && <th scope="col">{t('logs.peer')}</th>}
            <th scope="col">{t('logs.event')}</th>
            <th scope="col">{t('logs.endpoint')}</th>
            <th scope="col" className="num">
              {t('logs.rx')}
            </th>
            <th scope="col" className="num">
              {t('logs.tx')}
            </th>
            <th scope="col">{t('logs.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td className="nowrap">{f.dateTime(e.at)}</td>
              {showPeer && (
                <td>
                  {e.peerName}
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
              <td className="wrap">{e.detail ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
