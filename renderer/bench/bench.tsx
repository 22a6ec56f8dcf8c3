import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import type { Client } from '../api/client';
import { ClientError } from '../api/errors';
import { AppProvider } from '../app/context';
import { initI18n } from '../i18n';
import { PeersPage } from '../pages/peers/PeersPage';
import { createAppStore } from '../store';
import '../styles/base.css';
import '../styles/layout.css';
import '../styles/table.css';
import '../styles/dialog.css';
import { benchInterface, benchPeers, benchPush } from './data';

// The renderer bench page (built only by bench/renderer.bench.ts, never
// shipped): the real store and the real peer table, without main. The bench
// driver calls window.wgdeskBench from Chromium and reads main-thread times
// measured here with performance.now() around the store update and React's
// synchronous commit (flushSync), plus the next frame for layout and paint.

/** Main is not here; the table makes no calls while it renders and updates. */
const noMain: Client = {
  call: () => Promise.reject(new ClientError('Internal', 'the bench page has no main')),
  on: () => () => undefined,
  watchLink: (l) => {
    l({ kind: 'open' });
    return () => undefined;
  },
};

const nextFrame = (): Promise<number> =>
  new Promise((resolve) =>
    requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now()))),
  );

export interface Timing {
  /** Store update and React commit, synchronous on the main thread. */
  readonly commitMs: number;
  /** From the start until two frames later: style, layout and paint included. */
  readonly frameMs: number;
}

const store = createAppStore();
let peerCount = 0;
let second = 0;

async function firstRender(n: number): Promise<Timing> {
  peerCount = n;
  const peers = benchPeers(n);
  const stats = benchPush(n, 0);
  const el = document.getElementById('root');
  if (el === null) throw new Error('no #root');
  const root = createRoot(el);
  store.getState().setInterfaces([benchInterface(n)]);
  // The page is up and waiting for the list, as after a navigation.
  flushSync(() =>
    root.render(
      <AppProvider client={noMain} store={store}>
        <div className="content">
          <PeersPage interfaceId={1} />
        </div>
      </AppProvider>,
    ),
  );
  await nextFrame();
  const t0 = performance.now();
  flushSync(() => {
    store.getState().setPeers(1, peers);
    store.getState().replaceStats(1, stats.peers);
  });
  const t1 = performance.now();
  const t2 = await nextFrame();
  return { commitMs: t1 - t0, frameMs: t2 - t0 };
}

async function update(): Promise<Timing> {
  second += 1;
  const push = benchPush(peerCount, second);
  const t0 = performance.now();
  flushSync(() => store.getState().applyStatsPush(push));
  const t1 = performance.now();
  const t2 = await nextFrame();
  return { commitMs: t1 - t0, frameMs: t2 - t0 };
}

/**
 * Scrolls the table for `ms` while pushing a full update every second, and
 * records every frame's length: the frames over 16.7 ms are dropped frames.
 */
async function scrollWithUpdates(ms: number): Promise<number[]> {
  const scroller = document.querySelector('.peer-scroll');
  if (scroller === null) throw new Error('no table');
  const frames: number[] = [];
  const start = performance.now();
  let last = start;
  let lastPush = start;
  await new Promise<void>((resolve) => {
    const step = (now: number): void => {
      frames.push(now - last);
      last = now;
      scroller.scrollTop += 37;
      if (now - lastPush >= 1000) {
        lastPush = now;
        store.getState().applyStatsPush(benchPush(peerCount, ++second));
      }
      if (now - start < ms) requestAnimationFrame(step);
      else resolve();
    };
    requestAnimationFrame(step);
  });
  return frames.slice(1);
}

declare global {
  interface Window {
    wgdeskBench?: {
      firstRender(n: number): Promise<Timing>;
      update(): Promise<Timing>;
      scrollWithUpdates(ms: number): Promise<number[]>;
      visibleRows(): number;
    };
  }
}

initI18n('en');
window.wgdeskBench = {
  firstRender,
  update,
  scrollWithUpdates,
  visibleRows: () => document.querySelectorAll('.peer-body .peer-row').length,
};
