import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ParamsIn } from '../../../shared/contract';
import type { RuleView } from '../../../shared/contract/methods/network';
import { useApp } from '../../app/context';
import { useAction } from '../../app/use-action';
import { Check, TextField } from '../../components/Field';
import { ActionDialog } from '../../components/FormParts';
import { SelectField } from '../../components/Select';
import { EndpointFields, toEndpoint, type EndpointDraft } from './EndpointFields';

type Create = ParamsIn<'network.rules.create'>;
type Protocol = 'any' | 'tcp' | 'udp' | 'icmp';

const draftOf = (e: RuleView['source'] | RuleView['destination']): EndpointDraft => ({
  kind: e.kind,
  peerId: e.peerId === undefined ? '' : String(e.peerId),
  userId: 'userId' in e && e.userId !== undefined ? String(e.userId) : '',
  cidr: e.cidr ?? '',
});
const EMPTY: EndpointDraft = { kind: 'any', peerId: '', userId: '', cidr: '' };
const asProtocol = (s: string): Protocol =>
  s === 'tcp' || s === 'udp' || s === 'icmp' ? s : 'any';

/** Creates a rule (rule null) or changes one; main's refusal shows under the field it names. */
export function RuleDialog(props: {
  interfaceId: number;
  rule: RuleView | null;
  onClose: () => void;
}): ReactNode {
  const { interfaceId, rule, onClose } = props;
  const { t } = useTranslation();
  const action = useAction('in-form');
  const peerIds = useApp((s) => s.peerIdsByInterface[interfaceId]);
  const peerById = useApp((s) => s.peerById);
  const users = useApp((s) => s.users);
  const [source, setSource] = useState(rule === null ? EMPTY : draftOf(rule.source));
  const [dest, setDest] = useState(rule === null ? EMPTY : draftOf(rule.destination));
  const [protocol, setProtocol] = useState<Protocol>(asProtocol(rule?.protocol ?? 'any'));
  const [ports, setPorts] = useState(rule?.ports ?? '');
  const [allow, setAllow] = useState<'allow' | 'deny'>(rule?.action === 'deny' ? 'deny' : 'allow');
  const [priority, setPriority] = useState(rule === null ? '' : String(rule.priority));
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const err = action.errors.fields;
  const peers = (peerIds ?? []).flatMap((id) => {
    const p = peerById.get(id);
    return p === undefined ? [] : [{ value: String(p.id), label: p.name }];
  });
  const userOptions = (users ?? []).map((u) => ({ value: String(u.id), label: u.name }));

  const submit = (): void => {
    const fields = {
      source: toEndpoint(source) as Create['source'],
      destination: toEndpoint(dest) as Create['destination'],
      protocol,
      ports,
      action: allow,
      enabled,
      ...(priority.trim() === '' ? {} : { priority: Number(priority) }),
    };
    void action.run(async (a) => {
      if (rule === null) await a.createRule({ interfaceId, ...fields });
      else await a.updateRule({ id: rule.id, ...fields });
      onClose();
    });
  };

  return (
    <ActionDialog
      title={rule === null ? t('network.newRule') : t('network.editRule', { id: rule.id })}
      onClose={onClose}
      onSubmit={submit}
      action={action}
      submitLabel={rule === null ? t('network.createRule') : t('network.saveRule')}
    >
      <EndpointFields
        side="source"
        value={source}
        onChange={setSource}
        peers={peers}
        users={userOptions}
        error={err.source}
      />
      <EndpointFields
        side="destination"
        value={dest}
        onChange={setDest}
        peers={peers}
        users={userOptions}
        error={err.destination}
      />
      <SelectField
        label={t('network.protocol')}
        error={err.protocol}
        value={protocol}
        onChange={setProtocol}
        options={[
          { value: 'any', label: t('network.protocolAny') },
          { value: 'tcp', label: 'TCP' },
          { value: 'udp', label: 'UDP' },
          { value: 'icmp', label: 'ICMP' },
        ]}
      />
      <TextField
        label={t('network.ports')}
        hint={t('network.portsHint')}
        error={err.ports}
        value={ports}
        onChange={setPorts}
      />
      <SelectField
        label={t('network.action')}
        error={err.action}
        value={allow}
        onChange={setAllow}
        options={[
          { value: 'allow', label: t('network.allow') },
          { value: 'deny', label: t('network.deny') },
        ]}
      />
      <TextField
        label={t('network.priority')}
        hint={t('network.priorityHint')}
        error={err.priority}
        value={priority}
        onChange={setPriority}
        inputMode="numeric"
      />
      <Check label={t('network.enabled')} checked={enabled} onChange={setEnabled} />
    </ActionDialog>
  );
}
