// The box dialogs: add a box by address, confirm its host key's fingerprint
// (trust on first use), and answer what its ssh asks (a password, a key's
// passphrase), which goes to ssh and is kept nowhere.
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { BoxPrompt, BoxView } from '../../shared/contract/boxes';
import { toClientError } from '../api/errors';
import { Dialog } from '../components/Dialog';
import { Field } from '../components/Field';
import { useDesk } from './context';

/** Runs one desk call for a dialog: busy while it runs, its error shown in the dialog. */
function useDeskCall(): {
  busy: boolean;
  error: string | null;
  run: (work: () => Promise<void>) => void;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = (work: () => Promise<void>): void => {
    setBusy(true);
    setError(null);
    work().then(
      () => setBusy(false),
      (e: unknown) => {
        setBusy(false);
        setError(toClientError(e).message);
      },
    );
  };
  return { busy, error, run };
}

function Footer(props: { busy: boolean; submit: string; onCancel: () => void }): ReactNode {
  const { t } = useTranslation();
  return (
    <>
      <button type="button" onClick={props.onCancel}>
        {t('common.cancel')}
      </button>
      <button type="submit" className="primary" disabled={props.busy}>
        {props.submit}
      </button>
    </>
  );
}

function ErrorLine({ error }: { error: string | null }): ReactNode {
  if (error === null) return null;
  return (
    <p className="field-error" role="alert">
      {error}
    </p>
  );
}

export function AddBoxDialog(props: {
  onClose: () => void;
  onAdded: (box: BoxView) => void;
}): ReactNode {
  const desk = useDesk();
  const [address, setAddress] = useState('');
  const [identityFile, setIdentityFile] = useState('');
  const call = useDeskCall();
  const { t } = useTranslation();
  const submit = (): void =>
    call.run(async () => {
      const box = await desk.call('boxes.add', {
        address: address.trim(),
        ...(identityFile.trim() === '' ? {} : { identityFile: identityFile.trim() }),
      });
      props.onAdded(box);
    });
  return (
    <Dialog
      title={t('boxes.addTitle')}
      onClose={props.onClose}
      onSubmit={submit}
      footer={<Footer busy={call.busy} submit={t('boxes.addSubmit')} onCancel={props.onClose} />}
    >
      <Field label={t('boxes.address')} hint={t('boxes.addressHint')}>
        {({ id, describedBy }) => (
          <input
            id={id}
            aria-describedby={describedBy}
            value={address}
            autoFocus
            spellCheck={false}
            onChange={(e) => setAddress(e.target.value)}
          />
        )}
      </Field>
      <Field label={t('boxes.identityFile')} hint={t('boxes.identityFileHint')}>
        {({ id, describedBy }) => (
          <input
            id={id}
            aria-describedby={describedBy}
            value={identityFile}
            spellCheck={false}
            onChange={(e) => setIdentityFile(e.target.value)}
          />
        )}
      </Field>
      <ErrorLine error={call.error} />
    </Dialog>
  );
}

export function TrustDialog({ box, onClose }: { box: BoxView; onClose: () => void }): ReactNode {
  const desk = useDesk();
  const call = useDeskCall();
  const { t } = useTranslation();
  const submit = (): void =>
    call.run(async () => {
      await desk.call('boxes.trustHostKey', { id: box.id, fingerprint: box.hostKey.fingerprint });
      onClose();
    });
  return (
    <Dialog
      title={t('boxes.trustTitle', { address: box.address })}
      onClose={onClose}
      onSubmit={submit}
      footer={<Footer busy={call.busy} submit={t('boxes.trustSubmit')} onCancel={onClose} />}
    >
      <p>{t('boxes.trustText', { type: box.hostKey.type })}</p>
      <p>
        <code className="fingerprint">{box.hostKey.fingerprint}</code>
      </p>
      <p className="hint">{t('boxes.trustHint')}</p>
      <ErrorLine error={call.error} />
    </Dialog>
  );
}

export function PromptDialog({ prompt }: { prompt: BoxPrompt }): ReactNode {
  const desk = useDesk();
  const [answer, setAnswer] = useState('');
  const call = useDeskCall();
  const { t } = useTranslation();
  const reply = (value: string | null): void =>
    call.run(async () => {
      await desk.call('boxes.answer', { id: prompt.id, answer: value });
    });
  return (
    <Dialog
      title={t(`boxes.prompt.${prompt.kind}`, { address: prompt.address })}
      onClose={() => reply(null)}
      onSubmit={() => reply(answer)}
      footer={
        <Footer busy={call.busy} submit={t('boxes.prompt.submit')} onCancel={() => reply(null)} />
      }
    >
      <Field label={prompt.text} hint={t('boxes.prompt.hint')}>
        {({ id, describedBy }) => (
          <input
            id={id}
            type="password"
            autoComplete="off"
            aria-describedby={describedBy}
            value={answer}
            autoFocus
            onChange={(e) => setAnswer(e.target.value)}
          />
        )}
      </Field>
      <ErrorLine error={call.error} />
    </Dialog>
  );
}

/** Removing a box (which forgets its pinned key), then closing the dialog that asked. */
function useRemoveBox(
  box: BoxView,
  onClose: () => void,
): { call: ReturnType<typeof useDeskCall>; remove: () => void } {
  const desk = useDesk();
  const call = useDeskCall();
  const remove = (): void =>
    call.run(async () => {
      await desk.call('boxes.remove', { id: box.id });
      onClose();
    });
  return { call, remove };
}

export function RemoveBoxDialog({
  box,
  onClose,
}: {
  box: BoxView;
  onClose: () => void;
}): ReactNode {
  const { call, remove: submit } = useRemoveBox(box, onClose);
  const { t } = useTranslation();
  return (
    <Dialog
      title={t('boxes.removeTitle', { address: box.address })}
      onClose={onClose}
      onSubmit={submit}
      footer={<Footer busy={call.busy} submit={t('boxes.remove')} onCancel={onClose} />}
    >
      <p>{t('boxes.removeText')}</p>
      <ErrorLine error={call.error} />
    </Dialog>
  );
}

/**
 * A box whose host key is not the pinned one. There is no "accept": the
 * link stays refused until the admin removes the box (which forgets the old
 * key, as `ssh-keygen -R` would) and adds it again, confirming the new key.
 */
export function HostKeyChangedDialog({
  box,
  onClose,
}: {
  box: BoxView;
  onClose: () => void;
}): ReactNode {
  const { call, remove } = useRemoveBox(box, onClose);
  const { t } = useTranslation();
  return (
    <Dialog
      title={t('boxes.changedTitle', { address: box.address })}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="primary" onClick={onClose}>
            {t('boxes.changedKeep')}
          </button>
          {/* Not a submit: Enter must never remove a box. */}
          <button type="button" className="danger" disabled={call.busy} onClick={remove}>
            {t('boxes.changedRemove')}
          </button>
        </>
      }
    >
      <p role="alert">{t('boxes.changedText')}</p>
      <dl className="fingerprints">
        <dt>{t('boxes.changedPinned')}</dt>
        <dd>
          <code className="fingerprint">{box.hostKey.fingerprint}</code>
        </dd>
        <dt>{t('boxes.changedNow')}</dt>
        <dd>
          <code className="fingerprint">{box.hostKey.changedTo}</code>
        </dd>
      </dl>
      <p className="hint">{t('boxes.changedHint')}</p>
      <ErrorLine error={call.error} />
    </Dialog>
  );
}
