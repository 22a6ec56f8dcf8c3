// Editing a server's [Interface]: the plan (settings-plan.ts) is worked out
// first, checked as strictly as wg and wg-quick would, shown as the preview,
// and the same plan is what the update applies, as one change: database and
// kernel together, both put back if any step fails.
import { AppError, invalidInput } from '../../../shared/errors';
import { problem } from '../../../shared/problems';
import { networkOf } from '../../../shared/ip';
import type { InterfaceId, InterfaceRecord } from '../../store';
import { generateKeyPair } from '../../wireguard';
import { audit, diffDetails, interfaceSummary, interfaceTarget, reason } from '../logs/audit';
import { requireInterface, type Caller, type ServiceContext } from '../context';
import { addressesOf, desiredDevice } from '../kernel/device';
import { checkSettings, patchOf, settingsOf, type InterfaceSettingsInput } from './settings-check';
import { readRtTables, routeTableNumber } from '../kernel/route-table';
import { MAIN_TABLE } from '../../host/network/routes';
import { DEFAULT_MTU, planSettings, type PlanStep, type SettingsPlan } from './settings-plan';

export interface SettingsEdit extends InterfaceSettingsInput {
  /** A new key pair for the server; every client config must then be sent again. */
  readonly rotatePrivateKey?: boolean | undefined;
}

/** The smallest MTU an interface carrying IPv6 may have (RFC 8200). */
const IPV6_MIN_MTU = 1280;

/** The plan for this edit, refused (with the field) if wg or wg-quick would refuse it. */
export async function previewUpdate(
  ctx: ServiceContext,
  id: InterfaceId,
  edit: SettingsEdit,
): Promise<SettingsPlan> {
  const before = requireInterface(ctx, id);
  return (await planFor(ctx, before, edit)).plan;
}

async function planFor(
  ctx: ServiceContext,
  before: InterfaceRecord,
  edit: SettingsEdit,
): Promise<{ plan: SettingsPlan; after: InterfaceRecord }> {
  const after = proposed(before, edit);
  checkSettings(ctx, after, before);
  if (after.ipv6Address !== null && (after.mtu ?? DEFAULT_MTU) < IPV6_MIN_MTU) {
    throw invalidInput(
      'mtu',
      `an interface with an IPv6 address needs at least ${IPV6_MIN_MTU}`,
      problem('mtu_ipv6', { min: IPV6_MIN_MTU }),
    );
  }
  const running = (await ctx.host.linkState(before.name)).exists;
  const names = await readRtTables();
  const plan = planSettings({
    before,
    after,
    rotateKey: edit.rotatePrivateKey === true,
    running,
    peers: ctx.store.peers.listByInterface(before.id),
    siteRoutes: ctx.kernel.network.siteRoutes(after),
    tables: {
      // A name that went from rt_tables since is shown as main: its routes can only be there or nowhere.
      before: tableOrMain(before, names),
      after: routeTableNumber(after.routeTable, names),
    },
  });
  return { plan, after };
}

function tableOrMain(iface: InterfaceRecord, names: ReadonlyMap<string, number>): number | 'off' {
  try {
    return routeTableNumber(iface.routeTable, names);
  } catch {
    return MAIN_TABLE;
  }
}

/** The record as it would be after the edit (networks follow the addresses). */
function proposed(before: InterfaceRecord, edit: SettingsEdit): InterfaceRecord {
  const next = { ...before, ...patchOf(settingsOfEdit(edit)) };
  return {
    ...next,
    ipv4Network: next.ipv4Address === null ? null : networkOf(next.ipv4Address),
    ipv6Network: next.ipv6Address === null ? null : networkOf(next.ipv6Address),
  };
}

/** The edit without the rotation flag: what goes into the row. */
function settingsOfEdit(edit: SettingsEdit): InterfaceSettingsInput {
  const out: Record<string, unknown> = { ...edit };
  delete out['rotatePrivateKey'];
  return out as InterfaceSettingsInput;
}

/** Applies the edit as one change; returns the new record. Runs inside the interface's kernel change. */
export async function applyUpdate(
  ctx: ServiceContext,
  id: InterfaceId,
  edit: SettingsEdit,
  caller: Caller,
): Promise<InterfaceRecord> {
  const before = requireInterface(ctx, id);
  const { plan } = await planFor(ctx, before, edit);
  if (plan.changes.length === 0) return before;
  const rotate = edit.rotatePrivateKey === true;
  const oldKey = rotate ? ctx.store.interfaces.revealPrivateKey(id) : null;
  const keys = rotate ? await generateKeyPair() : null;
  const settings = settingsOfEdit(edit);
  const after = ctx.store.transaction(() => {
    let row = ctx.store.interfaces.update(id, patchOf(settings));
    if (keys !== null) row = ctx.store.interfaces.replaceKeys(id, keys.privateKey, keys.publicKey);
    audit(ctx.store, caller, 'interface.update', interfaceTarget(row), {
      ...diffDetails(interfaceSummary(before), interfaceSummary(row)),
      ...(rotate ? { keyRotated: true } : {}),
      steps: plan.steps.map((s) => s.text),
      sessionsDrop: plan.sessionsDrop,
    });
    return row;
  });
  try {
    await runSteps(ctx, plan.steps, after);
  } catch (e) {
    ctx.store.transaction(() => {
      ctx.store.interfaces.update(id, settingsOf(before));
      if (oldKey !== null) ctx.store.interfaces.replaceKeys(id, oldKey, before.publicKey);
      audit(ctx.store, caller, 'interface.update.reverted', interfaceTarget(before), reason(e));
    });
    // A failed step may have half-happened (wireguard-go drops its old socket
    // before it fails to bind the new port), so every step goes back, the wg
    // one always.
    const back: PlanStep[] = [
      { kind: 'wg', text: 'restore' },
      ...plan.steps.filter((s) => s.kind !== 'wg'),
    ];
    await runSteps(ctx, back, before).catch((again: unknown) => {
      throw alsoFailed(e, 'restoring the previous settings', again);
    });
    throw e;
  }
  return after;
}

/** Each step of a plan as its one host call, with `iface`'s values. */
async function runSteps(
  ctx: ServiceContext,
  steps: readonly PlanStep[],
  iface: InterfaceRecord,
): Promise<void> {
  const { host } = ctx;
  for (const step of steps) {
    switch (step.kind) {
      case 'wg':
        await host.configure(iface.name, desiredDevice(ctx, iface).device, 'sync');
        break;
      case 'addresses':
        await host.setAddresses(iface.name, addressesOf(iface));
        // network: the server's own networks decide which peer networks get a route, and the table.
        await ctx.kernel.network.afterDevice(iface);
        break;
      case 'routes':
        await ctx.kernel.network.routes(iface);
        break;
      case 'mtu': {
        const link = await host.linkState(iface.name);
        await host.setLink(iface.name, { up: link.up, mtu: iface.mtu ?? DEFAULT_MTU });
        break;
      }
    }
  }
}

/** The first failure, with a second one that happened while undoing it. */
export function alsoFailed(first: unknown, undoing: string, again: unknown): AppError {
  return new AppError(
    first instanceof AppError ? first.kind : 'Internal',
    `${first instanceof Error ? first.message : String(first)}; ${undoing} ` +
      `failed too (${again instanceof Error ? again.message : String(again)}): ` +
      'check drift for this interface',
  );
}
