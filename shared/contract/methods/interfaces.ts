import { z } from 'zod';
import { method } from '../define';
import { ProblemSchema } from '../../problems';
import {
  zConfText,
  zDnsList,
  zEndpoint,
  zFwMark,
  zInterfaceId,
  zInterfaceAddress,
  zInterfaceName,
  zMtu,
  zPort,
  zRouteTable,
} from '../fields';
import {
  ConfigFile,
  InterfaceView,
  RunningInterfaceView,
  SettingsPlanView,
  SystemConfView,
} from '../views';

/** What every import of a wg-quick file answers: the new server, its peer count, what was not kept. */
const importedConf = z.object({
  interface: InterfaceView,
  peers: z.number(),
  // `problem`: the warning as a code, for the window to word (an older engine sends none).
  warnings: z.array(
    z.object({ line: z.number(), message: z.string(), problem: ProblemSchema.optional() }),
  ),
});

/** wg-quick hook lines (PreUp = …), one command each. */
const zHooks = z.array(zConfText).max(32);

const settings = {
  listenPort: zPort.optional(),
  ipv4Address: zInterfaceAddress.nullable().optional(),
  ipv6Address: zInterfaceAddress.nullable().optional(),
  dns: zDnsList.optional(),
  mtu: zMtu.nullable().optional(),
  publicEndpoint: zEndpoint.nullable().optional(),
  fwmark: zFwMark.nullable().optional(),
  /** null: wg-quick's default (auto, the main table). */
  routeTable: zRouteTable.nullable().optional(),
  preUp: zHooks.optional(),
  postUp: zHooks.optional(),
  preDown: zHooks.optional(),
  postDown: zHooks.optional(),
};

/** An edit of a running server: its settings, and optionally a new key pair. */
const edit = {
  id: zInterfaceId,
  ...settings,
  rotatePrivateKey: z.boolean().optional(),
};

export const interfaceMethods = {
  'interfaces.list': method({
    summary: 'Every WireGuard interface wgdesk manages, with live link state.',
    params: z.strictObject({}),
    result: z.array(InterfaceView),
    mutates: false,
  }),
  'interfaces.get': method({
    summary: 'One interface.',
    params: z.strictObject({ id: zInterfaceId }),
    result: InterfaceView,
    mutates: false,
  }),
  'interfaces.suggest': method({
    summary:
      'Defaults for a new server: a free name (wgN), listen port and private /24 (10.N.0.1/24).',
    params: z.strictObject({}),
    result: z.object({
      name: z.string(),
      listenPort: z.number(),
      ipv4Address: z.string().nullable(),
    }),
    mutates: false,
  }),
  'interfaces.create': method({
    summary: 'Create a server: new key pair, addresses, listen port; brought up unless up=false.',
    params: z.strictObject({ name: zInterfaceName, up: z.boolean().default(true), ...settings }),
    result: InterfaceView,
    mutates: true,
  }),
  'interfaces.update': method({
    summary:
      'Change settings of a server (rotatePrivateKey: a new key pair); applied live as one ' +
      'change, without restarting it; put back whole if a kernel step fails.',
    params: z.strictObject(edit),
    result: InterfaceView,
    mutates: true,
  }),
  'interfaces.previewUpdate': method({
    summary:
      'What interfaces.update with these params would do: the changes (never a secret), the ' +
      'kernel steps, whether live sessions drop, whose client configs change. Changes nothing.',
    params: z.strictObject(edit),
    result: SettingsPlanView,
    mutates: false,
  }),
  'interfaces.setUp': method({
    summary: 'Bring a server up (creating the link and applying every peer) or down.',
    params: z.strictObject({ id: zInterfaceId, up: z.boolean() }),
    result: InterfaceView,
    mutates: true,
  }),
  'interfaces.delete': method({
    summary: 'Remove a server, its link and its peers.',
    params: z.strictObject({ id: zInterfaceId }),
    result: z.object({ deleted: z.boolean() }),
    mutates: true,
  }),
  'interfaces.importConf': method({
    summary: 'Adopt a wg-quick .conf (its text, as picked by the admin) as a new server.',
    params: z.strictObject({
      name: zInterfaceName,
      text: z.string().max(16 * 1024 * 1024),
      publicEndpoint: zEndpoint.nullable().optional(),
    }),
    result: importedConf,
    mutates: true,
  }),
  'interfaces.listSystemConfs': method({
    summary:
      'The wg-quick files in /etc/wireguard (read by the privileged helper): no keys, no text.',
    params: z.strictObject({}),
    result: z.array(SystemConfView),
    mutates: false,
  }),
  'interfaces.importSystemConf': method({
    summary:
      'Adopt /etc/wireguard/NAME.conf as the server NAME, as importConf adopts a picked file.',
    params: z.strictObject({
      name: zInterfaceName,
      publicEndpoint: zEndpoint.nullable().optional(),
    }),
    result: importedConf,
    mutates: true,
  }),
  'interfaces.listRunning': method({
    summary:
      'The WireGuard interfaces running on the machine, to adopt one: names, ports, peer counts; no keys.',
    params: z.strictObject({}),
    result: z.array(RunningInterfaceView),
    mutates: false,
  }),
  'interfaces.importRunning': method({
    summary: 'Adopt a running interface and its peers without touching it.',
    params: z.strictObject({
      name: zInterfaceName,
      publicEndpoint: zEndpoint.nullable().optional(),
    }),
    result: z.object({ interface: InterfaceView, peers: z.number() }),
    mutates: true,
  }),
  'interfaces.exportConf': method({
    summary: 'The server as a wg-quick .conf (contains its private key).',
    params: z.strictObject({ id: zInterfaceId }),
    result: ConfigFile,
    mutates: false,
  }),
  'interfaces.exportClients': method({
    summary: 'Every client config of a server as a zip (base64).',
    params: z.strictObject({ id: zInterfaceId }),
    result: z.object({ filename: z.string(), base64: z.string(), skipped: z.array(zConfText) }),
    mutates: false,
  }),
};
