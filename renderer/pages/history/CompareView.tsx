import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useRead } from '../../app/use-read';
import { ChangeTable } from '../../components/ChangeTable';

/**
 * Two revisions side by side, as main words them: a secret reads "private
 * key rotated", never its value.
 */
export function CompareView({
  interfaceId,
  from,
  to,
  version,
}: {
  interfaceId: number;
  from: number;
  to: number;
  version: number;
}): ReactNode {
  const { t } = useTranslation();
  const titleId = useId();
  const { data, error } = useRead('revisions.compare', { interfaceId, from, to }, version);
  const cols = { from: `#${from}`, to: `#${to}` };
  return (
    <section className="card" aria-labelledby={titleId}>
      <h2 id={titleId}>{t('serverHistory.compareTitle', cols)}</h2>
      {error !== null && <p className="form-error">{error}</p>}
      {data === null ? (
        <p className="empty">{t('common.loading')}</p>
      ) : (
        <>
          <ChangeTable
            label={t('serverHistory.settingsChanges')}
            changes={data.settings}
            cols={cols}
            empty={t('serverHistory.same')}
          />
          {data.peersAdded.length > 0 && (
            <p>
              {t('serverHistory.peersAdded', {
                names: data.peersAdded.map((p) => p.name).join(', '),
              })}
            </p>
          )}
          {data.peersRemoved.length > 0 && (
            <p>
              {t('serverHistory.peersRemoved', {
                names: data.peersRemoved.map((p) => p.name).join(', '),
              })}
            </p>
          )}
          {data.peersChanged.map((p) => (
            <ChangeTable
              key={p.publicKey}
              label={t('serverHistory.peerChanges', { name: p.name })}
              changes={p.changes}
              cols={cols}
              empty={t('serverHistory.same')}
            />
          ))}
        </>
      )}
    </section>
  );
}
