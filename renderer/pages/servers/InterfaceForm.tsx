import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp, useClient } from '../../app/context';
import { useAction } from '../../app/use-action';
import { ActionDialog } from '../../components/FormParts';
import { Check, TextField } from '../../components/Field';
import { orNull, splitList } from '../../lib/form-errors';
import { serverById } from '../../store/interfaces';
import { HooksView } from './HooksView';

/** The contract fields this form shows, each with its own error. */
const FIELDS = ['name', 'listenPort', 'mtu', 'ipv4Address', 'ipv6Address', 'dns', 'publicEndpoint'];

/** Create a server, or edit one's settings (applied live by main, without a restart). */
export function InterfaceForm({
  interfaceId,
  onClose,
}: {
  interfaceId: number | null;
  onClose: () => void;
}): ReactNode {
  const { t } = useTranslation();
  const existing = useApp((s) => serverById(s, interfaceId));
  const action = useAction('in-form', FIELDS);
  const [name, setName] = useState(existing?.name ?? '');
  const [port, setPort] = useState(existing?.listenPort?.toString() ?? '51820');
  const [ipv4, setIpv4] = useState(existing?.ipv4Address ?? '');
  const [ipv6, setIpv6] = useState(existing?.ipv6Address ?? '');
  const [dns, setDns] = useState(existing?.dns.join(', ') ?? '');
  const [mtu, setMtu] = useState(existing?.mtu?.toString() ?? '');
  const [endpoint, setEndpoint] = useState(existing?.publicEndpoint ?? '');
  const [up, setUp] = useState(true);
  const client = useClient();
  const isNew = existing === undefined;
  // A new server starts with what no other server uses (main knows them all);
  // what the admin typed meanwhile wins.
  useEffect(() => {
    if (!isNew) return undefined;
    let live = true;
    client.call('interfaces.suggest', {}).then(
      (d) => {
        if (!live) return;
        setName((v) => (v === '' ? d.name : v));
        setPort((v) => (v === '51820' ? String(d.listenPort) : v));
        if (d.ipv4Address !== null) setIpv4((v) => (v === '' ? (d.ipv4Address ?? '') : v));
      },
      // Only defaults: without them the form is as it was.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client, isNew]);

  const settings = {
    listenPort: port,
    ipv4Address: orNull(ipv4),
    ipv6Address: orNull(ipv6),
    dns: splitList(dns),
    mtu: orNull(mtu),
    publicEndpoint: orNull(endpoint),
  };

  const submit = (): void => {
    void action.run(async (a) => {
      if (existing === undefined) await a.createServer({ name, up, ...settings });
      else await a.updateServer({ id: existing.id, ...settings });
      onClose();
    });
  };

  const e = action.errors.fields;
  return (
    <ActionDialog
      title={
        existing === undefined
          ? t('interfaceForm.titleNew')
          : t('interfaceForm.titleEdit', { name: existing.name })
      }
      onClose={onClose}
      onSubmit={submit}
      action={action}
      submitLabel={existing === undefined ? t('common.create') : t('common.save')}
    >
      {existing === undefined && (
        <TextField
          label={t('interfaceForm.name')}
          hint={t('interfaceForm.nameHint')}
          error={e['name']}
          value={name}
          onChange={setName}
          autoFocus
        />
      )}
      <div className="row2">
        <TextField
          label={t('interfaceForm.listenPort')}
          error={e['listenPort']}
          value={port}
          onChange={setPort}
          inputMode="numeric"
        />
        <TextField
          label={t('interfaceForm.mtu')}
          hint={t('common.optional')}
          error={e['mtu']}
          value={mtu}
          onChange={setMtu}
          inputMode="numeric"
        />
      </div>
      <TextField
        label={t('interfaceForm.ipv4')}
        hint={t('interfaceForm.ipv4Hint')}
        error={e['ipv4Address']}
        value={ipv4}
        onChange={setIpv4}
      />
      <TextField
        label={t('interfaceForm.ipv6')}
        hint={t('interfaceForm.ipv6Hint')}
        error={e['ipv6Address']}
        value={ipv6}
        onChange={setIpv6}
      />
      <TextField
        label={t('interfaceForm.dns')}
        hint={t('interfaceForm.dnsHint')}
        error={e['dns']}
        value={dns}
        onChange={setDns}
      />
      <TextField
        label={t('interfaceForm.endpoint')}
        hint={t('interfaceForm.endpointHint')}
        error={e['publicEndpoint']}
        value={endpoint}
        onChange={setEndpoint}
      />
      {existing === undefined && (
        <Check label={t('interfaceForm.up')} checked={up} onChange={setUp} />
      )}
      {existing !== undefined && <HooksView hooks={existing.hooks} />}
    </ActionDialog>
  );
}
