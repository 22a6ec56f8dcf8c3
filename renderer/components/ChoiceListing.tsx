import { useEffect, useState, type ReactNode } from 'react';
import type { Client } from '../api/client';
import { toClientError } from '../api/errors';
import { useClient } from '../app/context';
import { preselectName } from '../lib/system-confs';

type Listing<T> =
  | { readonly kind: 'loading' }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'loaded'; readonly list: readonly T[] };

export interface ChoiceListingProps<T> {
  readonly legend: string;
  readonly loadingText: string;
  readonly emptyText: string;
  /** The radio group's name. */
  readonly group: string;
  /** Asked once per opening (the choice changing must not ask again). */
  readonly load: (client: Client) => Promise<readonly T[]>;
  readonly nameOf: (item: T) => string;
  readonly choosable: (item: T) => boolean;
  /** What the item's line shows after its name: counts, badges, a problem. */
  readonly details: (item: T) => ReactNode;
  /** The shown name (a file's "wg0.conf"); its name when absent. */
  readonly label?: (item: T) => string;
  /** The chosen name, or '' for none. */
  readonly value: string;
  readonly onChange: (name: string) => void;
  /** main's word on the chosen name. */
  readonly error: string | undefined;
}

/**
 * A list main answers, as a radio group of names: what cannot be chosen is
 * shown, with why, but disabled. Once loaded, the choice is kept if it can
 * still be chosen, else the only choosable item is preselected. The import
 * dialog's files of /etc/wireguard and its running interfaces both use it.
 */
export function ChoiceListing<T>(p: ChoiceListingProps<T>): ReactNode {
  const client = useClient();
  const [listing, setListing] = useState<Listing<T>>({ kind: 'loading' });

  useEffect(() => {
    let live = true;
    p.load(client).then(
      (list) => {
        if (!live) return;
        setListing({ kind: 'loaded', list });
        p.onChange(preselectName(list.filter(p.choosable).map(p.nameOf), p.value));
      },
      (e: unknown) => live && setListing({ kind: 'failed', message: toClientError(e).message }),
    );
    return () => {
      live = false;
    };
    // Read once per opening: the first value and onChange are the ones meant.
  }, [client]);

  return (
    <fieldset className="segmented system-confs">
      <legend>{p.legend}</legend>
      {listing.kind === 'loading' && (
        <p className="muted" role="status">
          {p.loadingText}
        </p>
      )}
      {listing.kind === 'failed' && (
        <p className="form-error" role="alert">
          {listing.message}
        </p>
      )}
      {listing.kind === 'loaded' && listing.list.length === 0 && (
        <p className="empty-note" role="status">
          {p.emptyText}
        </p>
      )}
      {listing.kind === 'loaded' &&
        listing.list.map((item) => {
          const name = p.nameOf(item);
          const choosable = p.choosable(item);
          return (
            <label key={name} className={choosable ? '' : 'unavailable'}>
              <input
                type="radio"
                name={p.group}
                value={name}
                checked={p.value === name}
                disabled={!choosable}
                onChange={() => p.onChange(name)}
              />
              <span className="conf-name">{p.label?.(item) ?? name}</span>
              {p.details(item)}
            </label>
          );
        })}
      {p.error !== undefined && (
        <p className="field-error" role="alert">
          {p.error}
        </p>
      )}
    </fieldset>
  );
}
