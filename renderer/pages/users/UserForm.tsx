import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../../app/context';
import { useAction } from '../../app/use-action';
import { ActionDialog } from '../../components/FormParts';
import { Check, TextField } from '../../components/Field';
import { orNull } from '../../lib/form-errors';
import { QuotaFields, quotaBytesOf, quotaInput, resetDayOf } from '../lifecycle/QuotaFields';

const LIFECYCLE_FIELDS = [
  'quotaBytes',
  'quotaPeriod',
  'quotaResetDay',
  'peerQuotaBytes',
  'peerQuotaPeriod',
  'peerQuotaResetDay',
  'peerExpiryDays',
] as const;

/** Add or edit a user. The cool-down is asked in minutes and sent in seconds, as the contract wants. */
export function UserForm({
  userId,
  onClose,
}: {
  userId: number | null;
  onClose: () => void;
}): ReactNode {
  const { t } = useTranslation();
  const existing = useApp((s) => s.users?.find((u) => u.id === userId));
  const action = useAction('in-form', [
    'name',
    'email',
    'maxDevices',
    'limitCooldownS',
    ...LIFECYCLE_FIELDS,
    'bandwidthDownKbps',
    'bandwidthUpKbps',
  ]);
  const [name, setName] = useState(existing?.name ?? '');
  const [email, setEmail] = useState(existing?.email ?? '');
  const [limit, setLimit] = useState(String(existing?.maxDevices ?? 0));
  const [cooldown, setCooldown] = useState(String((existing?.limitCooldownS ?? 600) / 60));
  const [enabled, setEnabled] = useState(existing?.enabled ?? true);
  // Issue 12: the user's quota, and what their new peers get.
  const [quota, setQuota] = useState(
    quotaInput(
      existing?.quotaBytes ?? null,
      existing?.quotaPeriod ?? 'month',
      existing?.quotaResetDay ?? 1,
    ),
  );
  const [peerQuota, setPeerQuota] = useState(
    quotaInput(
      existing?.peerQuotaBytes ?? null,
      existing?.peerQuotaPeriod ?? 'month',
      existing?.peerQuotaResetDay ?? 1,
    ),
  );
  const [expiryDays, setExpiryDays] = useState(String(existing?.peerExpiryDays ?? ''));
  const [speedDown, setSpeedDown] = useState(existing?.bandwidthDownKbps?.toString() ?? '');
  const [speedUp, setSpeedUp] = useState(existing?.bandwidthUpKbps?.toString() ?? '');

  const submit = (): void => {
    const fields = {
      name,
      email: orNull(email),
      maxDevices: Number(limit),
      limitCooldownS: Math.round(Number(cooldown) * 60),
      enabled,
      quotaBytes: quotaBytesOf(quota),
      quotaPeriod: quota.period,
      quotaResetDay: resetDayOf(quota),
      peerQuotaBytes: quotaBytesOf(peerQuota),
      peerQuotaPeriod: peerQuota.period,
      peerQuotaResetDay: resetDayOf(peerQuota),
      peerExpiryDays: expiryDays.trim() === '' ? null : Number(expiryDays),
      bandwidthDownKbps: orNull(speedDown),
      bandwidthUpKbps: orNull(speedUp),
    };
    void action.run(async (a) => {
      if (existing === undefined) await a.createUser(fields);
      else await a.updateUser({ id: existing.id, ...fields });
      onClose();
    });
  };

  const e = action.errors.fields;
  return (
    <ActionDialog
      title={
        existing === undefined ? t('users.titleNew') : t('users.titleEdit', { name: existing.name })
      }
      onClose={onClose}
      onSubmit={submit}
      action={action}
      submitLabel={existing === undefined ? t('common.create') : t('common.save')}
    >
      <TextField
        label={t('users.name')}
        error={e['name']}
        value={name}
        onChange={setName}
        autoFocus
      />
      <TextField
        label={t('users.email')}
        hint={t('common.optional')}
        error={e['email']}
        value={email}
        onChange={setEmail}
        type="email"
      />
      <div className="row2">
        <TextField
          label={t('users.limit')}
          hint={t('users.limitHint')}
          error={e['maxDevices']}
          value={limit}
          onChange={setLimit}
          inputMode="numeric"
        />
        <TextField
          label={t('users.cooldown')}
          error={e['limitCooldownS']}
          value={cooldown}
          onChange={setCooldown}
          inputMode="numeric"
        />
      </div>
      <QuotaFields
        label={t('quotaUi.userQuota')}
        value={quota}
        onChange={setQuota}
        errors={{
          bytes: e['quotaBytes'],
          period: e['quotaPeriod'],
          resetDay: e['quotaResetDay'],
        }}
      />
      <QuotaFields
        label={t('quotaUi.peerQuota')}
        value={peerQuota}
        onChange={setPeerQuota}
        errors={{
          bytes: e['peerQuotaBytes'],
          period: e['peerQuotaPeriod'],
          resetDay: e['peerQuotaResetDay'],
        }}
      />
      <TextField
        label={t('quotaUi.peerExpiryDays')}
        hint={t('quotaUi.peerExpiryHint')}
        error={e['peerExpiryDays']}
        value={expiryDays}
        onChange={setExpiryDays}
        inputMode="numeric"
      />
      <div className="row2">
        <TextField
          label={t('speed.down')}
          hint={t('speed.userHint')}
          error={e['bandwidthDownKbps']}
          value={speedDown}
          onChange={setSpeedDown}
          inputMode="numeric"
        />
        <TextField
          label={t('speed.up')}
          error={e['bandwidthUpKbps']}
          value={speedUp}
          onChange={setSpeedUp}
          inputMode="numeric"
        />
      </div>
      <Check label={t('peerForm.enabled')} checked={enabled} onChange={setEnabled} />
    </ActionDialog>
  );
}
