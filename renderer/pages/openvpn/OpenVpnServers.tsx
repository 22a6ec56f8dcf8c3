import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpenVpnServerView } from '../../../shared/contract/methods/openvpn';
import { useApp } from '../../app/context';
import { Confirm } from '../../components/Confirm';
import { Icon } from '../../components/Icon';
import { IconButton } from '../../components/IconButton';
import { ListTable } from '../../components/ListTable';
import { AttachDialog } from './AttachDialog';
import { HeldIdentities } from './HeldIdentities';
import { SessionRow } from './SessionRow';

/**
 * OpenVPN servers next to the WireGuard ones (issue 14): each with its
 * management link's state and its live sessions, marked with their protocol.
 * Names are shown as the server printed them: React renders them as text.
 */
export function OpenVpnServers(): ReactNode {
  const { t } = useTranslation();
  const servers = useApp((s) => s.openvpnServers);
  const [attaching, setAttaching] = useState(false);
  if (servers === null) return null;
  return (
    <section aria-labelledby="openvpn-title" className="openvpn">
      <header className="page-head">
        <h2 id="openvpn-title">{t('openvpn.title')}</h2>
        <div className="toolbar">
          <button type="button" onClick={() => setAttaching(true)}>
            <Icon name="plus" />
            {t('openvpnAttach.open')}
          </button>
        </div>
      </header>
      {servers.map((s) => (
        <OpenVpnServer key={s.id} server={s} />
      ))}
      {attaching && <AttachDialog onClose={() => setAttaching(false)} />}
    </section>
  );
}

function OpenVpnServer({ server }: { server: OpenVpnServerView }): ReactNode {
  const { t } = useTranslation();
  const [detaching, setDetaching] = useState(false);
  const up = server.state === 'up';
  return (
    <article aria-label={t('openvpn.server', { name: server.name })}>
      <h3>
        {server.name} <span className="badge">{t('openvpn.protocol')}</span>{' '}
        <span className={`badge ${up ? 'badge-up' : 'badge-down'}`}>
          {t(`openvpn.states.${server.state}`)}
        </span>{' '}
        <IconButton
          icon="unplug"
          label={t('openvpnAttach.detach', { name: server.name })}
          onClick={() => setDetaching(true)}
          danger
        />
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
      <HeldIdentities serverId={server.id} />
      {detaching && (
        <Confirm
          title={t('openvpnAttach.detachTitle', { name: server.name })}
          submitLabel={t('openvpnAttach.detach', { name: server.name })}
          focus="cancel"
          work={(a) => a.detachOpenVpn(server.id)}
          onClose={() => setDetaching(false)}
        >
          <p>{t('openvpnAttach.detachBody')}</p>
        </Confirm>
      )}
    </article>
  );
}
