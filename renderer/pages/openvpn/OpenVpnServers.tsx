import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  OpenVpnServerView,
  OpenVpnSessionView,
} from '../../../shared/contract/methods/openvpn';
import { useApp } from '../../app/context';
import { useFormatters } from '../../app/format';
import { useAction } from '../../app/use-action';
import { IconButton } from '../../components/IconButton';
import { ListTable } from '../../components/ListTable';

/**
 * OpenVPN servers next to the WireGuard ones (issue 14): each with its
 * management link's state and its live sessions, marked with their protocol.
 * Names are shown as the server printed them: React renders them as text.
 */
export function OpenVpnServers(): ReactNode {
  const { t } = useTranslation();
  const servers = useApp((s) => s.openvpnServers);
  if (servers === null || servers.length === 0) return null;
  return (
    <section aria-labelledby="openvpn-title" className="openvpn">
      <h2 id="openvpn-title">{t('openvpn.title')}</h2>
      {servers.map((s) => (
        <OpenVpnServer key={s.id} server={s} />
      ))}
    </section>
  );
}

function OpenVpnServer({ server }: { server: OpenVpnServerView }): ReactNode {
  const { t } = useTranslation();
  const up = server.state === 'up';
  return (
    <article aria-label={t('openvpn.server', { name: server.name })}>
      <h3>
        {server.name} <span className="badge">{t('openvpn.protocol')}</span>{' '}
        <span className={`badge ${up ? 'badge-up' : 'badge-down'}`}>
          {t(`openvpn.states.${server.state}`)}
        </span>
      </h3>
      {server.error !== null && !up && (
        <div className="banner banner-warn" role="status">
          {server.error.message}
        </div>
      )}
      <ListTable
        items={server.sessions}
        empty={t('openvpn.noSessions')}
        columns={[
          { label: t('openvpn.identity') },
          { label: t('openvpn.protocolColumn') },
          { label: t('openvpn.user') },
          { label: t('openvpn.realAddress') },
          { label: t('openvpn.virtualAddress') },
          { label: t('logs.rx'), kind: 'num' },
          { label: t('logs.tx'), kind: 'num' },
          { label: t('openvpn.since') },
          { label: t('servers.actions'), kind: 'actions' },
        ]}
        row={(s) => <SessionRow key={s.key} serverId={server.id} session={s} />}
      />
    </article>
  );
}

function SessionRow({
  serverId,
  session: s,
}: {
  serverId: number;
  session: OpenVpnSessionView;
}): ReactNode {
  const { t } = useTranslation();
  const f = useFormatters();
  const { run } = useAction('as-notice');
  const user = useApp((st) => st.users?.find((u) => u.id === s.userId));
  const name = s.identity ?? s.commonName;
  return (
    <tr>
      <th scope="row" className="mono">
        {name}
      </th>
      <td>
        <span className="badge">{t('openvpn.protocol')}</span>
      </td>
      <td>{user?.name ?? t('common.none')}</td>
      <td className="mono">{s.realAddress}</td>
      <td className="mono">{s.virtualAddress ?? t('common.none')}</td>
      <td className="num">{f.bytes(s.rx)}</td>
      <td className="num">{f.bytes(s.tx)}</td>
      <td className="nowrap">{f.dateTime(s.connectedSince)}</td>
      <td className="actions">
        <IconButton
          icon="power"
          label={t('openvpn.disconnect', { name })}
          onClick={() => void run((a) => a.disconnectOpenVpn(serverId, s.clientId))}
          danger
        />
      </td>
    </tr>
  );
}
