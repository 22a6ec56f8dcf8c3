import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PEER_STATUSES, PEER_TYPES } from '../../../shared/domain';
import { useApp } from '../../app/context';
import { useFormatters } from '../../app/format';
import { useAction } from '../../app/use-action';
import { Icon } from '../../components/Icon';

function toggle<T>(list: readonly T[], item: T): T[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}

/** Toggle chips: pressed ones narrow the table; none pressed shows everything. */
function Chips<T extends string>(props: {
  label: string;
  options: readonly T[];
  selected: readonly T[];
  text: (o: T) => string;
  onChange: (next: T[]) => void;
}): ReactNode {
  return (
    <div className="chips" role="group" aria-label={props.label}>
      {props.options.map((o) => (
        <button
          key={o}
          type="button"
          className="chip"
          aria-pressed={props.selected.includes(o)}
          onClick={() => props.onChange(toggle(props.selected, o))}
        >
          {props.text(o)}
        </button>
      ))}
    </div>
  );
}

/** Shown while rows are selected: what can be done to all of them at once. */
function BulkBar(): ReactNode {
  const { t } = useTranslation();
  const selection = useApp((s) => s.selection);
  const setSelection = useApp((s) => s.setSelection);
  const openDialog = useApp((s) => s.openDialog);
  const peerById = useApp((s) => s.peerById);
  const { run } = useAction('as-notice');
  const ids = Object.keys(selection).map(Number);
  if (ids.length === 0) return null;
  const disconnected = ids.filter((id) => peerById.get(id)?.disconnected === true);
  const count = ids.length;
  return (
    <div className="bulk-bar" role="region" aria-label={t('peers.selected', { count })}>
      <span className="bulk-count">{t('peers.selected', { count })}</span>
      <button type="button" onClick={() => openDialog({ kind: 'disconnect', ids })}>
        <Icon name="unplug" />
        {t('peers.disconnectSelected', { count })}
      </button>
      {disconnected.length > 0 && (
        <button type="button" onClick={() => void run((a) => a.reconnect(disconnected))}>
          <Icon name="plug" />
          {t('peers.reconnectSelected', { count: disconnected.length })}
        </button>
      )}
      <button
        type="button"
        className="danger"
        onClick={() => openDialog({ kind: 'delete-peers', ids })}
      >
        <Icon name="trash" />
        {t('peers.deleteSelected', { count })}
      </button>
      <button type="button" className="plain" onClick={() => setSelection({})}>
        {t('peers.clearSelection')}
      </button>
    </div>
  );
}

/** Whether a key typed here is text for the control that has focus. */
function typingInto(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || target.matches('input, textarea, select'))
  );
}

/** "/" anywhere on the page (not while typing, not under a dialog) jumps to the search box. */
function useSlashFocus() {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent): void => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || typingInto(e.target)) return;
      if (document.querySelector('dialog[open]') !== null) return;
      e.preventDefault();
      ref.current?.focus();
      ref.current?.select();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return ref;
}

export function Toolbar({
  serverName,
  shown,
  total,
}: {
  serverName: string;
  shown: number;
  total: number;
}): ReactNode {
  const { t } = useTranslation();
  const f = useFormatters();
  const query = useApp((s) => s.query);
  const setQuery = useApp((s) => s.setQuery);
  const search = useSlashFocus();
  return (
    <div className="table-tools">
      <div className="filters">
        <label className="search">
          <Icon name="search" />
          <input
            ref={search}
            aria-keyshortcuts="/"
            type="search"
            aria-label={t('peers.searchLabel', { name: serverName })}
            placeholder={t('peers.search')}
            value={query.search}
            onChange={(e) => setQuery({ search: e.target.value })}
            spellCheck={false}
          />
        </label>
        <Chips
          label={t('peers.filterStatus')}
          options={PEER_STATUSES.filter((s) => s !== 'disabled')}
          selected={query.statuses}
          text={(s) => t(`status.${s}`)}
          onChange={(statuses) => setQuery({ statuses })}
        />
        <Chips
          label={t('peers.filterType')}
          options={PEER_TYPES}
          selected={query.types}
          text={(x) => t(`peerType.${x}`)}
          onChange={(types) => setQuery({ types })}
        />
        <span className="count" role="status">
          {t('peers.shown', { shown: f.count(shown), total: f.count(total) })}
        </span>
      </div>
      <BulkBar />
    </div>
  );
}
