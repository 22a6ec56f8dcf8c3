import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ParamsIn } from '../../../shared/contract';
import { useApp, useClient, useStoreApi } from '../../app/context';
import { useSubmit } from '../../app/form';
import { Dialog } from '../../components/Dialog';
import { FormError, SubmitFooter } from '../../components/FormParts';
import { Check, TextField } from '../../components/Field';
import { loadPeers } from '../../store/sync';

/** Many peers at once, named by a pattern: one call, one kernel change. */
export function BulkForm({
  interfaceId,
  onClose,
}: {
  interfaceId: number;
  onClose: () => void;
}): ReactNode {
  const { t } = useTranslation();
  const client = useClient();
  const store = useStoreApi();
  const server = useApp((s) => s.interfaces?.find((i) => i.id === interfaceId));
  const notify = useApp((s) => s.notify);
  const { errors, busy, run, check } = useSubmit();
  const [count, setCount] = useState('10');
  const [pattern, setPattern] = useState('device-{n}');
  const [psk, setPsk] = useState(true);

  const submit = (): void => {
    void run(async () => {
      const params: ParamsIn<'peers.createBulk'> = {
        interfaceId,
        count: Number(count),
        namePattern: pattern,
        presharedKey: psk,
      };
      if (!check('peers.createBulk', params)) return;
      const r = await client.call('peers.createBulk', params);
      notify(t('bulk.done', { count: r.ids.length }));
      await loadPeers(client, store, interfaceId);
      onClose();
    });
  };

  return (
    <Dialog
      title={t('bulk.title', { name: server?.name ?? '' })}
      onClose={onClose}
      onSubmit={submit}
      footer={<SubmitFooter onCancel={onClose} busy={busy} submitLabel={t('common.create')} />}
    >
      <FormError message={errors.form} />
      <div className="row2">
        <TextField
          label={t('bulk.count')}
          error={errors.fields['count']}
          value={count}
          onChange={setCount}
          inputMode="numeric"
          autoFocus
        />
        <TextField
          label={t('bulk.pattern')}
          hint={t('bulk.patternHint')}
          error={errors.fields['namePattern']}
          value={pattern}
          onChange={setPattern}
        />
      </div>
      <Check label={t('peerForm.presharedKey')} checked={psk} onChange={setPsk} />
    </Dialog>
  );
}
