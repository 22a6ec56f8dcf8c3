import type { TFunction } from 'i18next';
import type { StateCreator } from 'zustand/vanilla';
import type { ClientError, ClientErrorKind } from '../api/errors';
import type { WordProblem } from '../lib/form-errors';
import type { LinkState } from '../api/transport';
import type { AppState } from './types';

/**
 * Kinds that mean "nothing on this screen can work until the admin fixes the
 * machine": they replace the page with a screen that says what to do. Every
 * other kind is about one action and is shown where that action was taken.
 */
export const BLOCKING_KINDS: ReadonlySet<ClientErrorKind> = new Set([
  'WireGuardUnavailable',
  'HelperUnavailable',
  'HostUnreachable',
]);

/** What a notice needs to say itself in the window's language of the moment. */
export interface NoticeWords {
  readonly t: TFunction;
  /** A byte count in the language's units and separators. */
  readonly bytes: (n: number) => string;
  readonly word: WordProblem;
}

/**
 * A notice's text, worded each time it is drawn rather than once when it was
 * made: a notice still on screen when the admin changes the language follows.
 */
export type Say = (w: NoticeWords) => string;

export interface Notice {
  readonly id: number;
  readonly tone: 'error' | 'info';
  readonly say: Say;
  /** Takes back what the notice reports (a one-click disable, a disconnect): one click, no dialog. */
  readonly undo?: () => void;
}

export interface ErrorsSlice {
  blocking: ClientError | null;
  notices: readonly Notice[];
  link: LinkState;
  /** An action failed: blocking kinds take the screen, the rest become a notice. */
  reportError(e: ClientError): void;
  clearBlocking(): void;
  notify(say: Say, undo?: () => void): void;
  dismiss(id: number): void;
  setLink(state: LinkState): void;
}

let nextNotice = 1;
/** A long session must not grow an endless stack of messages. */
const MAX_NOTICES = 4;

export const errorsSlice: StateCreator<AppState, [], [], ErrorsSlice> = (set) => ({
  blocking: null,
  notices: [],
  link: { kind: 'connecting', attempt: 1 },
  reportError: (e) =>
    set((s) =>
      BLOCKING_KINDS.has(e.kind)
        ? // The screen replaces the page; a dialog left open would come back after Retry.
          { blocking: e, dialog: null }
        : {
            notices: [
              ...s.notices.slice(-(MAX_NOTICES - 1)),
              { id: nextNotice++, tone: 'error', say: ({ word }) => word(e.problem) ?? e.message },
            ],
          },
    ),
  clearBlocking: () => set({ blocking: null }),
  notify: (say, undo) =>
    set((s) => ({
      notices: [
        ...s.notices.slice(-(MAX_NOTICES - 1)),
        { id: nextNotice++, tone: 'info', say, ...(undo === undefined ? {} : { undo }) },
      ],
    })),
  dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
  setLink: (link) => set({ link }),
});
