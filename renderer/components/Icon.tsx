import type { ReactNode } from 'react';

// A handful of 16 px stroke icons, drawn here rather than pulled from an icon
// package: the page needs nine of them. Always decorative (aria-hidden): the
// button that holds one carries the accessible name.
const PATHS = {
  plug: 'M6 2v4M10 2v4M4 6h8v2a4 4 0 0 1-8 0V6zM8 12v2',
  unplug: 'M6 2v3M10 2v3M4 6h8v2a4 4 0 0 1-8 0V6zM8 12v2M2 2l12 12',
  qr: 'M2 2h5v5H2zM9 2h5v5H9zM2 9h5v5H2zM10 10h1v1h-1zM13 10h1M10 13h4M13 12v2',
  edit: 'M10.5 2.5l3 3L6 13H3v-3l7.5-7.5z',
  trash: 'M3 4h10M6 4V2.5h4V4M4.5 4l.7 9.5h5.6l.7-9.5',
  plus: 'M8 3v10M3 8h10',
  download: 'M8 2v8M4.5 6.5L8 10l3.5-3.5M3 13h10',
  copy: 'M5 5h8v8H5zM3 11V3h8',
  power: 'M8 2v6M4.5 4.5a5 5 0 1 0 7 0',
  search: 'M7 12A5 5 0 1 0 7 2a5 5 0 0 0 0 10zM10.5 10.5L14 14',
  back: 'M10 3L5 8l5 5',
  up: 'M3 10l5-5 5 5',
  down: 'M3 6l5 5 5-5',
  x: 'M4 4l8 8M12 4l-8 8',
  warning: 'M8 2l6.5 11.5h-13L8 2zM8 6.5v3M8 11.5v.5',
  server: 'M2.5 3h11v4h-11zM2.5 9h11v4h-11zM5 5h.01M5 11h.01',
  users:
    'M6 7a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5zM1.5 14a4.5 4.5 0 0 1 9 0M11 2.5a2.5 2.5 0 0 1 0 4.5M12.5 9.5a4.5 4.5 0 0 1 2 4.5',
  list: 'M5 4h9M5 8h9M5 12h9M2 4h.01M2 8h.01M2 12h.01',
  gear: 'M8 10a2 2 0 1 0 0-4 2 2 0 0 0 0 4zM8 1.5v2M8 12.5v2M1.5 8h2M12.5 8h2M3.4 3.4l1.4 1.4M11.2 11.2l1.4 1.4M3.4 12.6l1.4-1.4M11.2 4.8l1.4-1.4',
  upload: 'M8 10V2M4.5 5.5L8 2l3.5 3.5M3 13h10',
  chart: 'M2 14h12M4 12V8M8 12V3M12 12V6',
  ban: 'M8 14A6 6 0 1 0 8 2a6 6 0 0 0 0 12zM3.8 3.8l8.4 8.4',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name }: { name: IconName }): ReactNode {
  return (
    <svg
      className="icon"
      viewBox="0 0 16 16"
      width="16"
      height="16"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
