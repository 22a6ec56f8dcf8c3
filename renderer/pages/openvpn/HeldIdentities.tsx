import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../../app/context';
import { useFormatters } from '../../app/format';
import { useAction } from '../../app/use-action';

/**
 * The identities of one server held out by a cool-down, each with "Release
 * now": the admin lets that device back in before its time is up (audited).
 */
export function HeldIdentities({ serverId }: { serverId: number }): ReactNode {
  const { t } = useTranslation();
  const f = useFormatters();
  const { run, busy } = useAction('as-notice');
  const held = useApp((s) => s.openvpnIdentities).filter(
    (i) => i.serverId === serverId && i.heldUntil !== null && i.heldUntil > Date.now(),
  );
  if (held.length === 0) return null;
  return (
    <ul className="held" aria-label={t('openvpnHeld.title')}>
      {held.map((i) => (
        <li key={i.name}>
          <span className="mono">{i.name}</span>{' '}
          {t('openvpnHeld.until', { time: f.dateTime(i.heldUntil ?? 0) })}
          {i.heldReason !== null && <span className="hint"> ({i.heldReason})</span>}{' '}
          <button
            type="button"
            disabled={busy}
            onClick={() => void run((a) => a.releaseOpenVpnIdentity(serverId, i.name))}
          >
            {t('openvpnHeld.release', { name: i.name })}
          </button>
        </li>
      ))}
    </ul>
  );
}
