// A box as an engine the window can talk to, like the local service: the
// same contract, calls in and events out, over the box's SSH link.
import { METHODS, isMethodName } from '../../shared/contract';
import type { EngineLink } from '../app/engine';
import type { BoxConnection } from './box';

export function boxEngineLink(box: BoxConnection): EngineLink {
  return {
    methods: Object.keys(METHODS).filter(isMethodName),
    call: (method, params) => box.call(method, params),
    subscribe: (listener) => box.onEvent(listener),
    // The registry owns the link's life: a page closing does not end it.
    close: async () => undefined,
  };
}
