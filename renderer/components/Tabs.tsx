import { useRef, type KeyboardEvent, type ReactNode } from 'react';

/**
 * WAI-ARIA tabs: one tab stop for the list, arrow keys (and Home/End) move
 * between tabs and select them, as native tab controls do.
 */
export function Tabs<T extends string>(props: {
  label: string;
  tabs: readonly { id: T; label: string }[];
  selected: T;
  onSelect: (id: T) => void;
  idPrefix: string;
}): ReactNode {
  const { label, tabs, selected, onSelect, idPrefix } = props;
  const refs = useRef(new Map<T, HTMLButtonElement>());
  const onKey = (e: KeyboardEvent): void => {
    const i = tabs.findIndex((x) => x.id === selected);
    const next =
      e.key === 'ArrowRight'
        ? tabs[(i + 1) % tabs.length]
        : e.key === 'ArrowLeft'
          ? tabs[(i - 1 + tabs.length) % tabs.length]
          : e.key === 'Home'
            ? tabs[0]
            : e.key === 'End'
              ? tabs[tabs.length - 1]
              : undefined;
    if (next === undefined) return;
    e.preventDefault();
    onSelect(next.id);
    refs.current.get(next.id)?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label={label} onKeyDown={onKey}>
      {tabs.map((x) => (
        <button
          key={x.id}
          ref={(el) => {
            if (el === null) refs.current.delete(x.id);
            else refs.current.set(x.id, el);
          }}
          type="button"
          role="tab"
          id={`${idPrefix}-tab-${x.id}`}
          aria-selected={x.id === selected}
          aria-controls={`${idPrefix}-panel-${x.id}`}
          tabIndex={x.id === selected ? 0 : -1}
          onClick={() => onSelect(x.id)}
        >
          {x.label}
        </button>
      ))}
    </div>
  );
}
