import type { PeerView } from '../../../shared/contract';
import type { RowLabels } from '../../app/format';
import { useApp } from '../../app/context';
import { useAction } from '../../app/use-action';
import type { IconName } from '../../components/Icon';
import { statusOf } from '../../lib/peer-status';

export interface PeerAction {
  /** Which row label names it: `row[id](name)` is "Disconnect alice". */
  readonly id: keyof Omit<RowLabels, 'select' | 'open'>;
  /** Stable across the disconnect/reconnect turn: the React key. */
  readonly slot: string;
  readonly icon: IconName;
  /** It deletes: red. */
  readonly danger: boolean;
  readonly run: () => void;
}

/**
 * What an admin can do to one peer, in the order its table row and its own
 * page show them. The first turns from disconnect to reconnect in place (its
 * `slot` stays), so render them keyed by slot and the button keeps focus when
 * it turns. A peer that never connected has no session to cut: no Disconnect.
 * One peer's disconnect runs at once (its notice undoes it); cutting many
 * asks first (the bulk bar). A revoked peer (issue 12) is out for good: no
 * session to cut or restore, no config to show, nothing left to revoke.
 */
export function usePeerActions(peer: PeerView): readonly PeerAction[] {
  const openDialog = useApp((s) => s.openDialog);
  const never = useApp((s) => statusOf(peer, s.live.byId.get(peer.id)) === 'never');
  const { run } = useAction('as-notice');
  const ids = [peer.id];
  const peerId = peer.id;
  const edit: PeerAction = {
    id: 'edit',
    slot: 'edit',
    icon: 'edit',
    danger: false,
    run: () => openDialog({ kind: 'peer-form', interfaceId: peer.interfaceId, peerId }),
  };
  const remove: PeerAction = {
    id: 'delete',
    slot: 'delete',
    icon: 'trash',
    danger: true,
    run: () => openDialog({ kind: 'delete-peers', ids }),
  };
  if (peer.revokedAt !== null) return [edit, remove];
  const connection: PeerAction[] = peer.disconnected
    ? [
        {
          id: 'reconnect',
          slot: 'connection',
          icon: 'plug',
          danger: false,
          run: () => void run((a) => a.reconnect(ids)),
        },
      ]
    : never
      ? []
      : [
          {
            id: 'disconnect',
            slot: 'connection',
            icon: 'unplug',
            danger: false,
            run: () => void run((a) => a.disconnect(ids)),
          },
        ];
  return [
    ...connection,
    {
      id: 'config',
      slot: 'config',
      icon: 'qr',
      danger: false,
      run: () => openDialog({ kind: 'config', peerId }),
    },
    edit,
    {
      id: 'revoke',
      slot: 'revoke',
      icon: 'ban',
      danger: true,
      run: () => openDialog({ kind: 'revoke-peers', ids }),
    },
    remove,
  ];
}
