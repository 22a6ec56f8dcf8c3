import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SystemConfView } from '../../../shared/contract';
import { toClientError } from '../../api/errors';
import { useClient } from '../../app/context';
import { preselect, systemConfStatus } from '../../lib/system-confs';

type Listing =
  | { readonly kind: 'loading' }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'loaded'; readonly list: readonly SystemConfView[] };

interface Props {
  /** The chosen file's interface name, or '' for none. */
  readonly value: string;
  readonly onChange: (name: string) => void;
  /** main's word on the chosen name (InvalidInput on `name`). */
  readonly error: string | undefined;
}

/**
 * The wg-quick files of /etc/wireguard, as main lists them (names and peer
 * counts, never their text), as a radio group: the files main would refuse
 * (managed already, or unreadable as a server) are shown, with why, but
 * cannot be chosen.
 */
export function SystemConfList({ value, onChange, error }: Props): ReactNode {
  const { t } = useTranslation();
  const client = useClient();
  const [listing, setListing] = useState<Listing>({ kind: 'loading' });

  useEffect(() => {
    let live = true;
    client.call('interfaces.listSystemConfs', {}).then(
      (list) => {
        if (!live) return;
        setListing({ kind: 'loaded', list });
        onChange(preselect(list, value));
      },
      (e: unknown) => live && setListing({ kind: 'failed', message: toClientError(e).message }),
    );
    return () => {
      live = false;
    };
    // Read once per opening (the choice changing must not list the directory
    // again): the first value and onChange are the ones meant.
  }, [client]);

  return (
    <fieldset className="segmented system-confs">
      <legend>{t('importForm.systemFiles')}</legend>
      {listing.kind === 'loading' && (
        <p className="muted" role="status">
          {t('importForm.systemLoading')}
        </p>
      )}
      {listing.kind === 'failed' && (
        <p className="form-error" role="alert">
          {listing.message}
        </p>
      )}
      {listing.kind === 'loaded' && listing.list.length === 0 && (
        <p className="empty-note" role="status">
          {t('importForm.systemEmpty')}
        </p>
      )}
      {listing.kind === 'loaded' &&
        listing.list.map((c) => {
          const status = systemConfStatus(c);
          return (
            <label key={c.name} className={status.kind === 'importable' ? '' : 'unavailable'}>
              <input
                type="radio"
                name="systemConf"
                value={c.name}
                checked={value === c.name}
                disabled={status.kind !== 'importable'}
                onChange={() => onChange(c.name)}
              />
              <span className="conf-name">{c.name}.conf</span>
              <span className="muted">{t('importForm.systemPeers', { count: c.peers })}</span>
              {status.kind === 'managed' && (
                <span className="badge">{t('importForm.systemManaged')}</span>
              )}
              {status.kind === 'importable' && status.running && (
                <span className="badge">{t('importForm.systemRunning')}</span>
              )}
              {status.kind === 'problem' && (
                <span className="conf-problem">
                  {t('importForm.systemProblem', { problem: status.problem })}
                </span>
              )}
            </label>
          );
        })}
      {error !== undefined && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
