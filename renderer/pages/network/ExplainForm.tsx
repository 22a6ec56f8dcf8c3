import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ParamsIn, ResultOf } from '../../../shared/contract';
import type { RuleView } from '../../../shared/contract/methods/network';
import { useApp } from '../../app/context';
import { useAction } from '../../app/use-action';
import { TextField } from '../../components/Field';
import { FormError } from '../../components/FormParts';
import { SelectField } from '../../components/Select';
import { explainWords } from '../../lib/explain-words';
import { useRuleText } from './labels';

type Explain = ParamsIn<'network.explain'>;
type Answer = ResultOf<'network.explain'>;
type Protocol = 'tcp' | 'udp' | 'icmp';

/** "peer:3", "address" or "server": what the From and To selects hold. */
const endOf = (choice: string, address: string): Explain['to'] =>
  choice === 'server'
    ? { server: true }
    : choice === 'address'
      ? { address: address.trim() }
      : { peerId: Number(choice.replace('peer:', '')) };

/** "Can A reach B on tcp/22?": main names the rule, policy or reach that decides, sending nothing. */
export function ExplainForm({
  interfaceId,
  rules,
}: {
  interfaceId: number;
  rules: readonly RuleView[];
}): ReactNode {
  const { t } = useTranslation();
  const action = useAction('in-form');
  const peerIds = useApp((s) => s.peerIdsByInterface[interfaceId]);
  const peerById = useApp((s) => s.peerById);
  const { ruleName } = useRuleText();
  const peers = (peerIds ?? []).flatMap((id) => {
    const p = peerById.get(id);
    return p === undefined ? [] : [{ value: `peer:${p.id}`, label: p.name }];
  });
  const first = peers[0]?.value ?? 'address';
  const [from, setFrom] = useState('');
  const [fromAddress, setFromAddress] = useState('');
  const [to, setTo] = useState('');
  const [toAddress, setToAddress] = useState('');
  const [protocol, setProtocol] = useState<Protocol>('tcp');
  const [port, setPort] = useState('');
  const [answer, setAnswer] = useState<Answer | null>(null);
  const fromChoice = from === '' ? first : from;
  const toChoice = to === '' ? (peers[1]?.value ?? first) : to;
  const err = action.errors.fields;

  const ask = (): void => {
    setAnswer(null);
    void action.run(async (a) => {
      const params: Explain = {
        interfaceId,
        from: endOf(fromChoice, fromAddress) as Explain['from'],
        to: endOf(toChoice, toAddress),
        protocol,
        port: port.trim() === '' ? null : Number(port),
      };
      setAnswer(await a.explain(params));
    });
  };
  const decider = (r: Answer): string => {
    const rule = rules.find((x) => x.id === r.ruleId);
    if (r.decidedBy === 'rule' && rule !== undefined) return ruleName(rule);
    return t(`network.decidedBy_${r.decidedBy}`);
  };
  const ends = [...peers, { value: 'address', label: t('network.anAddress') }];

  return (
    <section className="card" aria-labelledby="explain-title">
      <div className="card-head">
        <h2 id="explain-title">{t('network.explain')}</h2>
      </div>
      <p className="hint">{t('network.explainHint')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          ask();
        }}
      >
        <FormError message={action.errors.form} />
        <SelectField
          label={t('network.from')}
          value={fromChoice}
          onChange={setFrom}
          options={ends}
        />
        {fromChoice === 'address' && (
          <TextField
            label={t('network.fromAddress')}
            error={err.from}
            value={fromAddress}
            onChange={setFromAddress}
          />
        )}
        <SelectField
          label={t('network.to')}
          value={toChoice}
          onChange={setTo}
          options={[...ends, { value: 'server', label: t('network.kindServer') }]}
        />
        {toChoice === 'address' && (
          <TextField
            label={t('network.toAddress')}
            error={err.to}
            value={toAddress}
            onChange={setToAddress}
          />
        )}
        <SelectField
          label={t('network.protocol')}
          value={protocol}
          onChange={setProtocol}
          options={[
            { value: 'tcp', label: 'TCP' },
            { value: 'udp', label: 'UDP' },
            { value: 'icmp', label: 'ICMP' },
          ]}
        />
        <TextField
          label={t('network.port')}
          error={err.port}
          value={port}
          onChange={setPort}
          inputMode="numeric"
        />
        <button type="submit" disabled={action.busy}>
          {action.busy ? t('common.working') : t('network.ask')}
        </button>
      </form>
      {answer !== null && (
        <p role="status" aria-label={t('network.verdict')}>
          <strong>{answer.allowed ? t('network.allowed') : t('network.denied')}</strong>
          {' — '}
          {t('network.decidedBy', { what: decider(answer) })}
          {'. '}
          {explainWords(t, answer.reason, (id) => {
            const rule = rules.find((x) => x.id === id);
            return rule === undefined ? `#${id}` : ruleName(rule);
          })}
        </p>
      )}
    </section>
  );
}
