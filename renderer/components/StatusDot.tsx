import type { ReactNode } from 'react';
import { useFormatters } from '../app/format';
import type { PeerStatus } from '../../shared/domain';

/**
 * The coloured dot of a peer's status. Colour is never the only signal: the
 * dot has a distinct shape per status (filled, ring, dashed ring, slashed) and
 * its text is available to screen readers and as a tooltip.
 */
export function StatusDot({ status, label }: { status: PeerStatus; label?: string }): ReactNode {
  const statusText = useFormatters().status[status];
  const text = label ?? statusText;
  // Why a peer is out (label) reads like its status: as the tooltip and to screen
  // readers. Shown as text it would not fit the status column at every width.
  return (
    <span className={`status status-${status}`} title={text}>
      <span className="dot" aria-hidden="true" />
      <span className="visually-hidden">{text}</span>
    </span>
  );
}
