import type { ReactNode } from 'react';

/** A page with nothing to show yet, or any more: "Loading…", "This peer no longer exists". */
export function PageMessage({ text }: { text: string }): ReactNode {
  return (
    <main className="page">
      <p className="empty">{text}</p>
    </main>
  );
}
