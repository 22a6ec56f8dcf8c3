import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface Column {
  readonly label: string;
  /** 'num' aligns right; 'actions' holds icon buttons, so its label is for screen readers only. */
  readonly kind?: 'num' | 'actions';
  /** A smaller second line under the label ("last 24 h"). */
  readonly hint?: string;
}

/**
 * A list from main as a table: "Loading…" until it arrives, a sentence when
 * it is empty, the rows otherwise. `row` returns a keyed <tr>.
 */
export function ListTable<T>({
  items,
  empty,
  columns,
  className,
  row,
}: {
  /** null while main's answer is on its way. */
  items: readonly T[] | null;
  empty: string;
  columns: readonly Column[];
  /** Added to "grid", for a table with its own column widths. */
  className?: string;
  row: (item: T) => ReactNode;
}): ReactNode {
  const { t } = useTranslation();
  if (items === null) return <p className="empty">{t('common.loading')}</p>;
  if (items.length === 0) return <p className="empty">{empty}</p>;
  return (
    <div className="table-wrap">
      <table className={className === undefined ? 'grid' : `grid ${className}`}>
        <thead>
          <tr>
            {/* The columns are fixed per table: their place is their identity. */}
            {columns.map((c, i) => (
              <th key={i} scope="col" className={c.kind}>
                {c.kind === 'actions' ? (
                  <span className="visually-hidden">{c.label}</span>
                ) : (
                  c.label
                )}
                {c.hint !== undefined && <span className="th-hint">{c.hint}</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{items.map(row)}</tbody>
      </table>
    </div>
  );
}
