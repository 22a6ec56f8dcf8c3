import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserView } from '../../../shared/contract/methods/users';
import { useApp } from '../../app/context';
import { useAction } from '../../app/use-action';
import { Dialog } from '../../components/Dialog';
import { FormError } from '../../components/FormParts';
import { TextField } from '../../components/Field';
import { SelectField } from '../../components/Select';

/**
 * Gives a user an OpenVPN identity from the user's side (issue 14): a server
 * and the common name or username its sessions carry, typed before any
 * device of theirs has connected.
 */
export function AssignDialog({
  user,
  onClose,
}: {
  user: UserView;
  onClose: () => void;
}): ReactNode {
  const { t } = useTranslation();
  const servers = useApp((s) => s.openvpnServers) ?? [];
  const { errors, busy, run } = useAction('in-form');
  const [serverId, setServerId] = useState(String(servers[0]?.id ?? ''));
  const [identity, setIdentity] = useState('');
  const submit = (): void => {
    void run(async (a) => {
      await a.assignOpenVpnIdentity(Number(serverId), identity, user.id);
      onClose();
    });
  };
  return (
    <Dialog
      title={t('openvpnAssign.title', { name: user.name })}
      onClose={onClose}
      onSubmit={submit}
      footer={
        <>
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="primary" disabled={busy || servers.length === 0}>
            {busy ? t('common.working') : t('openvpnAssign.submit')}
          </button>
        </>
      }
    >
      <FormError message={servers.length === 0 ? t('openvpnAssign.noServer') : errors.form} />
      <SelectField
        label={t('openvpnAssign.server')}
        value={serverId}
        onChange={setServerId}
        error={errors.fields['id']}
        options={servers.map((s) => ({ value: String(s.id), label: s.name }))}
      />
      <TextField
        label={t('openvpnAssign.identity')}
        hint={t('openvpnAssign.identityHint')}
        value={identity}
        onChange={setIdentity}
        error={errors.fields['identity']}
        className="mono"
      />
    </Dialog>
  );
}
