import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttachOpenVpnInput } from '../../actions/openvpn';
import { useAction } from '../../app/use-action';
import { Dialog } from '../../components/Dialog';
import { FormError } from '../../components/FormParts';
import { TextField } from '../../components/Field';
import { SelectField } from '../../components/Select';

type Kind = 'unix' | 'tcp';
type Host = '127.0.0.1' | '::1';
type IdentityBy = 'common_name' | 'username';

/**
 * Attach an existing OpenVPN server by its management interface (issue 14): a
 * Unix socket path, or a port on loopback (main refuses any other host), its
 * password file's password, and which name owns a session on this server.
 */
export function AttachDialog({ onClose }: { onClose: () => void }): ReactNode {
  const { t } = useTranslation();
  const { errors, busy, run } = useAction('in-form');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<Kind>('unix');
  const [path, setPath] = useState('');
  const [host, setHost] = useState<Host>('127.0.0.1');
  const [port, setPort] = useState('');
  const [password, setPassword] = useState('');
  const [identityBy, setIdentityBy] = useState<IdentityBy>('common_name');

  const input = (): AttachOpenVpnInput => ({
    name,
    address: kind === 'unix' ? { kind, path } : { kind, host, port: Number(port) },
    identityBy,
    ...(password === '' ? {} : { password }),
  });
  const submit = (): void => {
    void run(async (a) => {
      await a.attachOpenVpn(input());
      onClose();
    });
  };

  return (
    <Dialog
      title={t('openvpnAttach.title')}
      onClose={onClose}
      onSubmit={submit}
      footer={
        <>
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('common.working') : t('openvpnAttach.submit')}
          </button>
        </>
      }
    >
      <FormError message={errors.form} />
      <TextField
        label={t('openvpnAttach.name')}
        value={name}
        onChange={setName}
        error={errors.fields['name']}
      />
      <SelectField
        label={t('openvpnAttach.kind')}
        value={kind}
        onChange={setKind}
        options={[
          { value: 'unix', label: t('openvpnAttach.unix') },
          { value: 'tcp', label: t('openvpnAttach.tcp') },
        ]}
      />
      {kind === 'unix' ? (
        <TextField
          label={t('openvpnAttach.path')}
          hint={t('openvpnAttach.pathHint')}
          value={path}
          onChange={setPath}
          error={errors.fields['address']}
          className="mono"
        />
      ) : (
        <>
          <SelectField
            label={t('openvpnAttach.host')}
            value={host}
            onChange={setHost}
            options={[
              { value: '127.0.0.1', label: '127.0.0.1' },
              { value: '::1', label: '::1' },
            ]}
          />
          <TextField
            label={t('openvpnAttach.port')}
            value={port}
            onChange={setPort}
            inputMode="numeric"
            error={errors.fields['address']}
          />
        </>
      )}
      <TextField
        label={t('openvpnAttach.password')}
        hint={t('openvpnAttach.passwordHint')}
        type="password"
        autoComplete="off"
        value={password}
        onChange={setPassword}
        error={errors.fields['password']}
      />
      <SelectField
        label={t('openvpnAttach.identityBy')}
        hint={t('openvpnAttach.identityByHint')}
        value={identityBy}
        onChange={setIdentityBy}
        options={[
          { value: 'common_name', label: t('openvpnAttach.byCommonName') },
          { value: 'username', label: t('openvpnAttach.byUsername') },
        ]}
      />
    </Dialog>
  );
}
