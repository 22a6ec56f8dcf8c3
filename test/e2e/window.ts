import type { Page } from 'playwright-core';

// What the window-words and window-sizes tests measure in the page: where an
// admin's eye falls (text cut off, boxes too small) and which words are shown.

export const PAGES = ['servers', 'peers', 'peer', 'users', 'logs', 'audit', 'settings'] as const;
export type PageName = (typeof PAGES)[number];

/** Opens a page by its address (#/users), whatever language the window speaks. */
export async function goTo(page: Page, hash: string): Promise<void> {
  await page.evaluate(`location.hash = ${JSON.stringify(hash)}`);
  // Two frames: the route applied and its first data drawn.
  await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
}

export interface Overflow {
  /** A short CSS-like path to the element, and its text. */
  readonly what: string;
  readonly how: string;
}

/**
 * Every visible element whose content is wider than its box (cut off with an
 * ellipsis, hidden, or spilling out), or that lies beyond the window's edges.
 * Vertical scrolling is how long lists work and is allowed; sideways is not.
 * Canvas pixels are not text, so a chart's canvas is left to its own checks.
 */
export function overflowing(page: Page): Promise<Overflow[]> {
  // In-page code as text: the test project has no DOM types, the page runs it.
  return page.evaluate(`(() => {
    const out = [];
    const describe = (el) => {
      const parts = [];
      for (let e = el; e !== null && parts.length < 3; e = e.parentElement) {
        const cls = typeof e.className === 'string' ? e.className.trim().split(/\\s+/)[0] : '';
        parts.unshift(e.tagName.toLowerCase() + (cls ? '.' + cls : ''));
      }
      const text = (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 60);
      return parts.join(' > ') + ' “' + text + '”';
    };
    const width = document.documentElement.clientWidth;
    // Reported once, at the outermost element: its children go with it.
    const reported = new Set();
    const inReported = (el) => {
      for (let e = el.parentElement; e !== null; e = e.parentElement) if (reported.has(e)) return true;
      return false;
    };
    for (const el of document.querySelectorAll('body *')) {
      if (!(el instanceof HTMLElement) || el instanceof HTMLCanvasElement) continue;
      const style = getComputedStyle(el);
      if (el.offsetParent === null && style.position !== 'fixed') continue;
      const r = el.getBoundingClientRect();
      // Empty boxes, and sr-only labels (1 px on purpose), show nothing to cut.
      if (r.width <= 1 || r.height <= 1 || style.visibility === 'hidden') continue;
      if (inReported(el)) continue;
      if (r.right > width + 0.5 || r.left < -0.5) {
        reported.add(el);
        out.push({ what: describe(el), how: 'off-screen (' + Math.round(r.left) + '–' + Math.round(r.right) + ' of ' + width + ')' });
        continue;
      }
      if (el.scrollWidth > el.clientWidth + 1 && style.overflowX !== 'visible') {
        reported.add(el);
        out.push({ what: describe(el), how: 'cut (' + el.scrollWidth + ' px in ' + el.clientWidth + ')' });
      }
    }
    return out;
  })()`);
}

/** The words a person reads on the page: its text, and the names and hints of its controls. */
export function shownWords(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const texts = [document.body.innerText];
    for (const el of document.querySelectorAll('[placeholder],[title],[aria-label]')) {
      for (const a of ['placeholder', 'title', 'aria-label']) {
        const v = el.getAttribute(a);
        if (v !== null) texts.push(v);
      }
    }
    // A WireGuard key (44 characters of base64) is no word, though its letters may spell
    // one ("by", "it", "one" were seen): keys are taken out before the text is split.
    const keys = /[A-Za-z0-9+/]{43}=/g;
    return texts.join('\\n').replace(keys, ' ').split(/[^\\p{L}’']+/u).filter((w) => w.length > 1);
  })()`);
}

/**
 * Waits until a page of the window (by its name in the e2e files: 'peer',
 * 'network', …) has drawn what it is about: a chart, a form, a table's first
 * row. Asks by role, so it holds in every language.
 */
export async function drawn(page: Page, name: string): Promise<void> {
  const main = page.getByRole('main');
  if (name === 'settings') await main.getByRole('radio').first().waitFor();
  else if (name === 'peer') await main.locator('canvas').first().waitFor();
  else if (name === 'network') await main.getByRole('region').nth(1).waitFor();
  else if (name === 'server-settings') await main.getByRole('form').first().waitFor();
  else await main.getByRole('table').first().getByRole('row').nth(1).waitFor();
}
