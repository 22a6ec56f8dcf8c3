import type { ReactNode } from 'react';
import { missingCase } from '../../shared/errors';
import { useApp } from './context';
import { ImportDialog } from '../pages/servers/ImportDialog';
import { InterfaceForm } from '../pages/servers/InterfaceForm';
import { BulkForm } from '../pages/peers/BulkForm';
import { ConfigDialog } from '../pages/peers/ConfigDialog';
import {
  DeleteInterfaceDialog,
  DeletePeersDialog,
  DisconnectDialog,
  RevokePeersDialog,
} from '../pages/peers/ConfirmDialogs';
import { PeerForm } from '../pages/peers/PeerForm';
import { UserForm } from '../pages/users/UserForm';
import { BringDownDialog } from '../pages/servers/BringDown';

/** The one open dialog, if any. Kept in the store so any page (or a row deep in the table) can open one. */
export function DialogHost(): ReactNode {
  const dialog = useApp((s) => s.dialog);
  const close = useApp((s) => s.closeDialog);
  if (dialog === null) return null;
  switch (dialog.kind) {
    case 'interface-form':
      return (
        <InterfaceForm
          key={dialog.interfaceId ?? 'new'}
          interfaceId={dialog.interfaceId}
          onClose={close}
        />
      );
    case 'import':
      return <ImportDialog onClose={close} />;
    case 'peer-form':
      return (
        <PeerForm
          key={dialog.peerId ?? 'new'}
          interfaceId={dialog.interfaceId}
          peerId={dialog.peerId}
          onClose={close}
        />
      );
    case 'peer-bulk':
      return <BulkForm interfaceId={dialog.interfaceId} onClose={close} />;
    case 'config':
      return (
        <ConfigDialog
          key={dialog.peerId}
          peerId={dialog.peerId}
          once={dialog.once}
          onClose={close}
        />
      );
    case 'delete-peers':
      return <DeletePeersDialog ids={dialog.ids} onClose={close} />;
    case 'delete-interface':
      return <DeleteInterfaceDialog interfaceId={dialog.interfaceId} onClose={close} />;
    case 'disconnect':
      return <DisconnectDialog ids={dialog.ids} onClose={close} />;
    case 'revoke-peers':
      return <RevokePeersDialog ids={dialog.ids} onClose={close} />;
    case 'bring-down':
      return <BringDownDialog interfaceId={dialog.interfaceId} onClose={close} />;
    case 'user-form':
      return <UserForm key={dialog.userId ?? 'new'} userId={dialog.userId} onClose={close} />;
    default:
      return missingCase(dialog);
  }
}
