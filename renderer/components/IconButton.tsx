import type { ReactNode } from 'react';
import { Icon, type IconName } from './Icon';

/**
 * A row's button that shows only an icon. Its label is both the accessible
 * name and the tooltip, so a sighted mouse user reads what a screen reader says.
 */
export function IconButton({
  icon,
  label,
  onClick,
  danger,
}: {
  icon: IconName;
  label: string;
  onClick: () => void;
  /** Red on hover: it deletes. */
  danger?: boolean;
}): ReactNode {
  return (
    <button
      type="button"
      className={danger === true ? 'icon-button danger' : 'icon-button'}
      aria-label={label}
      title={label}
      onClick={onClick}
    >
      <Icon name={icon} />
    </button>
  );
}
