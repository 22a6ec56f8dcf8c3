import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { NetworkView } from '../../../shared/contract/methods/network';
import { useAction } from '../../app/use-action';
import { Check, TextField } from '../../components/Field';
import { FormError } from '../../components/FormParts';
import { SelectField } from '../../components/Select';
import { orNull } from '../../lib/form-errors';

type Reach = 'server' | 'networks' | 'internet';
type Policy = 'allow' | 'isolate' | 'deny';

const asReach = (s: string): Reach => (s === 'server' || s === 'networks' ? s : 'internet');
const asPolicy = (s: string): Policy => (s === 'isolate' || s === 'deny' ? s : 'allow');

/**
 * What a server's clients may reach, its uplink and NAT, and the default
 * policy. The form starts from main's answer when it opens and keeps the
 * admin's edits until saved, even while counters refresh the page.
 */
export function SettingsForm({ view }: { view: NetworkView }): ReactNode {
  const { t } = useTranslation();
  const action = useAction('in-form');
  const [reach, setReach] = useState<Reach>(asReach(view.reach));
  const [uplink, setUplink] = useState(view.uplink ?? '');
  const [masq4, setMasq4] = useState(view.masqueradeIpv4);
  const [masq6, setMasq6] = useState(view.masqueradeIpv6);
  const [policy, setPolicy] = useState<Policy>(asPolicy(view.policy));
  const err = action.errors.fields;

  const save = (): void => {
    void action.run((a) =>
      a.configureNetwork({
        interfaceId: view.interfaceId,
        reach,
        uplink: orNull(uplink),
        masqueradeIpv4: masq4,
        masqueradeIpv6: masq6,
        policy,
      }),
    );
  };
  // Saving the settings is what turns management on; this is the way back.
  const unmanage = (): void => {
    void action.run((a) => a.configureNetwork({ interfaceId: view.interfaceId, managed: false }));
  };
  const detected =
    view.uplinkInUse === null
      ? t('network.uplinkNone')
      : t('network.uplinkDetected', { device: view.uplinkInUse });

  return (
    <section className="card" aria-labelledby="network-settings-title">
      <div className="card-head">
        <h2 id="network-settings-title">{t('network.settings')}</h2>
      </div>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <FormError message={action.errors.form} />
        {!view.managed && <p className="hint">{t('network.unmanaged')}</p>}
        <SelectField
          label={t('network.reach')}
          error={err.reach}
          value={reach}
          onChange={setReach}
          options={[
            { value: 'server', label: t('network.reachServer') },
            { value: 'networks', label: t('network.reachNetworks') },
            { value: 'internet', label: t('network.reachInternet') },
          ]}
        />
        <TextField
          label={t('network.uplink')}
          hint={detected}
          error={err.uplink}
          value={uplink}
          onChange={setUplink}
          placeholder={view.uplinkInUse ?? ''}
        />
        <Check label={t('network.masqueradeIpv4')} checked={masq4} onChange={setMasq4} />
        <Check label={t('network.masqueradeIpv6')} checked={masq6} onChange={setMasq6} />
        <SelectField
          label={t('network.policy')}
          error={err.policy}
          value={policy}
          onChange={setPolicy}
          options={[
            { value: 'allow', label: t('network.policyAllow') },
            { value: 'isolate', label: t('network.policyIsolate') },
            { value: 'deny', label: t('network.policyDeny') },
          ]}
        />
        {view.routeConflicts.length > 0 && (
          <p className="hint" role="status">
            {t('network.routeConflicts', {
              list: view.routeConflicts.map((c) => `${c.network} (${c.device})`).join(', '),
            })}
          </p>
        )}
        <div className="toolbar">
          <button type="submit" className="primary" disabled={action.busy}>
            {action.busy ? t('common.working') : t('network.save')}
          </button>
          {view.managed && (
            <button type="button" disabled={action.busy} onClick={unmanage}>
              {t('network.unmanage')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
