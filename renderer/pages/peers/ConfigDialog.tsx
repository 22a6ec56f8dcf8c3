import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import QRCode from 'qrcode';
import type { ConfigFile } from '../../../shared/contract';
import { QR_OPTIONS, QR_PNG_SCALE } from '../../../shared/qr';
import { toClientError } from '../../api/errors';
import { useApp, useClient } from '../../app/context';
import { downloadText } from '../../app/download';
import { Dialog } from '../../components/Dialog';
import { Icon } from '../../components/Icon';
import { FormError } from '../../components/FormParts';
import type { OnceConfig } from '../../store/ui';

interface Loaded {
  readonly config: ConfigFile;
  /** data: URL of the QR image. */
  readonly qr: string;
}

/**
 * A peer's client config: QR code to scan, .conf to download, text to copy.
 * `once` is the config returned at creation when the private key is not kept:
 * it is shown from memory, and the dialog says it cannot be shown again.
 */
export function ConfigDialog({
  peerId,
  once,
  onClose,
}: {
  peerId: number;
  once?: OnceConfig | undefined;
  onClose: () => void;
}): ReactNode {
  const { t } = useTranslation();
  const client = useClient();
  const peer = useApp((s) => s.peerById.get(peerId));
  const notify = useApp((s) => s.notify);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const name = peer?.name ?? once?.peerName ?? '';
  // Without a stored private key main cannot render the config (unless this is the one-time copy).
  const noKey = once === undefined && peer !== undefined && !peer.hasPrivateKey;

  useEffect(() => {
    if (noKey) return undefined;
    let live = true;
    const load = async (): Promise<void> => {
      const config = once?.config ?? (await client.call('peers.config', { id: peerId }));
      // Main no longer has a one-time config's key, so its QR is drawn here,
      // from the text in memory, with main's own options; it never leaves the page.
      const qr =
        once === undefined
          ? await client.call('peers.qr', { id: peerId, format: 'png' })
          : { mime: 'image/png', data: null };
      const src =
        qr.data === null
          ? await QRCode.toDataURL(config.text, { ...QR_OPTIONS, scale: QR_PNG_SCALE })
          : `data:${qr.mime};base64,${qr.data}`;
      if (live) setLoaded({ config, qr: src });
    };
    load().catch((e: unknown) => live && setError(toClientError(e).message));
    return () => {
      live = false;
    };
  }, [client, peerId, once, noKey]);

  const copy = (text: string): void => {
    navigator.clipboard.writeText(text).then(
      () => notify((w) => w.t('config.copied')),
      () => notify((w) => w.t('config.copyFailed')),
    );
  };

  return (
    <Dialog
      title={t('config.title', { name })}
      onClose={onClose}
      wide
      footer={
        <button type="button" onClick={onClose}>
          {t('common.close')}
        </button>
      }
    >
      {once !== undefined && (
        <p className="banner banner-warn" role="alert">
          {t('config.once')}
        </p>
      )}
      {noKey && <p className="banner banner-info">{t('config.noKey', { name })}</p>}
      <FormError message={error} />
      {!noKey && error === null && loaded === null && (
        <p className="empty">{t('common.loading')}</p>
      )}
      {loaded !== null && (
        <div className="config">
          <img
            className="qr"
            src={loaded.qr}
            alt={t('config.qr', { name })}
            width={256}
            height={256}
          />
          <div className="config-text">
            <div className="toolbar">
              <button
                type="button"
                onClick={() => downloadText(loaded.config.filename, loaded.config.text)}
              >
                <Icon name="download" />
                {t('config.download', { file: loaded.config.filename })}
              </button>
              <button
                type="button"
                onClick={() => copy(loaded.config.text)}
                aria-label={t('config.copy', { name })}
              >
                <Icon name="copy" />
                {t('config.copy', { name })}
              </button>
            </div>
            <pre aria-label={t('config.text')} tabIndex={0}>
              {loaded.config.text}
            </pre>
          </div>
        </div>
      )}
    </Dialog>
  );
}
