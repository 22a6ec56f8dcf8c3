import { useState, type ReactNode } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { RevisionView } from '../../../shared/contract/methods/revisions';
import { useApp } from '../../app/context';
import { useFormatters } from '../../app/format';
import { useAction } from '../../app/use-action';
import { useChangeCount, useRead } from '../../app/use-read';
import { ActionDialog } from '../../components/FormParts';
import { PageMessage } from '../../components/PageMessage';
import { serverById } from '../../store/interfaces';
import { ServerPageHead } from '../servers/ServerPageHead';
import { auditSentence, auditTargetName, type Names } from '../../lib/log-words';
import { useNames } from '../logs/AuditLog';
import { CompareView } from './CompareView';

/**
 * A server's history: every applied change of its settings or peers, two of
 * them side by side, and a rollback to any. Read again whenever main says
 * this server or peers changed (here or in any other window).
 */
export function HistoryPage({ interfaceId }: { interfaceId: number }): ReactNode {
  const { t } = useTranslation();
  const iface = useApp((s) => serverById(s, interfaceId));
  const version = useChangeCount(
    (c) =>
      c.what === 'peers' || (c.what === 'interfaces' && (c.ids?.includes(interfaceId) ?? true)),
    [interfaceId],
  );
  const { data, error } = useRead('revisions.list', { interfaceId }, version);
  const [picked, setPicked] = useState<readonly number[]>([]);
  const [rollbackTo, setRollbackTo] = useState<RevisionView | null>(null);
  if (iface === undefined) return <PageMessage text={t('common.loading')} />;

  // The two last picked; a third pick lets go of the oldest pick.
  const toggle = (id: number): void =>
    setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id].slice(-2)));
  const [a, b] = [...picked].sort((x, y) => x - y);
  return (
    <main className="page" aria-labelledby="page-title">
      <ServerPageHead iface={iface} title={t('serverHistory.title', { name: iface.name })} />
      {error !== null && <p className="form-error">{error}</p>}
      <p className="hint">{t('serverHistory.hint')}</p>
      {data === null ? (
        <p className="empty">{t('common.loading')}</p>
      ) : (
        <RevisionTable
          revisions={data}
          label={t('serverHistory.table', { name: iface.name })}
          picked={picked}
          onToggle={toggle}
          onRollback={setRollbackTo}
        />
      )}
      {a !== undefined && b !== undefined ? (
        <CompareView interfaceId={interfaceId} from={a} to={b} version={version} />
      ) : (
        <p className="subtle">{t('serverHistory.pickTwo')}</p>
      )}
      {rollbackTo !== null && (
        <RollbackDialog
          interfaceId={interfaceId}
          name={iface.name}
          revision={rollbackTo}
          onClose={() => setRollbackTo(null)}
        />
      )}
    </main>
  );
}

interface TableProps {
  readonly revisions: readonly RevisionView[];
  readonly label: string;
  readonly picked: readonly number[];
  readonly onToggle: (id: number) => void;
  readonly onRollback: (r: RevisionView) => void;
}

/** "Created peer alice-laptop; Changed server hq": the revision's audit entries as sentences. */
function whatWords(t: TFunction, r: RevisionView, names: Names): string {
  return r.actions
    .map((a) => {
      const about = {
        targetType: a.targetType ?? '',
        targetId: a.targetId,
        details: a.name === null ? {} : { name: a.name },
      };
      return auditSentence(t, a.action, auditTargetName(t, about, names));
    })
    .join('; ');
}

function RevisionTable({ revisions, label, picked, onToggle, onRollback }: TableProps): ReactNode {
  const { t } = useTranslation();
  const f = useFormatters();
  const names = useNames();
  if (revisions.length === 0) return <p className="empty">{t('serverHistory.empty')}</p>;
  return (
    <table className="list" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">{t('serverHistory.compare')}</th>
          <th scope="col">{t('serverHistory.revision')}</th>
          <th scope="col">{t('serverHistory.when')}</th>
          <th scope="col">{t('serverHistory.who')}</th>
          <th scope="col">{t('serverHistory.what')}</th>
          <th scope="col">{t('serverHistory.peers')}</th>
          <th scope="col">{t('servers.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {revisions.map((r, i) => (
          <tr key={r.id}>
            <td>
              <input
                type="checkbox"
                aria-label={t('serverHistory.pick', { id: r.id })}
                checked={picked.includes(r.id)}
                onChange={() => onToggle(r.id)}
              />
            </td>
            <th scope="row">#{r.id}</th>
            <td>{f.dateTime(r.createdAt)}</td>
            <td>{r.actor === 'unknown' ? t('serverHistory.unknownActor') : r.actor}</td>
            <td>{whatWords(t, r, names) || f.none}</td>
            <td className="num">{f.count(r.peers)}</td>
            <td className="actions">
              {i === 0 ? (
                <span className="subtle">{t('serverHistory.current')}</span>
              ) : (
                <button type="button" onClick={() => onRollback(r)}>
                  {t('serverHistory.rollbackTo', { id: r.id })}
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RollbackDialog({
  interfaceId,
  name,
  revision,
  onClose,
}: {
  interfaceId: number;
  name: string;
  revision: RevisionView;
  onClose: () => void;
}): ReactNode {
  const { t } = useTranslation();
  const f = useFormatters();
  const action = useAction('in-form');
  return (
    <ActionDialog
      title={t('serverHistory.confirmTitle', { id: revision.id })}
      onClose={onClose}
      onSubmit={() =>
        void action.run(async (a) => {
          await a.rollback(interfaceId, revision.id);
          onClose();
        })
      }
      action={action}
      submitLabel={t('serverHistory.rollback')}
      danger
      focus="cancel"
    >
      <p>
        {t('serverHistory.confirmBody', {
          name,
          id: revision.id,
          when: f.dateTime(revision.createdAt),
        })}
      </p>
    </ActionDialog>
  );
}
