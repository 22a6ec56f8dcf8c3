import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ParamsIn } from '../../../shared/contract';
import { useApp } from '../../app/context';
import { useAction } from '../../app/use-action';
import { ActionDialog } from '../../components/FormParts';
import { Check, TextField } from '../../components/Field';
import { serverById } from '../../store/interfaces';

/** Many peers at once, named by a pattern: one call, one kernel change. */
export function BulkForm({
  interfaceId,
  onClose,
}: {
  interfaceId: number;
  onClose: () => void;
}): ReactNode {
  const { t } = useTranslation();
  const server = useApp((s) => serverById(s, interfaceId));
  const action = useAction('in-form', ['count', 'namePattern']);
  const [count, setCount] = useState('10');
  const [pattern, setPattern] = useState('device-{n}');
  const [psk, setPsk] = useState(true);

  const submit = (): void => {
    const params: ParamsIn<'peers.createBulk'> = {
      interfaceId,
      count: Number(count),
      namePattern: pattern,
      presharedKey: psk,
    };
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
      <Check label={t('peerForm.presharedKey')} checked={psk} onChange={setPsk} />
    </ActionDialog>
  );
}
