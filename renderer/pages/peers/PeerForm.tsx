import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ParamsIn, PeerView } from '../../../shared/contract';
import { PEER_TYPES, TUNNEL_MODES, type PeerType, type TunnelMode } from '../../../shared/domain';
import { useApp } from '../../app/context';
import { useAction } from '../../app/use-action';
import { ActionDialog } from '../../components/FormParts';
import { Check, TextField } from '../../components/Field';
import { SelectField } from '../../components/Select';
import { orNull, splitList } from '../../lib/form-errors';
import { serverById } from '../../store/interfaces';
import {
  LIFECYCLE_FIELDS,
  PeerLifecycleFields,
  usePeerLifecycle,
} from '../lifecycle/PeerLifecycleFields';

/** The fields both create and edit have, as the admin typed them. */
interface Draft {
  name: string;
  email: string;
  owner: string;
  type: PeerType;
  keepalive: string;
  tunnelMode: TunnelMode;
  splitNetworks: string;
  extraNetworks: string;
  endpoint: string;
  speedDown: string;
  speedUp: string;
}

function draftOf(p: PeerView | undefined): Draft {
  return {
    name: p?.name ?? '',
    email: p?.email ?? '',
    owner: p?.userId?.toString() ?? '',
    type: p?.type ?? 'client',
    keepalive: p?.keepalive.toString() ?? '25',
    tunnelMode: p?.tunnelMode ?? 'full',
    splitNetworks: p?.splitNetworks.join(', ') ?? '',
    extraNetworks: p?.extraNetworks.join(', ') ?? '',
    endpoint: p?.endpoint ?? '',
    speedDown: p?.bandwidthDownKbps?.toString() ?? '',
    speedUp: p?.bandwidthUpKbps?.toString() ?? '',
  };
}

/** The draft as contract params: empty text is "none" (null), lists are split on commas. */
function common(d: Draft) {
  return {
    name: d.name,
    email: orNull(d.email),
    userId: d.owner === '' ? null : Number(d.owner),
    type: d.type,
    keepalive: d.keepalive,
    tunnelMode: d.tunnelMode,
    splitNetworks: splitList(d.splitNetworks),
    extraNetworks: splitList(d.extraNetworks),
    endpoint: orNull(d.endpoint),
    bandwidthDownKbps: orNull(d.speedDown),
    bandwidthUpKbps: orNull(d.speedUp),
  };
}

/** The contract fields this form shows, each with its own error. */
const FIELDS = [
  'name',
  'email',
  'userId',
  'type',
  'keepalive',
  'tunnelMode',
  'splitNetworks',
  'extraNetworks',
  'endpoint',
  'bandwidthDownKbps',
  'bandwidthUpKbps',
  'publicKey',
  'addresses',
  ...LIFECYCLE_FIELDS,
];

