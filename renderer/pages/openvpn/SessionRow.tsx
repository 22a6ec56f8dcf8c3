import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpenVpnSessionView } from '../../../shared/contract/methods/openvpn';
import { useApp } from '../../app/context';
import { useFormatters } from '../../app/format';
import { useAction } from '../../app/use-action';
import { Icon } from '../../components/Icon';
import { IconButton } from '../../components/IconButton';
import { HistoryChart } from '../peer/HistoryChart';

/** The columns of OpenVpnServers' session table: the history row spans them all. */
const COLUMNS = 9;

/** The <select> value that stands for "nobody" (user ids are positive). */
const NOBODY = '';

/**
 * One live OpenVPN session. Its user is chosen right here: the admin sees a
 * device come in and gives its identity to a user, so their limit counts it.
 * Its identity's traffic history opens in a row below, as a peer's chart.
 */
export function SessionRow({
  serverId,
  session: s,
}: {
  serverId: number;
  session: OpenVpnSessionView;
}): ReactNode {
  const { t } = useTranslation();
  const f = useFormatters();
  const { run, busy } = useAction('as-notice');
  const [chart, setChart] = useState(false);
  const users = useApp((st) => st.users) ?? [];
  const name = s.identity ?? s.commonName;
  const identity = s.identity;
  const assign = (value: string): void => {
    if (identity === null) return;
    const userId = value === NOBODY ? null : Number(value);
    void run((a) => a.assignOpenVpnIdentity(serverId, identity, userId));
  };
  const historyLabel = t('openvpnHistory.show', { name });
  return (
    <>
      <tr>
        <th scope="row" className="mono">
          {name}
        </th>
        <td>
          <span className="badge">{t('openvpn.protocol')}</span>
        </td>
        <td>
          <select
            aria-label={t('openvpnAssign.userOf', { name })}
            value={s.userId === null ? NOBODY : String(s.userId)}
            disabled={busy || identity === null}
            onChange={(e) => assign(e.target.value)}
          >
            <option value={NOBODY}>{t('common.none')}</option>
            {users.map((u) => (
              <option key={u.id} value={String(u.id)}>
                {u.name}
              </option>
            ))}
          </select>
        </td>
        <td className="mono">{s.realAddress}</td>
        <td className="mono">{s.virtualAddress ?? t('common.none')}</td>
        <td className="num">{f.bytes(s.rx)}</td>
        <td className="num">{f.bytes(s.tx)}</td>
        <td className="nowrap">{f.dateTime(s.connectedSince)}</td>
        <td className="actions">
          <button
            type="button"
            className="icon-button"
            aria-label={historyLabel}
            title={historyLabel}
            aria-expanded={chart}
            disabled={identity === null}
            onClick={() => setChart(!chart)}
          >
            <Icon name="chart" />
          </button>
          <IconButton
            icon="power"
            label={t('openvpn.disconnect', { name })}
            onClick={() => void run((a) => a.disconnectOpenVpn(serverId, s.clientId))}
            danger
          />
        </td>
      </tr>
      {chart && identity !== null && (
        <tr>
          <td colSpan={COLUMNS}>
            <HistoryChart
              source={{ kind: 'openvpn', serverId, identity }}
              name={name}
              title={t('peer.history')}
            />
          </td>
        </tr>
      )}
    </>
  );
}
