import type { EventName, EventPayload } from '../../shared/contract';
import type { EventSink } from '../services/context';
import type { ErrorLog } from './router';

/** One pushed event, as every transport forwards it. */
export interface PushedEvent {
  readonly name: EventName;
  readonly payload: EventPayload<EventName>;
}

export type EventListener = (event: PushedEvent) => void;

/**
 * Fans events from services out to every transport (each window, each
 * WebSocket). Services only see `emit` (the EventSink); transports subscribe.
 */
export interface EventHub {
  readonly emit: EventSink;
  /** Returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void;
  readonly listenerCount: number;
}

export function createEventHub(log: ErrorLog): EventHub {
  const listeners = new Set<EventListener>();
  return {
    emit(name, payload) {
      const event: PushedEvent = { name, payload };
      // A copy: a listener may unsubscribe (a socket closing) while we iterate.
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch (e) {
          // One broken transport must not stop the others or the service that emitted.
          log(`event listener failed on ${name}`, e);
        }
      }
    },
    subscribe(listener) {
      // Wrapped so that subscribing the same function twice gives two independent subscriptions.
      const own: EventListener = (event) => listener(event);
      listeners.add(own);
      return () => {
        listeners.delete(own);
      };
    },
    get listenerCount() {
      return listeners.size;
    },
  };
}
