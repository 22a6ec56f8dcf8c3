import type { ParamsIn, ResultOf } from '../../shared/contract';
import { reorder, type Ranked } from '../lib/rule-order';
import type { Say } from '../store/errors';
import type { ActionContext } from './context';

/** A server's network settings and access rules (issue 11): change, reorder, explain. */
export function networkActions({ send, store }: ActionContext) {
  const notify = (say: Say): void => store.getState().notify(say);

  return {
    configureNetwork: async (params: ParamsIn<'network.configure'>) => {
      await send('network.configure', params);
      notify(({ t }) => t('network.saved'));
    },
    createRule: (params: ParamsIn<'network.rules.create'>) => send('network.rules.create', params),
    updateRule: (params: ParamsIn<'network.rules.update'>) => send('network.rules.update', params),
    deleteRule: (id: number) => send('network.rules.delete', { id }),
    /**
     * Puts the rule at `from` at `to` (rules in the order they apply); the
     * writes go one after the other so a refusal stops the rest.
     */
    moveRule: async (rules: readonly Ranked[], from: number, to: number) => {
      for (const change of reorder(rules, from, to)) await send('network.rules.update', change);
    },
    /** Asks main which rule decides; nothing is sent on the wire to the peers. */
    explain: (params: ParamsIn<'network.explain'>): Promise<ResultOf<'network.explain'>> =>
      send('network.explain', params),
  };
}
