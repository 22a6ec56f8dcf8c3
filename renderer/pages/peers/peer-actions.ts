import type { PeerView } from '../../../shared/contract';
import type { RowLabels } from '../../app/format';
import { useApp } from '../../app/context';
import { useAction } from '../../app/use-action';
import type { IconName } from '../../components/Icon';

export interface PeerAction {
  /** Which row label names it: `row[id](name)` is "Disconnect alice". */
  readonly id: keyof Omit<RowLabels, 'select' | 'open'>;
  readonly icon: IconName;
  /** It deletes: red. */
  readonly danger: boolean;
  readonly run: () => void;
}

/**
 * What an admin can do to one peer, in the order its table row and its own
 * page show them. The first turns from disconnect to reconnect in place, so
 * render them keyed by position and the button keeps focus when it turns.
 */
export function usePeerActions(peer: PeerView): readonly PeerAction[] {
  const openDialog = useApp((s) => s.openDialog);
  const { run } = useAction('as-notice');
  const ids = [peer.id];
  const peerId = peer.id;
  return [
    peer.disconnected
      ? {
          id: 'reconnect',
          icon: 'plug',
          danger: false,
          run: () => void run((a) => a.reconnect(ids)),
        }
      : {
          id: 'disconnect',
          icon: 'unplug',
          danger: false,
          run: () => openDialog({ kind: 'disconnect', ids }),
        },
    { id: 'config', icon: 'qr', danger: false, run: () => openDialog({ kind: 'config', peerId }) },
    {
      id: 'edit',
      icon: 'edit',
      danger: false,
      run: () => openDialog({ kind: 'peer-form', interfaceId: peer.interfaceId, peerId }),
    },
    {
      id: 'delete',
      icon: 'trash',
      danger: true,
      run: () => openDialog({ kind: 'delete-peers', ids }),
    },
  ];
}
