import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { InterfaceView, ParamsIn } from '../../../../shared/contract';
import { useApp } from '../../../app/context';
import { useAction } from '../../../app/use-action';
import { FormError } from '../../../components/FormParts';
import { PageMessage } from '../../../components/PageMessage';
import { TextField } from '../../../components/Field';
import { serverById } from '../../../store/interfaces';
import { ServerPageHead } from '../ServerPageHead';
import { draftOf, paramsOf, type Draft } from './draft';
import { HooksEditor } from './HooksEditor';
import { PreviewDialog, type Plan } from './PreviewDialog';

interface Pending {
  readonly params: ParamsIn<'interfaces.update'>;
  readonly plan: Plan;
}

/** The whole [Interface] of a server, previewed before it is applied. */
export function ServerSettingsPage({ interfaceId }: { interfaceId: number }): ReactNode {
  const { t } = useTranslation();
  const iface = useApp((s) => serverById(s, interfaceId));
  const [resend, setResend] = useState<Plan['clientConfigs']>([]);
  if (iface === undefined) return <PageMessage text={t('common.loading')} />;
  return (
    <main className="page" aria-labelledby="page-title">
      <ServerPageHead iface={iface} title={t('serverSettings.title', { name: iface.name })} />
      <ResendPanel peers={resend} onDone={() => setResend([])} />
      {/* Main's push after an apply (or another window's change) starts the form afresh. */}
      <SettingsForm key={iface.updatedAt} iface={iface} onApplied={setResend} />
    </main>
  );
}

function SettingsForm({
  iface,
  onApplied,
}: {
  iface: InterfaceView;
  onApplied: (resend: Plan['clientConfigs']) => void;
}): ReactNode {
  const { t } = useTranslation();
  const scripts = useApp((s) => s.settings?.scriptsEnabled === true);
  const action = useAction('in-form');
  const [d, setD] = useState<Draft>(() => draftOf(iface));
  const [pending, setPending] = useState<Pending | null>(null);
  const set = (patch: Partial<Draft>): void => setD((old) => ({ ...old, ...patch }));
  const e = action.errors.fields;

  const preview = (): void => {
    const params = paramsOf(iface.id, d, scripts);
    void action.run(async (a) => setPending({ params, plan: await a.previewServer(params) }));
  };
  const text = (
    key: Exclude<keyof Draft, 'hooks' | 'rotatePrivateKey' | 'routeTable'>,
    hint?: string,
  ) => (
    <TextField
      label={t(`serverSettings.${key}`)}
      {...(hint === undefined ? {} : { hint })}
      error={e[key]}
      value={d[key]}
      onChange={(v) => set({ [key]: v })}
    />
  );

  // The preview is a form of its own: outside this one, since forms do not nest.
  return (
    <>
      <form
        className="card settings"
        aria-label={t('serverSettings.formLabel', { name: iface.name })}
        noValidate
        onSubmit={(ev) => {
          ev.preventDefault();
          preview();
        }}
      >
        <FormError message={action.errors.form} />
        <KeyFieldset
          publicKey={iface.publicKey}
          rotate={d.rotatePrivateKey}
          onRotate={(rotatePrivateKey) => set({ rotatePrivateKey })}
        />
        <fieldset>
          <legend>{t('serverSettings.network')}</legend>
          <div className="row2">
            {text('listenPort')}
            {text('mtu', t('common.optional'))}
          </div>
          {text('ipv4Address', t('interfaceForm.ipv4Hint'))}
          {text('ipv6Address', t('interfaceForm.ipv6Hint'))}
          {text('dns', t('interfaceForm.dnsHint'))}
          {text('fwmark', t('serverSettings.fwmarkHint'))}
          <TextField
            label={t('settingsMore.routeTable')}
            hint={t('settingsMore.routeTableHint')}
            error={e['routeTable']}
            value={d.routeTable}
            onChange={(routeTable) => set({ routeTable })}
          />
          {text('publicEndpoint', t('interfaceForm.endpointHint'))}
        </fieldset>
        <HooksEditor
          hooks={d.hooks}
          errors={e}
          onChange={(phase, v) => setD((old) => ({ ...old, hooks: { ...old.hooks, [phase]: v } }))}
        />
        <div className="toolbar">
          <button type="button" onClick={() => setD(draftOf(iface))}>
            {t('serverSettings.reset')}
          </button>
          <button type="submit" className="primary" disabled={action.busy}>
            {action.busy ? t('common.working') : t('serverSettings.preview')}
          </button>
        </div>
      </form>
      {pending !== null && (
        <PreviewDialog
          name={iface.name}
          params={pending.params}
          plan={pending.plan}
          onClose={() => setPending(null)}
          onApplied={(resend) => {
            setPending(null);
            onApplied(resend);
          }}
        />
      )}
    </>
  );
}

/** After an apply: the clients that must get their config again, each one's config a click away. */
function ResendPanel({
  peers,
  onDone,
}: {
  peers: Plan['clientConfigs'];
  onDone: () => void;
}): ReactNode {
  const { t } = useTranslation();
  const openDialog = useApp((s) => s.openDialog);
  if (peers.length === 0) return null;
  return (
    <section
      className="card banner-warn"
      aria-label={t('serverSettings.resendTitle')}
      role="region"
    >
      <p>{t('serverSettings.resendAll', { count: peers.length })}</p>
      <ul>
        {peers.map((p) => (
          <li key={p.peerId}>
            <button
              type="button"
              className="link"
              onClick={() => openDialog({ kind: 'config', peerId: p.peerId })}
            >
              {t('row.config', { name: p.name })}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" onClick={onDone}>
        {t('serverSettings.resendDone')}
      </button>
    </section>
  );
}

/** The key pair: its public half, and a toggle for a new one at the next apply. */
function KeyFieldset({
  publicKey,
  rotate,
  onRotate,
}: {
  publicKey: string;
  rotate: boolean;
  onRotate: (rotate: boolean) => void;
}): ReactNode {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{t('serverSettings.key')}</legend>
      <p>
        {t('serverSettings.publicKey')} <code>{publicKey}</code>
      </p>
      <button type="button" aria-pressed={rotate} onClick={() => onRotate(!rotate)}>
        {rotate ? t('serverSettings.keepKey') : t('serverSettings.rotateKey')}
      </button>
      <p className="hint">
        {rotate ? t('serverSettings.rotatePending') : t('serverSettings.rotateHint')}
      </p>
    </fieldset>
  );
}
