import { useMemo } from 'react';
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
 * page show them: the connection's action first (useConnectionAction), then
 * the rest (useSettledActions). The first turns from disconnect to reconnect
 * in place (its `slot` stays), so render them keyed by slot and the button
 * keeps focus when it turns.
 */
export function usePeerActions(peer: PeerView): readonly PeerAction[] {
  const connection = useConnectionAction(peer);
  const settled = useSettledActions(peer);
  return connection === null ? settled : [connection, ...settled];
}

/**
 * Disconnect or Reconnect, or nothing. A peer that never connected has no
 * session to cut: no Disconnect. One peer's disconnect runs at once (its
 * notice undoes it); cutting many asks first (the bulk bar). A revoked peer
 * (issue 12) has no session to cut or restore.
 *
 * The one action that follows the live stats, so the table draws it as a
 * component of its own: a push that flips 10,000 statuses then re-renders
 * this button in the rows whose answer changed, not every row's whole set of
 * actions (issue 17: that was most of the React part of such a push).
 */
export function useConnectionAction(peer: PeerView): PeerAction | null {
  const never = useApp((s) => statusOf(peer, s.live.byId.get(peer.id)) === 'never');
  const { run } = useAction('as-notice');
  if (peer.revokedAt !== null) return null;
  // A disconnected peer is reconnected; any other is cut, unless it never connected.
  const cut = !peer.disconnected;
  if (cut && never) return null;
  const ids = [peer.id];
  return {
    id: cut ? 'disconnect' : 'reconnect',
    slot: 'connection',
    icon: cut ? 'unplug' : 'plug',
    danger: false,
    run: () => void run((a) => (cut ? a.disconnect(ids) : a.reconnect(ids))),
  };
}

/**
 * Every action but the connection's: they change only with the peer's row,
 * so they are made once per row, not once per push. A revoked peer is out for
 * good: no config to show, nothing left to revoke.
 */
export function useSettledActions(peer: PeerView): readonly PeerAction[] {
  const openDialog = useApp((s) => s.openDialog);
  return useMemo(() => {
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
    return [
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
  }, [peer.id, peer.interfaceId, peer.revokedAt, openDialog]);
}
