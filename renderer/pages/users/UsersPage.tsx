import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { UsersScope } from '../../boxes/BoxBanner';
import { Confirm } from '../../components/Confirm';
import type { UserView } from '../../../shared/contract/methods/users';
import { useApp } from '../../app/context';
import { useFormatters } from '../../app/format';
import { useAction } from '../../app/use-action';
import { Icon } from '../../components/Icon';
import { IconButton } from '../../components/IconButton';
import { ListTable } from '../../components/ListTable';
import { Slots } from './Slots';
import { QuotaBar } from '../lifecycle/QuotaBar';
import { AssignDialog } from '../openvpn/AssignDialog';

function DeleteUser({ user, onClose }: { user: UserView; onClose: () => void }): ReactNode {
  const { t } = useTranslation();
  // The shared confirmation: busy while it runs, so a second click cannot delete twice.
  return (
    <Confirm
      title={t('users.deleteTitle', { name: user.name })}
      submitLabel={t('users.delete', { name: user.name })}
      focus="cancel"
      work={(a) => a.deleteUser(user.id)}
      onClose={onClose}
    >
      <p>{t('users.deleteBody')}</p>
    </Confirm>
  );
}

/** Users, their device limits, and who is at the limit right now. */
export function UsersPage(): ReactNode {
  const { t } = useTranslation();
  const f = useFormatters();
  const users = useApp((s) => s.users);
  const identities = useApp((s) => s.openvpnIdentities);
  const openDialog = useApp((s) => s.openDialog);
  const { run } = useAction('as-notice');
  const [deleting, setDeleting] = useState<UserView | null>(null);
  const [assigning, setAssigning] = useState<UserView | null>(null);
  return (
    <main className="page" aria-labelledby="page-title">
      <header className="page-head">
        <h1 id="page-title">{t('users.title')}</h1>
        <div className="toolbar">
          <button type="button" onClick={() => void run((a) => a.enforceLimits())}>
            {t('users.enforce')}
          </button>
          <button
            type="button"
            className="primary"
            onClick={() => openDialog({ kind: 'user-form', userId: null })}
          >
            <Icon name="plus" />
            {t('users.add')}
          </button>
        </div>
      </header>
      {/* Boxes (issue 16): users and limits are one machine's. */}
      <UsersScope />
      <ListTable
        items={users}
        empty={t('users.empty')}
        columns={[
          { label: t('users.name') },
          { label: t('users.email') },
          { label: t('users.live'), kind: 'num' },
          { label: t('users.limit'), kind: 'num' },
          { label: t('users.peers'), kind: 'num' },
          { label: t('openvpn.identities') },
          { label: t('lifecycle.slots') },
          { label: t('quotaUi.title') },
          { label: t('users.actions'), kind: 'actions' },
        ]}
        row={(u) => (
          <tr key={u.id}>
            <th scope="row">
              {u.name}
              {/* Information, not an alarm: a full slot is the limit working. */}
              {u.atLimit && <span className="badge">{t('users.atLimit')}</span>}
            </th>
            <td>{u.email ?? t('common.none')}</td>
            <td className="num">{f.count(u.devicesOnline)}</td>
            <td className="num">
              {u.maxDevices === 0 ? t('users.unlimited') : f.count(u.maxDevices)}
            </td>
            <td className="num">{f.count(u.peers)}</td>
            <td className="mono">
              {identities
                .filter((i) => i.userId === u.id)
                .map((i) => i.name)
                .join(', ') || t('common.none')}
            </td>
            <td>
              <Slots user={u} />
            </td>
            <td>
              <QuotaBar used={u.quotaUsed} bytes={u.quotaBytes} />
            </td>
            <td className="actions">
              <IconButton
                icon="edit"
                label={t('users.edit', { name: u.name })}
                onClick={() => openDialog({ kind: 'user-form', userId: u.id })}
              />
              <IconButton
                icon="plug"
                label={t('openvpnAssign.open', { name: u.name })}
                onClick={() => setAssigning(u)}
              />
              <IconButton
                icon="trash"
                label={t('users.delete', { name: u.name })}
                onClick={() => setDeleting(u)}
                danger
              />
            </td>
          </tr>
        )}
      />
      {deleting !== null && <DeleteUser user={deleting} onClose={() => setDeleting(null)} />}
      {assigning !== null && <AssignDialog user={assigning} onClose={() => setAssigning(null)} />}
    </main>
  );
}
