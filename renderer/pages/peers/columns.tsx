import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  createColumnHelper,
  rowSelectionFeature,
  tableFeatures,
  type Row,
  type Table,
} from '@tanstack/react-table';
import type { PeerView } from '../../../shared/contract';
import { useApp } from '../../app/context';
import { useFormatters } from '../../app/format';
import type { SortColumn } from '../../lib/peer-query';
import { ExpiresCell, QuotaCell } from '../lifecycle/cells';
import {
  ActionsCell,
  AddressCell,
  EndpointCell,
  HandshakeCell,
  NameCell,
  RateCell,
  RxCell,
  StatusCell,
  TxCell,
} from './cells';

// TanStack Table owns the column model and the row selection (with Shift
// ranges); search, filters and sort are done before the data reaches it (see
// lib/peer-query.ts), because they read live stats that are not row data.
export const features = tableFeatures({ rowSelectionFeature });
export type PeerTable = Table<typeof features, PeerView>;
type PeerRow = Row<typeof features, PeerView>;

const helper = createColumnHelper<typeof features, PeerView>();

/** The owner column: the user's name, or the peer's email when it has no user. */
function OwnerCell({ peer }: { peer: PeerView }): ReactNode {
  const name = useApp((s) =>
    peer.userId === null ? undefined : s.users?.find((u) => u.id === peer.userId)?.name,
  );
  return <>{name ?? peer.email ?? ''}</>;
}

function TypeCell({ peer }: { peer: PeerView }): ReactNode {
  return <>{useFormatters().peerType[peer.type]}</>;
}

/** A header that sorts its column; the state is told by aria-sort on the <th> (see PeerTable). */
export function SortHeader({ column }: { column: SortColumn }): ReactNode {
  const { t } = useTranslation();
  const sort = useApp((s) => s.query.sort);
  const toggleSort = useApp((s) => s.toggleSort);
  const active = sort.column === column;
  const hint =
    column === 'rx'
      ? t('columns.rxHint')
      : column === 'tx'
        ? t('columns.txHint')
        : column === 'rate'
          ? t('live.rateHint')
          : null;
  return (
    <button
      type="button"
      className="sort"
      title={hint === null ? t(`columns.${column}`) : `${t(`columns.${column}`)} ${hint}`}
      onClick={() => toggleSort(column)}
    >
      <span className="th-label">
        {t(`columns.${column}`)}
        {hint !== null && <span className="th-hint">{hint}</span>}
      </span>
      <span className={active ? 'sort-mark active' : 'sort-mark'} aria-hidden="true">
        {active && sort.desc ? '▼' : '▲'}
      </span>
    </button>
  );
}

function SelectAll({ table }: { table: PeerTable }): ReactNode {
  const { t } = useTranslation();
  // Subscribe to the selection so the box updates; the answer comes from the table.
  useApp((s) => s.selection);
  const all = table.getIsAllRowsSelected();
  const some = table.getIsSomeRowsSelected();
  return (
    <input
      type="checkbox"
      aria-label={t('row.selectAll')}
      checked={all}
      ref={(el) => {
        if (el !== null) el.indeterminate = some && !all;
      }}
      onChange={table.getToggleAllRowsSelectedHandler()}
    />
  );
}

function SelectCell({ row }: { row: PeerRow }): ReactNode {
  const f = useFormatters();
  const checked = useApp((s) => s.selection[row.id] === true);
  return (
    <input
      type="checkbox"
      aria-label={f.row.select(row.original.name)}
      checked={checked}
      // A click (not change) handler: TanStack needs the Shift key of the click for ranges.
      onClick={row.getToggleSelectedHandler()}
      onChange={() => undefined}
    />
  );
}

const sortable = (column: SortColumn) => () => <SortHeader column={column} />;

export const columns = helper.columns([
  helper.display({
    id: 'select',
    header: ({ table }) => <SelectAll table={table} />,
    cell: ({ row }) => <SelectCell row={row} />,
  }),
  helper.display({
    id: 'status',
    header: sortable('status'),
    cell: ({ row }) => <StatusCell peer={row.original} />,
  }),
  helper.display({
    id: 'name',
    header: sortable('name'),
    cell: ({ row }) => <NameCell peer={row.original} />,
  }),
  helper.display({
    id: 'owner',
    header: sortable('owner'),
    cell: ({ row }) => <OwnerCell peer={row.original} />,
  }),
  helper.display({
    id: 'type',
    header: sortable('type'),
    cell: ({ row }) => <TypeCell peer={row.original} />,
  }),
  helper.display({
    id: 'address',
    header: sortable('address'),
    cell: ({ row }) => <AddressCell peer={row.original} />,
  }),
  helper.display({
    id: 'endpoint',
    header: sortable('endpoint'),
    cell: ({ row }) => <EndpointCell peer={row.original} />,
  }),
  helper.display({
    id: 'handshake',
    header: sortable('handshake'),
    cell: ({ row }) => <HandshakeCell peer={row.original} />,
  }),
  helper.display({
    id: 'rx',
    header: sortable('rx'),
    cell: ({ row }) => <RxCell peer={row.original} />,
  }),
  helper.display({
    id: 'tx',
    header: sortable('tx'),
    cell: ({ row }) => <TxCell peer={row.original} />,
  }),
  helper.display({
    id: 'rate',
    header: sortable('rate'),
    cell: ({ row }) => <RateCell peer={row.original} />,
  }),
  // Issue 12: quota use and expiry, not sortable (sizes.css says where they give way).
  helper.display({
    id: 'quota',
    header: () => <PlainHeader label="lifecycleWindow.quotaColumn" />,
    cell: ({ row }) => <QuotaCell peer={row.original} />,
  }),
  helper.display({
    id: 'expires',
    header: () => <PlainHeader label="lifecycleWindow.column" />,
    cell: ({ row }) => <ExpiresCell peer={row.original} />,
  }),
  helper.display({
    id: 'actions',
    header: () => <ActionsHeader />,
    cell: ({ row }) => <ActionsCell peer={row.original} />,
  }),
]);

function PlainHeader({
  label,
}: {
  label: 'lifecycleWindow.quotaColumn' | 'lifecycleWindow.column';
}): ReactNode {
  const { t } = useTranslation();
  return <span className="th-label">{t(label)}</span>;
}

function ActionsHeader(): ReactNode {
  const { t } = useTranslation();
  return <span className="visually-hidden">{t('columns.actions')}</span>;
}

/** Right-aligned numeric columns. */
export const NUMERIC: ReadonlySet<string> = new Set(['rx', 'tx', 'rate']);
