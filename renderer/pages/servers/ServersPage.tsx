import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { InterfaceView } from '../../../shared/contract';
import { useAction, useActions } from '../../app/use-action';
import { useApp } from '../../app/context';
import { useFormatters } from '../../app/format';
import { Icon } from '../../components/Icon';
import { IconButton } from '../../components/IconButton';
import { ListTable } from '../../components/ListTable';
import { peerCountOf } from '../../store/interfaces';
import { OpenVpnServers } from '../openvpn/OpenVpnServers';
import { useSetServerUp } from './BringDown';

function ServerRow({ iface }: { iface: InterfaceView }): ReactNode {
  const { t } = useTranslation();
  const f = useFormatters();
  const { openServer } = useActions();
  const { run } = useAction('as-notice');
  const setUp = useSetServerUp();
  const openDialog = useApp((s) => s.openDialog);
  const summary = useApp((s) => s.summaries[iface.id]);
  const online = useApp((s) => s.live.onlineByInterface.get(iface.id) ?? 0);
  const peerCount = useApp((s) => peerCountOf(s, iface));
  const name = iface.name;
  const addresses = [iface.ipv4Address, iface.ipv6Address].filter((x) => x !== null);
  const free: [family: string, n: number][] = [];
  if (summary !== undefined && summary.freeIpv4 !== null) free.push(['IPv4', summary.freeIpv4]);
  if (summary !== undefined && summary.freeIpv6 !== null) free.push(['IPv6', summary.freeIpv6]);
  return (
    <tr>
      <th scope="row">
        <button
          type="button"
          className="link"
          aria-label={t('servers.open', { name })}
          onClick={() => openServer(iface.id)}
        >
          {name}
        </button>
      </th>
      <td>
        <span className={`badge ${iface.up ? 'badge-up' : 'badge-down'}`}>
          {iface.up ? t('servers.up') : t('servers.down')}
        </span>
      </td>
      <td className="num">{iface.listenPort ?? t('common.none')}</td>
      <td className="mono">{addresses.length > 0 ? addresses.join(', ') : t('common.none')}</td>
      <td className="mono">{iface.publicEndpoint ?? t('common.none')}</td>
      <td className="num">
        {f.count(online)} / {f.count(peerCount)}
      </td>
      <td className="num">
        {summary === undefined
          ? t('common.none')
          : `${f.bytes(summary.rx)} / ${f.bytes(summary.tx)}`}
      </td>
      <td className="num">
        {free.length === 0
          ? t('common.none')
          : free.map(([family, n], i) => (
              <span key={family} className="free">
                {i > 0 && ' · '}
                <span className="subtle">{family}</span> {f.free(n)}
              </span>
            ))}
      </td>
      <td className="actions">
        <IconButton
          icon="power"
          label={iface.up ? t('servers.bringDown', { name }) : t('servers.bringUp', { name })}
          onClick={() => setUp(iface)}
        />
        <IconButton
          icon="edit"
          label={t('servers.edit', { name })}
          onClick={() => openDialog({ kind: 'interface-form', interfaceId: iface.id })}
        />
        <IconButton
          icon="download"
          label={t('servers.export', { name })}
          onClick={() => void run((a) => a.exportConf(iface.id))}
        />
        <IconButton
          icon="trash"
          label={t('servers.delete', { name })}
          onClick={() => openDialog({ kind: 'delete-interface', interfaceId: iface.id })}
          danger
        />
      </td>
    </tr>
  );
}

/** Every server at a glance: is it up, who is online, how much it carried, how much room is left. */
export function ServersPage(): ReactNode {
  const { t } = useTranslation();
  const interfaces = useApp((s) => s.interfaces);
  const caps = useApp((s) => s.capabilities);
  const openDialog = useApp((s) => s.openDialog);
  // The online counts are in the mutable stats container; re-render when statuses move.
  useApp((s) => s.statusVersion);
  return (
    <main className="page" aria-labelledby="page-title">
      <header className="page-head">
        <h1 id="page-title">{t('servers.title')}</h1>
        <div className="toolbar">
          <button
            type="button"
            aria-label={t('importForm.title')}
            onClick={() => openDialog({ kind: 'import' })}
          >
            <Icon name="upload" />
            {t('servers.import')}
          </button>
          <button
            type="button"
            className="primary"
            onClick={() => openDialog({ kind: 'interface-form', interfaceId: null })}
          >
            <Icon name="plus" />
            {t('servers.new')}
          </button>
        </div>
      </header>
      {caps !== null && !caps.wg && (
        <div className="banner banner-warn">{t('servers.wgMissing')}</div>
      )}
      <ListTable
        items={interfaces}
        empty={t('servers.empty')}
        className="servers"
        columns={[
          { label: t('servers.name') },
          { label: t('servers.state') },
          { label: t('servers.port'), kind: 'num' },
          { label: t('servers.addresses') },
          { label: t('servers.endpoint') },
          { label: t('servers.peers'), kind: 'num' },
          { label: t('servers.traffic'), kind: 'num', hint: t('servers.trafficHint') },
          { label: t('servers.free'), kind: 'num' },
          { label: t('servers.actions'), kind: 'actions' },
        ]}
        row={(i) => <ServerRow key={i.id} iface={i} />}
      />
      <OpenVpnServers />
    </main>
  );
}
