import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BoxNav } from '../boxes/BoxNav';
import { Icon, type IconName } from '../components/Icon';
import type { Route } from '../store/ui';
import { useApp } from './context';
import { useActions } from './use-action';

type TopPage = Exclude<
  Route['page'],
  'peers' | 'peer' | 'network' | 'server-settings' | 'server-history'
>;

/** A page of its own in the sidebar, marked current while it is shown. */
function NavItem({
  page,
  icon,
  label,
}: {
  page: TopPage;
  icon: IconName;
  label: string;
}): ReactNode {
  const current = useApp((s) => s.route.page === page);
  const navigate = useApp((s) => s.navigate);
  return (
    <li>
      <button
        type="button"
        className="nav-item"
        aria-current={current ? 'page' : undefined}
        title={label}
        onClick={() => navigate({ page })}
      >
        <Icon name={icon} />
        <span className="nav-label">{label}</span>
      </button>
    </li>
  );
}

/** The servers under "Servers", each with its live online count: the first thing an admin checks. */
function ServerItems({ route }: { route: Route }): ReactNode {
  const interfaces = useApp((s) => s.interfaces);
  const online = useApp((s) => s.live.onlineByInterface);
  // Loaded lists change length as peers come and go; their counts follow.
  const lists = useApp((s) => s.peerIdsByInterface);
  // Re-render on pushes: the online counts live in the mutable stats container.
  useApp((s) => s.statusVersion);
  const peerServer = useApp((s) =>
    route.page === 'peer' ? s.peerById.get(route.peerId)?.interfaceId : undefined,
  );
  const { openServer } = useActions();
  const { t } = useTranslation();
  if (interfaces === null || interfaces.length === 0) return null;
  return (
    <ul className="nav-sub" aria-label={t('app.serverList')}>
      {interfaces.map((i) => {
        const current =
          ('interfaceId' in route && route.interfaceId === i.id) || peerServer === i.id;
        return (
          <li key={i.id}>
            <button
              type="button"
              className="nav-item"
              aria-current={current ? 'page' : undefined}
              aria-label={t('servers.open', { name: i.name })}
              onClick={() => openServer(i.id)}
            >
              <span className={`link-state ${i.up ? 'up' : 'down'}`} aria-hidden="true" />
              <span className="nav-label">{i.name}</span>
              <span className="nav-count" aria-hidden="true">
                {online.get(i.id) ?? 0}/{lists[i.id]?.length ?? i.peerCount}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}

export function Sidebar(): ReactNode {
  const route = useApp((s) => s.route);
  const { t } = useTranslation();
  return (
    <nav className="sidebar" aria-label={t('app.nav')}>
      <div className="brand">{t('app.name')}</div>
      {/* Boxes (issue 16): this machine and every box; the pages below are the chosen one's. */}
      <BoxNav />
      <ul>
        <NavItem page="servers" icon="server" label={t('app.servers')} />
      </ul>
      <ServerItems route={route} />
      <ul>
        <NavItem page="users" icon="users" label={t('app.users')} />
        <NavItem page="logs" icon="list" label={t('app.logs')} />
      </ul>
      <ul className="nav-bottom">
        <NavItem page="settings" icon="gear" label={t('app.settings')} />
      </ul>
    </nav>
  );
}
