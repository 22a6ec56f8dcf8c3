// A server's settings as the editor holds them (text, as typed) and the
// params of interfaces.update / previewUpdate built from them. Pure.
import type { InterfaceView, ParamsIn } from '../../../../shared/contract';
import { orNull, splitList } from '../../../lib/form-errors';

export const HOOK_PHASES = [
  ['preUp', 'PreUp'],
  ['postUp', 'PostUp'],
  ['preDown', 'PreDown'],
  ['postDown', 'PostDown'],
] as const;
export type HookPhase = (typeof HOOK_PHASES)[number][0];

export interface Draft {
  readonly listenPort: string;
  readonly ipv4Address: string;
  readonly ipv6Address: string;
  readonly dns: string;
  readonly mtu: string;
  readonly fwmark: string;
  /** wg-quick's Table; empty: auto. */
  readonly routeTable: string;
  readonly publicEndpoint: string;
  /** One command per line. */
  readonly hooks: Readonly<Record<HookPhase, string>>;
  readonly rotatePrivateKey: boolean;
}

export function draftOf(i: InterfaceView): Draft {
  return {
    listenPort: i.listenPort?.toString() ?? '',
    ipv4Address: i.ipv4Address ?? '',
    ipv6Address: i.ipv6Address ?? '',
    dns: i.dns.join(', '),
    mtu: i.mtu?.toString() ?? '',
    fwmark: i.fwmark?.toString() ?? '',
    routeTable: i.routeTable ?? '',
    publicEndpoint: i.publicEndpoint ?? '',
    hooks: {
      preUp: i.hooks.preUp.join('\n'),
      postUp: i.hooks.postUp.join('\n'),
      preDown: i.hooks.preDown.join('\n'),
      postDown: i.hooks.postDown.join('\n'),
    },
    rotatePrivateKey: false,
  };
}

const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');

/**
 * The update the draft asks for. Hooks are sent only when they may be edited
 * (root allows scripts): otherwise they stay exactly as stored.
 */
export function paramsOf(id: number, d: Draft, withHooks: boolean): ParamsIn<'interfaces.update'> {
  const port = d.listenPort.trim();
  return {
    id,
    ...(port === '' ? {} : { listenPort: port }),
    ipv4Address: orNull(d.ipv4Address),
    ipv6Address: orNull(d.ipv6Address),
    dns: splitList(d.dns),
    mtu: orNull(d.mtu),
    fwmark: orNull(d.fwmark),
    routeTable: orNull(d.routeTable),
    publicEndpoint: orNull(d.publicEndpoint),
    ...(withHooks
      ? {
          preUp: lines(d.hooks.preUp),
          postUp: lines(d.hooks.postUp),
          preDown: lines(d.hooks.preDown),
          postDown: lines(d.hooks.postDown),
        }
      : {}),
    ...(d.rotatePrivateKey ? { rotatePrivateKey: true } : {}),
  };
}
