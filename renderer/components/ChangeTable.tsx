import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface Change {
  readonly field: string;
  readonly before: string;
  readonly after: string;
}

/** Settings side by side, as main words them (a preview's now/after, two revisions). */
export function ChangeTable({
  label,
  changes,
  cols,
  empty,
}: {
  label: string;
  changes: readonly Change[];
  /** The headers of the two value columns. */
  cols: { from: string; to: string };
  /** What to say when nothing differs. */
  empty: string;
}): ReactNode {
  const { t } = useTranslation();
  return (
    <>
      <h3>{label}</h3>
      {changes.length === 0 ? (
        <p className="subtle">{empty}</p>
      ) : (
        <table className="list" aria-label={label}>
          <thead>
            <tr>
              <th scope="col">{t('serverSettings.field')}</th>
              <th scope="col">{cols.from}</th>
              <th scope="col">{cols.to}</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((c) => (
              <tr key={c.field}>
                <th scope="row">{c.field}</th>
                <td className="mono">{c.before}</td>
                <td className="mono">{c.after}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
