import type { ParamsIn } from '../../shared/contract';
import type { ActionContext } from './context';

/** Users and their device limits. (The app-wide settings are root's, changed on the machine.) */
export function adminActions({ send, store }: ActionContext) {
  const s = () => store.getState();
  return {
    createUser: (params: ParamsIn<'users.create'>) => send('users.create', params),
    updateUser: (params: ParamsIn<'users.update'>) => send('users.update', params),
    deleteUser: (id: number) => send('users.delete', { id }),
    /** The waiting device takes the slot of the one holding it (issue 12). */
    swapDevice: (holder: number, waiter: number) => send('users.swapDevice', { holder, waiter }),
    enforceLimits: async () => {
      const r = await send('limits.enforceNow', {});
      s().notify(({ t }) => t('users.enforced', { count: r.cuts.length }));
    },
  };
}
