import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField } from '../../components/Field';
import { SelectField } from '../../components/Select';

/** One end of a rule as the form holds it: the ids as the selects' text. */
export interface EndpointDraft {
  readonly kind: string;
  readonly peerId: string;
  readonly userId: string;
  readonly cidr: string;
}

type Option = { readonly value: string; readonly label: string };

/** The contract's shape of the end; the contract's own schema checks it when sent. */
export function toEndpoint(d: EndpointDraft): Record<string, string | number> {
  switch (d.kind) {
    case 'peer':
      return { kind: 'peer', peerId: Number(d.peerId) };
    case 'user':
      return { kind: 'user', userId: Number(d.userId) };
    case 'cidr':
      return { kind: 'cidr', cidr: d.cidr.trim() };
    default:
      return { kind: d.kind };
  }
}

const KINDS = {
  source: ['any', 'peer', 'user', 'cidr'],
  destination: ['any', 'peer', 'cidr', 'server', 'internet'],
} as const;

/** Which kind of end, then the peer, user or network it names; main's error shows under it. */
export function EndpointFields(props: {
  side: 'source' | 'destination';
  value: EndpointDraft;
  onChange: (d: EndpointDraft) => void;
  peers: readonly Option[];
  users: readonly Option[];
  error: string | undefined;
}): ReactNode {
  const { side, value, onChange, peers, users, error } = props;
  const { t } = useTranslation();
  const label = (kind: string): string =>
    kind === 'any' && side === 'destination'
      ? t('network.kindAnywhere')
      : t(`network.kind${kind.charAt(0).toUpperCase()}${kind.slice(1)}` as 'network.kindAny');
  const set = (patch: Partial<EndpointDraft>): void => onChange({ ...value, ...patch });
  const pick = (options: readonly Option[], current: string): string =>
    current !== '' ? current : (options[0]?.value ?? '');
  const kindError = value.kind === 'any' || value.kind === 'server' ? error : undefined;
  return (
    <>
      <SelectField
        label={t(side === 'source' ? 'network.source' : 'network.destination')}
        error={kindError}
        value={value.kind}
        onChange={(kind) =>
          set({ kind, peerId: pick(peers, value.peerId), userId: pick(users, value.userId) })
        }
        options={KINDS[side].map((k) => ({ value: k, label: label(k) }))}
      />
      {value.kind === 'peer' && (
        <SelectField
          label={t(side === 'source' ? 'network.sourcePeer' : 'network.destinationPeer')}
          error={error}
          value={value.peerId}
          onChange={(peerId) => set({ peerId })}
          options={peers}
        />
      )}
      {value.kind === 'user' && (
        <SelectField
          label={t('network.sourceUser')}
          error={error}
          value={value.userId}
          onChange={(userId) => set({ userId })}
          options={users}
        />
      )}
      {value.kind === 'cidr' && (
        <TextField
          label={t(side === 'source' ? 'network.sourceCidr' : 'network.destinationCidr')}
          error={error}
          value={value.cidr}
          onChange={(cidr) => set({ cidr })}
          placeholder="10.0.0.0/24"
        />
      )}
    </>
  );
}
