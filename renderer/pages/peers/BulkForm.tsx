import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventPayload, ParamsIn } from '../../../shared/contract';
import { TUNNEL_MODES, type TunnelMode } from '../../../shared/domain';
import { useApp, useClient } from '../../app/context';
import { useFormatters } from '../../app/format';
import { useAction } from '../../app/use-action';
import { ActionDialog } from '../../components/FormParts';
import { Check, TextField } from '../../components/Field';
import { SelectField } from '../../components/Select';
import { serverById } from '../../store/interfaces';
import { bulkPreview } from './bulk-preview';
import { usePeersOf } from './visible-peers';

const FIELDS = ['count', 'namePattern', 'userId', 'tunnelMode', 'keepalive'];
type Progress = EventPayload<'peers.bulkProgress'>;

/**
 * The last progress main pushed for a bulk create on this server (one push per
 * chunk of key pairs), listened to from the form's opening so the first push
 * of its own call cannot come before the subscription.
 */
function useBulkProgress(interfaceId: number): [Progress | null, () => void] {
  const client = useClient();
  const [progress, setProgress] = useState<Progress | null>(null);
  useEffect(
    () =>
      client.on('peers.bulkProgress', (p) => {
        if (p.interfaceId === interfaceId) setProgress(p);
      }),
    [client, interfaceId],
  );
  return [progress, () => setProgress(null)];
}

/**
 * Many peers at once, named by a pattern: one call, one kernel change. The
 * owner, tunnel and keepalive apply to all of them; a preview says which
 * names and addresses they get before anything is made, and the form counts
 * "n of N" while main makes them.
 */
export function BulkForm({
  interfaceId,
  onClose,
}: {
  interfaceId: number;
  onClose: () => void;
}): ReactNode {
  const { t } = useTranslation();
  const server = useApp((s) => serverById(s, interfaceId));
  const users = useApp((s) => s.users);
  // The loaded peers of the server: what the address preview must skip.
  const peers = usePeersOf(interfaceId);
  const action = useAction('in-form', FIELDS);
  const [progress, resetProgress] = useBulkProgress(interfaceId);
  const [count, setCount] = useState('10');
  const [pattern, setPattern] = useState('device-{n}');
  const [owner, setOwner] = useState('');
  const [tunnelMode, setTunnelMode] = useState<TunnelMode>('full');
  const [keepalive, setKeepalive] = useState('25');
  const [psk, setPsk] = useState(true);
  const n = Number(count);
  const preview = useMemo(
    () =>
      server !== undefined && Number.isInteger(n) && n >= 1 && n <= 65_536 && pattern !== ''
        ? bulkPreview(server, peers, pattern, n)
        : null,
    [server, peers, pattern, n],
  );

  const submit = (): void => {
    const params: ParamsIn<'peers.createBulk'> = {
      interfaceId,
      count: n,
      namePattern: pattern,
      presharedKey: psk,
      userId: owner === '' ? null : Number(owner),
      tunnelMode,
      keepalive,
    };
    resetProgress();
    void action.run(async (a) => {
      await a.createPeers(params);
      onClose();
    });
  };

  return (
    <ActionDialog
      title={t('bulk.title', { name: server?.name ?? '' })}
      onClose={onClose}
      onSubmit={submit}
      action={action}
      submitLabel={t('common.create')}
    >
      <div className="row2">
        <TextField
          label={t('bulk.count')}
          error={action.errors.fields['count']}
          value={count}
          onChange={setCount}
          inputMode="numeric"
          autoFocus
        />
        <TextField
          label={t('bulk.pattern')}
          hint={t('bulk.patternHint')}
          error={action.errors.fields['namePattern']}
          value={pattern}
          onChange={setPattern}
        />
      </div>
      <div className="row2">
        {users !== null && (
          <SelectField
            label={t('peerForm.owner')}
            error={action.errors.fields['userId']}
            value={owner}
            options={[
              { value: '', label: t('peerForm.noOwner') },
              ...users.map((u) => ({ value: String(u.id), label: u.name })),
            ]}
            onChange={setOwner}
          />
        )}
        <TextField
          label={t('peerForm.keepalive')}
          hint={t('peerForm.keepaliveHint')}
          error={action.errors.fields['keepalive']}
          value={keepalive}
          onChange={setKeepalive}
          inputMode="numeric"
        />
      </div>
      <SelectField
        label={t('peerForm.tunnelMode')}
        error={action.errors.fields['tunnelMode']}
        value={tunnelMode}
        options={TUNNEL_MODES.map((x) => ({ value: x, label: t(`tunnel.${x}`) }))}
        onChange={setTunnelMode}
      />
      <Check label={t('peerForm.presharedKey')} checked={psk} onChange={setPsk} />
      {preview !== null && (
        <p className="hint" role="status" aria-label={t('window.bulk.previewLabel')}>
          {preview.full
            ? t('window.bulk.full', { count: n })
            : t('window.bulk.preview', {
                first: preview.first,
                last: preview.last,
                from: preview.addresses?.from ?? t('common.none'),
                to: preview.addresses?.to ?? t('common.none'),
              })}
        </p>
      )}
      {action.busy && <BulkProgress progress={progress} count={n} />}
    </ActionDialog>
  );
}

/** "n of N" while main makes the key pairs, then that it stores and applies them; a bar beside it. */
function BulkProgress({
  progress,
  count,
}: {
  progress: Progress | null;
  count: number;
}): ReactNode {
  const { t } = useTranslation();
  const f = useFormatters();
  const words =
    progress === null
      ? t('window.bulk.progress', { count })
      : t(progress.done < progress.total ? 'importBulk.progress' : 'importBulk.storing', {
          done: f.count(progress.done),
          total: f.count(progress.total),
        });
  return (
    <p className="bulk-progress" role="status">
      <progress
        aria-label={t('importBulk.progressLabel')}
        value={progress?.done}
        max={progress?.total ?? count}
      />{' '}
      {words}
    </p>
  );
}
