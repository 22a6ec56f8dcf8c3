import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../app/context';
import { useFormatters } from '../app/format';
import type { Problem } from '../../shared/problems';
import { problemWords } from '../lib/problem-words';
import type { Notice, NoticeWords } from '../store/errors';
import { Icon } from './Icon';

/** Info fades after a while; errors stay until dismissed, since they may need reading twice. */
const INFO_MS = 6000;
/** Long enough to notice a wrong click and take it back. */
const UNDO_MS = 10_000;

function NoticeItem({ notice, words }: { notice: Notice; words: NoticeWords }): ReactNode {
  const dismiss = useApp((s) => s.dismiss);
  const { t } = words;
  useEffect(() => {
    if (notice.tone !== 'info') return undefined;
    const timer = setTimeout(
      () => dismiss(notice.id),
      notice.undo === undefined ? INFO_MS : UNDO_MS,
    );
    return () => clearTimeout(timer);
  }, [notice, dismiss]);
  const undo = notice.undo;
  return (
    <li className={`notice notice-${notice.tone}`}>
      <span>{notice.say(words)}</span>
      {undo !== undefined && (
        <button
          type="button"
          className="plain"
          onClick={() => {
            dismiss(notice.id);
            undo();
          }}
        >
          {t('window.undo')}
        </button>
      )}
      <button
        type="button"
        className="icon-button"
        aria-label={t('common.dismiss')}
        onClick={() => dismiss(notice.id)}
      >
        <Icon name="x" />
      </button>
    </li>
  );
}

/**
 * Messages about actions: a live region, so a screen reader announces "Deleted:
 * 3." without moving focus. Errors use role=alert to interrupt.
 */
export function Notices(): ReactNode {
  const notices = useApp((s) => s.notices);
  const { t, i18n } = useTranslation();
  const f = useFormatters();
  const words: NoticeWords = {
    t,
    bytes: f.bytes,
    word: (p: Problem | undefined) => problemWords(t, i18n.language, p),
  };
  const errors = notices.filter((n) => n.tone === 'error');
  const infos = notices.filter((n) => n.tone === 'info');
  return (
    <div className="notices">
      <ul role="alert">
        {errors.map((n) => (
          <NoticeItem key={n.id} notice={n} words={words} />
        ))}
      </ul>
      <ul role="status">
        {infos.map((n) => (
          <NoticeItem key={n.id} notice={n} words={words} />
        ))}
      </ul>
    </div>
  );
}
