// Per-row labels ("Disconnect alice", "Select alice") for the peer table: the
// table renders tens of rows on every scroll step and list reload, and asking
// i18next for each label costs more than the rest of the row. The string is
// rendered once per language with a slot where the name goes, then filled in.

/** Never in a translation or a peer name: a control character the validators refuse in names. */
const SLOT = '\u0000name\u0000';

/**
 * A label function from one translation call. `render` gets the slot as the
 * name and must return the translated string; the result puts any name in
 * the slot's place(s), as the translation would have.
 */
export function nameTemplate(render: (slot: string) => string): (name: string) => string {
  const parts = render(SLOT).split(SLOT);
  if (parts.length === 1) return () => parts[0] ?? '';
  return (name) => parts.join(name);
}
