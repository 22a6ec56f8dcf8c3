import {
  memo,
  useEffect,
  useMemo,
  useRef,
  type KeyboardEvent,
  type ReactNode,
  type RefObject,
} from 'react';
import { useTranslation } from 'react-i18next';
import { FlexRender, useTable, type RowSelectionState, type Updater } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { PeerView } from '../../../shared/contract';
import { useApp } from '../../app/context';
import { SORT_COLUMNS } from '../../lib/peer-query';
import { columns, features, NUMERIC } from './columns';

/** Compact rows, like a native list view; fixed so the virtualizer never has to measure. */
export const ROW_HEIGHT = 32;

/** About two notices high: what the page's notices take at the bottom of the window. */
const NOTICE_ROOM = 96;

const Header = memo(function Header({
  table,
}: {
  table: ReturnType<typeof useTable<typeof features, PeerView>>;
}): ReactNode {
  const sort = useApp((s) => s.query.sort);
  return (
    <thead role="rowgroup">
      {table.getHeaderGroups().map((group) => (
        <tr role="row" key={group.id} aria-rowindex={1} className="peer-row head">
          {group.headers.map((h) => {
            const sortable = (SORT_COLUMNS as readonly string[]).includes(h.id);
            const ariaSort =
              sortable && sort.column === h.id
                ? sort.desc
                  ? 'descending'
                  : 'ascending'
                : undefined;
            return (
              <th
                role="columnheader"
                key={h.id}
                scope="col"
                aria-sort={ariaSort}
                className={`c-${h.id}${NUMERIC.has(h.id) ? ' num' : ''}`}
              >
                <table.FlexRender header={h} />
              </th>
            );
          })}
        </tr>
      ))}
    </thead>
  );
});

type ReactPeerTable = ReturnType<typeof useTable<typeof features, PeerView>>;
type PeerRowModel = ReturnType<ReactPeerTable['getRowModel']>['rows'][number];

/**
 * One row. Memoized on the TanStack row object (stable while the data is) and
 * its position: scrolling mounts the rows that come into view and leaves the
 * others alone, and a stats push reaches only the live cells.
 */
const BodyRow = memo(function BodyRow(props: {
  row: PeerRowModel;
  index: number;
  start: number;
}): ReactNode {
  const { row, index, start } = props;
  return (
    <tr
      role="row"
      aria-rowindex={index + 2}
      className="peer-row"
      style={{ transform: `translateY(${start}px)` }}
    >
      {row.getAllCells().map((cell) => (
        <td
          role="cell"
          key={cell.id}
          className={`c-${cell.column.id}${NUMERIC.has(cell.column.id) ? ' num' : ''}`}
        >
          <FlexRender cell={cell} />
        </td>
      ))}
    </tr>
  );
});

/** The name button of the row at `index` (0-based, body rows), if it is rendered. */
function nameButtonAt(scroll: HTMLElement, index: number): HTMLElement | null {
  return scroll.querySelector<HTMLElement>(`tr[aria-rowindex="${index + 2}"] td.c-name button`);
}

/**
 * Up and Down move focus from a row to the one above or below (to its name
 * button, so Enter opens that peer), Home and End to the first and last,
 * scrolling the virtual list so the row exists before it is focused.
 */
function useRowKeys(
  scrollRef: RefObject<HTMLDivElement | null>,
  count: number,
  scrollTo: (index: number) => void,
): (e: KeyboardEvent<HTMLDivElement>) => void {
  return (e) => {
    const scroll = scrollRef.current;
    if (scroll === null || !(e.target instanceof HTMLElement)) return;
    const row = e.target.closest('tr[aria-rowindex]');
    if (row === null || e.target.matches('input, select, textarea')) return;
    const at = Number(row.getAttribute('aria-rowindex')) - 2;
    const to =
      e.key === 'ArrowDown'
        ? at + 1
        : e.key === 'ArrowUp'
          ? at - 1
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? count - 1
              : null;
    if (to === null || at < 0 || to < 0 || to >= count) return;
    e.preventDefault();
    scrollTo(to);
    const focus = (tries: number): void => {
      const button = nameButtonAt(scroll, to);
      if (button !== null) button.focus();
      else if (tries > 0) requestAnimationFrame(() => focus(tries - 1));
    };
    focus(5);
  };
}

/**
 * The peer table: TanStack Table for columns and selection, TanStack Virtual
 * for the rows, so 50,000 peers cost as much DOM as the ~30 on screen. The
 * ARIA row count and indexes tell assistive tech how big the list really is.
 */
export const PeerTable = memo(function PeerTable(props: {
  rows: PeerView[];
  total: number;
  label: string;
}): ReactNode {
  const { rows, total, label } = props;
  const { t } = useTranslation();
  const selection = useApp((s) => s.selection);
  const setSelection = useApp((s) => s.setSelection);
  const scrollRef = useRef<HTMLDivElement>(null);

  // Options are a memo input of useTable's result: a fresh object each render
  // would make every row re-render on every scroll step.
  const options = useMemo(
    () => ({
      features,
      columns,
      data: rows,
      getRowId: (p: PeerView) => String(p.id),
      state: { rowSelection: selection },
      onRowSelectionChange: (u: Updater<RowSelectionState>) =>
        setSelection(typeof u === 'function' ? (prev) => u({ ...prev }) : u),
      enableSubRowSelection: false,
    }),
    [rows, selection, setSelection],
  );
  // The owner re-renders on selection only; rows select their own live data.
  const table = useTable(options, (state) => ({ rowSelection: state.rowSelection }));

  const modelRows = table.getRowModel().rows;
  const virtualizer = useVirtualizer({
    count: modelRows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    // A few rows past each edge: enough for a scroll step, few enough that a
    // frame's style, layout and paint stay small (each row is ~25 elements).
    overscan: 6,
    // Room below the last row for the notices (bottom right, over the table),
    // so the last row's actions can be scrolled clear of them.
    paddingEnd: NOTICE_ROOM,
    getItemKey: (i) => modelRows[i]?.id ?? i,
  });
  const holdOrder = useApp((s) => s.holdOrder);
  // A table that goes away (another page) while held must not leave the next one held.
  useEffect(() => () => holdOrder(false), [holdOrder]);

  const onKeyDown = useRowKeys(scrollRef, modelRows.length, (i) => virtualizer.scrollToIndex(i));

  if (total === 0) return <p className="empty">{t('peers.empty')}</p>;

  return (
    <div
      className="peer-scroll"
      ref={scrollRef}
      onKeyDown={onKeyDown}
      onPointerEnter={() => holdOrder(true)}
      onPointerLeave={() => holdOrder(false)}
      onFocus={() => holdOrder(true)}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget)) holdOrder(false);
      }}
    >
      <table
        role="table"
        className="peer-table"
        aria-label={label}
        aria-rowcount={modelRows.length + 1}
      >
        <Header table={table} />
        <tbody role="rowgroup" className="peer-body" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = modelRows[item.index];
            if (row === undefined) return null;
            return <BodyRow key={row.id} row={row} index={item.index} start={item.start} />;
          })}
        </tbody>
      </table>
      {rows.length === 0 && <p className="empty">{t('peers.noMatch')}</p>}
    </div>
  );
});
