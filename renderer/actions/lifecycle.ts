import type { ActionContext } from './context';

/** Lifecycle (issue 12): what cannot be undone, so it has no Undo in its notice. */
export function lifecycleActions({ send, store }: ActionContext) {
  return {
    /** Revoked for good: main keeps the row for history and refuses the key on that server forever. */
    revokePeers: async (ids: readonly number[]) => {
      const r = await send('peers.revoke', { ids: [...ids] });
      store.getState().notify(({ t }) => t('lifecycleWindow.revokeDone', { count: r.revoked }));
    },
  };
}
