import type { Page } from 'playwright-core';

/** Roles a user operates: each needs a name, or a screen reader says only "button". */
const CONTROLS = new Set([
  'button',
  'checkbox',
  'combobox',
  'link',
  'listbox',
  'menuitem',
  'radio',
  'searchbox',
  'slider',
  'spinbutton',
  'switch',
  'tab',
  'textbox',
]);

/**
 * The controls on the page that have no accessible name, from Chromium's own
 * accessibility tree (what a screen reader is given), each described by its
 * element so the offender can be found: `button <button class="icon-button">`.
 */
export async function unnamedControls(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    const unnamed = nodes.filter(
      (n) =>
        n.ignored !== true &&
        CONTROLS.has(String(n.role?.value ?? '')) &&
        String(n.name?.value ?? '').trim() === '',
    );
    const described: string[] = [];
    for (const n of unnamed) {
      let element = '?';
      if (n.backendDOMNodeId !== undefined) {
        const { node } = await cdp.send('DOM.describeNode', { backendNodeId: n.backendDOMNodeId });
        const attrs = node.attributes ?? [];
        const pairs: string[] = [];
        for (let i = 0; i + 1 < attrs.length; i += 2) pairs.push(`${attrs[i]}="${attrs[i + 1]}"`);
        element = `<${node.localName}${pairs.length > 0 ? ` ${pairs.join(' ')}` : ''}>`;
      }
      described.push(`${String(n.role?.value)} ${element}`);
    }
    return described;
  } finally {
    await cdp.detach();
  }
}
