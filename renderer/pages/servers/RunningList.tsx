import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunningInterfaceView } from '../../../shared/contract';
import { toClientError } from '../../api/errors';
import { useClient } from '../../app/context';
import { useFormatters } from '../../app/format';
import { preselectName } from '../../lib/system-confs';

type Listing =
  | { readonly kind: 'loading' }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'loaded'; readonly list: readonly RunningInterfaceView[] };

interface Props {
  /** The chosen interface's name, or '' for none. */
  readonly value: string;
  readonly onChange: (name: string) => void;
  /** main's word on the chosen name (InvalidInput or NotFound on `name`). */
  readonly error: string | undefined;
}

/**
 * The WireGuard interfaces running on the machine, as main lists them (issue
 * 15, point 9): a radio group rather than a name typed from memory. Those
 * wgdesk manages already are shown but cannot be chosen.
 */
export function RunningList({ value, onChange, error }: Props): ReactNode {
  const { t } = useTranslation();
  const f = useFormatters();
  const client = useClient();
  const [listing, setListing] = useState<Listing>({ kind: 'loading' });

  useEffect(() => {
    let live = true;
    client.call('interfaces.listRunning', {}).then(
      (list) => {
        if (!live) return;
        setListing({ kind: 'loaded', list });
        onChange(
          preselectName(
            list.filter((i) => !i.managed).map((i) => i.name),
            value,
          ),
        );
      },
      (e: unknown) => live && setListing({ kind: 'failed', message: toClientError(e).message }),
    );
    return () => {
      live = false;
    };
    // Read once per opening, like the files of /etc/wireguard (SystemConfList).
  }, [client]);

  return (
    <fieldset className="segmented system-confs">
      <legend>{t('importBulk.running')}</legend>
      {listing.kind === 'loading' && (
        <p className="muted" role="status">
          {t('importBulk.runningLoading')}
        </p>
      )}
      {listing.kind === 'failed' && (
        <p className="form-error" role="alert">
          {listing.message}
        </p>
      )}
      {listing.kind === 'loaded' && listing.list.length === 0 && (
        <p className="empty-note" role="status">
          {t('importBulk.runningEmpty')}
        </p>
      )}
      {listing.kind === 'loaded' &&
        listing.list.map((i) => (
          <label key={i.name} className={i.managed ? 'unavailable' : ''}>
            <input
              type="radio"
              name="runningInterface"
              value={i.name}
              checked={value === i.name}
              disabled={i.managed}
              onChange={() => onChange(i.name)}
            />
            <span className="conf-name">{i.name}</span>
            <span className="muted">
              {i.listenPort === null
                ? t('importBulk.runningNoPort')
                : t('importBulk.runningPort', { port: i.listenPort })}
              {' · '}
              {t('importBulk.runningPeers', { count: f.count(i.peers) })}
            </span>
            {i.managed && <span className="badge">{t('importBulk.runningManaged')}</span>}
          </label>
        ))}
      {error !== undefined && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
