// The sidebar's list of engines: this machine and every box, each with its
// link and its servers; choosing one makes every page talk to it.
import { useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { useTranslation } from 'react-i18next';
import type { BoxView } from '../../shared/contract/boxes';
import { Icon } from '../components/Icon';
import {
  AddBoxDialog,
  HostKeyChangedDialog,
  PromptDialog,
  RemoveBoxDialog,
  TrustDialog,
} from './BoxDialogs';
import { useDesk, useDeskState } from './context';
import type { Target } from './desk';
import './boxes.css';

/** What the sidebar says of a box's link, as an i18n key under boxes.status. */
export function statusKey(b: BoxView): `boxes.status.${BoxView['status'] | 'keyChanged'}` {
  return b.hostKey.changedTo === null ? `boxes.status.${b.status}` : 'boxes.status.keyChanged';
}

/** One changed key of one box: dismissing its dialog holds until the box offers another. */
const changeOf = (b: BoxView): string => `${b.id} ${b.hostKey.changedTo ?? ''}`;

/** A target's servers, from its own store, for a target that is not the one shown. */
function TargetServers({ target }: { target: Target }): ReactNode {
  const desk = useDesk();
  const { store } = desk.workspace(target);
  const interfaces = useStore(store, (s) => s.interfaces);
  const { t } = useTranslation();
  if (interfaces === null || interfaces.length === 0) return null;
  return (
    <ul className="nav-sub" aria-label={t('boxes.serversOf')}>
      {interfaces.map((i) => (
        <li key={i.id}>
          <button
            type="button"
            className="nav-item"
            aria-label={t('servers.open', { name: i.name })}
            onClick={() => {
              store.getState().navigate({ page: 'peers', interfaceId: i.id });
              desk.select(target);
            }}
          >
            <span className={`link-state ${i.up ? 'up' : 'down'}`} aria-hidden="true" />
            <span className="nav-label">{i.name}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

function TargetItem(props: {
  target: Target;
  label: string;
  state: string;
  up: boolean;
  onOpen: () => void;
  onRemove?: () => void;
}): ReactNode {
  const current = useDeskState((s) => s.target === props.target);
  const { t } = useTranslation();
  return (
    <li className="nav-target">
      <button
        type="button"
        className="nav-item"
        aria-current={current ? 'true' : undefined}
        title={`${props.label} (${props.state})`}
        onClick={props.onOpen}
      >
        <span className={`link-state ${props.up ? 'up' : 'down'}`} aria-hidden="true" />
        <span className="nav-label">{props.label}</span>
        <span className="nav-count">{props.state}</span>
      </button>
      {props.onRemove !== undefined && (
        <button
          type="button"
          className="icon-button"
          aria-label={t('boxes.removeOne', { address: props.label })}
          title={t('boxes.removeOne', { address: props.label })}
          onClick={props.onRemove}
        >
          <Icon name="x" />
        </button>
      )}
      {!current && <TargetServers target={props.target} />}
    </li>
  );
}

export function BoxNav(): ReactNode {
  const desk = useDesk();
  const available = useDeskState((s) => s.available);
  const boxes = useDeskState((s) => s.boxes) ?? [];
  const prompt = useDeskState((s) => s.prompts[0]);
  const [adding, setAdding] = useState(false);
  const [trusting, setTrusting] = useState<BoxView | null>(null);
  const [removing, setRemoving] = useState<BoxView | null>(null);
  // Shown by itself when a box's key changes; "Keep it refused" hides it until the box is clicked.
  const [kept, setKept] = useState<ReadonlySet<string>>(new Set());
  const changed = boxes.find((b) => b.hostKey.changedTo !== null && !kept.has(changeOf(b)));
  const { t } = useTranslation();
  if (!available) return null;
  const open = (b: BoxView): void => {
    if (b.hostKey.changedTo !== null) {
      setKept((k) => new Set([...k].filter((c) => c !== changeOf(b))));
    } else if (b.status === 'untrusted') setTrusting(b);
    else desk.select(b.id);
  };
  return (
    <>
      <ul aria-label={t('boxes.machines')}>
        <TargetItem
          target={null}
          label={t('boxes.thisMachine')}
          state=""
          up
          onOpen={() => desk.select(null)}
        />
        {boxes.map((b) => (
          <TargetItem
            key={b.id}
            target={b.id}
            label={b.address}
            state={t(statusKey(b))}
            up={b.status === 'connected'}
            onOpen={() => open(b)}
            onRemove={() => setRemoving(b)}
          />
        ))}
        <li>
          <button type="button" className="nav-item" onClick={() => setAdding(true)}>
            <Icon name="plus" />
            <span className="nav-label">{t('boxes.add')}</span>
          </button>
        </li>
      </ul>
      {adding && (
        <AddBoxDialog
          onClose={() => setAdding(false)}
          onAdded={(b) => {
            setAdding(false);
            if (b.status === 'untrusted') setTrusting(b);
          }}
        />
      )}
      {trusting !== null && <TrustDialog box={trusting} onClose={() => setTrusting(null)} />}
      {removing !== null && <RemoveBoxDialog box={removing} onClose={() => setRemoving(null)} />}
      {changed !== undefined && removing === null && (
        <HostKeyChangedDialog
          key={changeOf(changed)}
          box={changed}
          onClose={() => setKept((k) => new Set([...k, changeOf(changed)]))}
        />
      )}
      {prompt !== undefined && <PromptDialog key={prompt.id} prompt={prompt} />}
    </>
  );
}
