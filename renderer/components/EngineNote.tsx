import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../app/context';
import { engineNoteKey } from '../lib/engine-note';

/**
 * Says, while it is true, that monitoring stops with this window (or this
 * `wgdesk serve`): device limits, timed reconnects and history go on only as
 * long as it runs, unlike with the system service.
 */
export function EngineNote(): ReactNode {
  const engine = useApp((s) => s.engine);
  const { t } = useTranslation();
  const key = engineNoteKey(engine);
  if (key === null) return null;
  return (
    <div className="banner banner-info" role="note">
      {t(key)}
    </div>
  );
}