/** Create a peer, or edit one. Every message from the validators shows under its field. */
export function PeerForm({
  interfaceId,
  peerId,
  onClose,
}: {
  interfaceId: number;
  peerId: number | null;
  onClose: () => void;
}): ReactNode {
  const { t } = useTranslation();
  const existing = useApp((s) => (peerId === null ? undefined : s.peerById.get(peerId)));
  const server = useApp((s) => serverById(s, interfaceId));
  const users = useApp((s) => s.users);
  const openDialog = useApp((s) => s.openDialog);
  const action = useAction('in-form', FIELDS);
  const [d, setD] = useState<Draft>(() => draftOf(existing));
  const [publicKey, setPublicKey] = useState('');
  const [addresses, setAddresses] = useState('');
  const [psk, setPsk] = useState(true);
  const [keepPrivate, setKeepPrivate] = useState(true);
  const [enabled, setEnabled] = useState(existing?.enabled ?? true);
  const lifecycle = usePeerLifecycle(existing);
  const set =
    <K extends keyof Draft>(k: K) =>
    (v: Draft[K]) =>
      setD((prev) => ({ ...prev, [k]: v }));

  const submit = (): void => {
    const life = lifecycle.params(Date.now());
    if (life === null) return;
    if (existing !== undefined) {
      const params: ParamsIn<'peers.update'> = { id: existing.id, enabled, ...common(d), ...life };
      void action.run(async (a) => {
        await a.updatePeer(params);
        onClose();
      });
      return;
    }
    const params: ParamsIn<'peers.create'> = {
      interfaceId,
      presharedKey: psk,
      keepPrivateKey: keepPrivate,
      ...common(d),
      ...life,
    };
    if (publicKey.trim() !== '') params.publicKey = publicKey.trim();
    if (addresses.trim() !== '') params.addresses = splitList(addresses);
    void action.run(async (a) => {
      const r = await a.createPeer(params);
      // Not kept: this answer is the only copy of the private key. Show it now.
      if (r.config === null) return onClose();
      const once = { config: r.config, peerName: r.peer.name };
      openDialog({ kind: 'config', peerId: r.peer.id, once });
    });
  };

  const e = action.errors.fields;
  const title =
    existing === undefined
      ? t('peerForm.titleNew', { name: server?.name ?? '' })
      : t('peerForm.titleEdit', { name: existing.name });
  return (
    <ActionDialog
      title={title}
      onClose={onClose}
      onSubmit={submit}
      action={action}
      submitLabel={existing === undefined ? t('common.create') : t('common.save')}
    >
      <TextField
        label={t('peerForm.name')}
        error={e['name']}
        value={d.name}
        onChange={set('name')}
        autoFocus
      />
      <div className="row2">
        <TextField
          label={t('peerForm.email')}
          hint={t('common.optional')}
          error={e['email']}
          value={d.email}
          onChange={set('email')}
          type="email"
        />
        {users !== null && (
          <SelectField
            label={t('peerForm.owner')}
            error={e['userId']}
            value={d.owner}
            options={[
              { value: '', label: t('peerForm.noOwner') },
              ...users.map((u) => ({ value: String(u.id), label: u.name })),
            ]}
            onChange={set('owner')}
          />
        )}
      </div>
      <div className="row2">
        <SelectField
          label={t('peerForm.type')}
          error={e['type']}
          value={d.type}
          options={PEER_TYPES.map((x) => ({ value: x, label: t(`peerType.${x}`) }))}
          onChange={set('type')}
        />
        <TextField
          label={t('peerForm.keepalive')}
          hint={t('peerForm.keepaliveHint')}
          error={e['keepalive']}
          value={d.keepalive}
          onChange={set('keepalive')}
          inputMode="numeric"
        />
      </div>
      <SelectField
        label={t('peerForm.tunnelMode')}
        error={e['tunnelMode']}
        value={d.tunnelMode}
        options={TUNNEL_MODES.map((x) => ({ value: x, label: t(`tunnel.${x}`) }))}
        onChange={set('tunnelMode')}
      />
      <div className="row2">
        <TextField
          label={t('speed.down')}
          hint={t('speed.peerHint')}
          error={e['bandwidthDownKbps']}
          value={d.speedDown}
          onChange={set('speedDown')}
          inputMode="numeric"
        />
        <TextField
          label={t('speed.up')}
          error={e['bandwidthUpKbps']}
          value={d.speedUp}
          onChange={set('speedUp')}
          inputMode="numeric"
        />
      </div>
      <PeerLifecycleFields state={lifecycle} errors={e} />
      {(d.tunnelMode === 'split' || d.tunnelMode === 'site') && (
        <TextField
          label={t('peerForm.splitNetworks')}
          hint={t('peerForm.splitHint')}
          error={e['splitNetworks']}
          value={d.splitNetworks}
          onChange={set('splitNetworks')}
        />
      )}
      <details
        className="advanced"
        open={Object.keys(e).some((k) =>
          ['extraNetworks', 'endpoint', 'publicKey', 'addresses'].includes(k),
        )}
      >
        <summary>{t('peerForm.advanced')}</summary>
        <TextField
          label={t('peerForm.extraNetworks')}
          hint={t('peerForm.extraHint')}
          error={e['extraNetworks']}
          value={d.extraNetworks}
          onChange={set('extraNetworks')}
        />
        <TextField
          label={t('peerForm.endpoint')}
          hint={t('peerForm.endpointHint')}
          error={e['endpoint']}
          value={d.endpoint}
          onChange={set('endpoint')}
        />
        {existing === undefined && (
          <>
            <TextField
              label={t('peerForm.publicKey')}
              hint={t('peerForm.publicKeyHint')}
              error={e['publicKey']}
              value={publicKey}
              onChange={setPublicKey}
            />
            <TextField
              label={t('peerForm.addresses')}
              hint={t('peerForm.addressesHint')}
              error={e['addresses']}
              value={addresses}
              onChange={setAddresses}
            />
          </>
        )}
      </details>
      {existing === undefined ? (
        <>
          <Check label={t('peerForm.presharedKey')} checked={psk} onChange={setPsk} />
          {publicKey.trim() === '' && (
            <Check
              label={t('peerForm.keepPrivateKey')}
              checked={keepPrivate}
              onChange={setKeepPrivate}
            />
          )}
        </>
      ) : (
        <Check label={t('peerForm.enabled')} checked={enabled} onChange={setEnabled} />
      )}
    </ActionDialog>
  );
}
