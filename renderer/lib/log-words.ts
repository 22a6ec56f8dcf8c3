// The logs in the admin's language: main records codes and parameters (a
// connection's reason, an audit entry's action and details); these functions
// word them with the catalogue, and put names where main kept ids.
import type { TFunction } from 'i18next';
import { PEER_TYPES, QUOTA_PERIODS, TUNNEL_MODES } from '../../shared/domain';
import { zReason, type BaseReason, type Reason } from '../../shared/reason';
import { en } from '../i18n/en';
import { auditValue } from './audit';

type Details = Readonly<Record<string, unknown>>;
type AuditAction = keyof typeof en.audit.actions;
type AuditKey = keyof typeof en.audit.keys;

/** "1 hour", "2 heures": the language's own unit words, from Intl. */
export function durationWords(seconds: number, locale: string): string {
  const [n, unit] =
    seconds % 86_400 === 0
      ? [seconds / 86_400, 'day']
      : seconds % 3600 === 0
        ? [seconds / 3600, 'hour']
        : seconds % 60 === 0
          ? [seconds / 60, 'minute']
          : [seconds, 'second'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(n);
}

function baseWords(t: TFunction, r: BaseReason, locale: string): string {
  switch (r.code) {
    case 'admin_cut':
      return r.forSeconds === null
        ? t('reasons.admin_cut', { actor: r.actor })
        : t('reasons.admin_cut_for', {
            actor: r.actor,
            duration: durationWords(r.forSeconds, locale),
          });
    case 'admin_let_back':
      return t('reasons.admin_let_back', { actor: r.actor });
    case 'over_limit':
      return t('reasons.over_limit', { user: r.user, online: r.online, limit: r.limit });
    case 'roamed':
      return t('reasons.roamed', { from: r.from });
    case 'left_kernel':
      return t('reasons.left_kernel');
    case 'not_allowed':
      return t('reasons.not_allowed');
    case 'management_gone':
      return t('reasons.management_gone');
    case 'expired':
      return t('reasons.expired', { at: new Date(r.at).toLocaleString(locale) });
    case 'revoked':
      return t('reasons.revoked', { by: r.by });
    case 'quota':
      return r.until === null
        ? t('reasons.quota', { bytes: bytesWords(r.bytes, locale) })
        : t('reasons.quota_until', {
            bytes: bytesWords(r.bytes, locale),
            until: new Date(r.until).toLocaleString(locale),
          });
    case 'quota_warning':
      return t('reasons.quota_warning', {
        percent: r.percent,
        used: bytesWords(r.used, locale),
        bytes: bytesWords(r.bytes, locale),
      });
    case 'quota_period':
    case 'user_disabled':
    case 'slot_free':
      return t(`reasons.${r.code}`);
    case 'user_enabled':
      return t('reasons.user_enabled', { actor: r.actor });
    case 'slot_given':
      return t('reasons.slot_given', { user: r.user, to: r.to, actor: r.actor });
    case 'slot_taken':
      return t('reasons.slot_taken', { from: r.from, actor: r.actor });
    case 'stale':
      return t('reasons.stale', { duration: durationWords(r.seconds, locale) });
    case 'text':
      return r.text; // written before reasons had codes: the sentence as it was stored
  }
}

/** "1.5 MB" in the page's language (decimal units, as the quota was set). */
function bytesWords(n: number, locale: string): string {
  const [v, unit] =
    n >= 1e9 ? [n / 1e9, 'gigabyte'] : n >= 1e6 ? [n / 1e6, 'megabyte'] : [n / 1e3, 'kilobyte'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, maximumFractionDigits: 1 }).format(v);
}

export function reasonWords(t: TFunction, r: Reason, locale: string): string {
  if (r.code !== 'time_up') return baseWords(t, r, locale);
  return r.after === null
    ? t('reasons.time_up')
    : t('reasons.time_up_after', { after: baseWords(t, r.after, locale) });
}

function isAction(a: string): a is AuditAction {
  return Object.hasOwn(en.audit.actions, a);
}

function isKey(k: string): k is AuditKey {
  return Object.hasOwn(en.audit.keys, k);
}

/** Names for the ids the audit log keeps (servers and users the window knows). */
export interface Names {
  server(id: number): string | undefined;
  user(id: number): string | undefined;
}

/** The name of what the entry is about: from its details, else from what the window knows. */
export function auditTargetName(
  t: TFunction,
  e: { targetType: string; targetId: string | null; details: Details },
  names: Names,
): string {
  const named = e.details['name'];
  if (typeof named === 'string') return named;
  const id = Number(e.targetId);
  const known =
    e.targetId === null
      ? undefined
      : e.targetType === 'interface'
        ? names.server(id)
        : e.targetType === 'user'
          ? names.user(id)
          : undefined;
  if (known !== undefined) return known;
  return e.targetId === null ? t('audit.several') : t('audit.someone', { id: e.targetId });
}

/** "Disconnected peer carla-tablet": the action as a sentence about the named object. */
export function auditSentence(t: TFunction, action: string, name: string): string {
  return isAction(action)
    ? t(`audit.actions.${action}`, { name })
    : t('audit.unknownAction', { action, name });
}

export interface ValueWords {
  readonly locale: string;
  readonly none: string;
  readonly yes: string;
  readonly no: string;
  dateTime(ms: number): string;
}

function valueWords(t: TFunction, key: string, v: unknown, names: Names, w: ValueWords): string {
  if (v === null || v === undefined) {
    return key === 'forSeconds' || key === 'until' ? t('audit.indefinitely') : w.none;
  }
  if (typeof v === 'boolean') return v ? w.yes : w.no;
  if (typeof v === 'number') {
    if (key === 'interfaceId') return names.server(v) ?? t('audit.someone', { id: v });
    if (key === 'userId') return names.user(v) ?? t('audit.someone', { id: v });
    if (key === 'peerId' || key === 'firstId' || key === 'lastId') {
      return t('audit.someone', { id: v });
    }
    if (key === 'until' || key === 'expiresAt' || key === 'revokedAt') return w.dateTime(v);
    if (key === 'quotaBytes' || key === 'peerQuotaBytes') return bytesWords(v, w.locale);
    if (key === 'peerExpiryDays') return durationWords(v * 86_400, w.locale);
    if (key === 'bandwidthDownKbps' || key === 'bandwidthUpKbps') {
      const unit = 'kilobit-per-second';
      return new Intl.NumberFormat(w.locale, { style: 'unit', unit }).format(v);
    }
    if (key === 'forSeconds' || key === 'cooldownS' || key === 'limitCooldownS') {
      return durationWords(v, w.locale);
    }
    return String(v); // ports, MTUs and ids read without grouping
  }
  if (key === 'reason') {
    const r = zReason.safeParse(v);
    if (r.success) return reasonWords(t, r.data, w.locale);
  }
  if (key === 'type' && isOneOf(PEER_TYPES, v)) return t(`peerType.${v}`);
  if ((key === 'quotaPeriod' || key === 'peerQuotaPeriod') && isOneOf(QUOTA_PERIODS, v)) {
    return t(`quotaUi.periods.${v}`);
  }
  if (key === 'tunnelMode' && isOneOf(TUNNEL_MODES, v)) return t(`tunnel.${v}`);
  if (key === 'outcome' && typeof v === 'string') {
    if (v === 'flushed') return t('audit.outcomes.flushed');
    if (v === 'conntrack is not installed') return t('audit.outcomes.missing');
    // issue 15: "failed: conntrack failed (killed by SIGTERM)" is main's English;
    // the window says it failed in its own words (the CSV keeps main's text).
    if (v === 'failed' || v.startsWith('failed: ')) return t('audit.outcomes.failed');
  }
  // A list of peer ids says how many; other lists and text read as they are.
  if (key === 'peers' && Array.isArray(v)) return new Intl.NumberFormat(w.locale).format(v.length);
  return auditValue(v, w.none);
}

function keyWords(t: TFunction, k: string): string {
  return isKey(k) ? t(`audit.keys.${k}`) : k;
}

/**
 * The details as "key: value" phrases in the page's language; a change as
 * "key: old → new". `name` is in the sentence already.
 */
export function auditDetails(
  t: TFunction,
  details: Details,
  names: Names,
  w: ValueWords,
): string[] {
  const out: string[] = [];
  const { before, after } = details;
  const changed = isRecord(before) && isRecord(after);
  if (changed) {
    for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const from = valueWords(t, k, before[k], names, w);
      out.push(`${keyWords(t, k)}: ${from} → ${valueWords(t, k, after[k], names, w)}`);
    }
  }
  for (const [k, v] of Object.entries(details)) {
    if (k === 'name' || (changed && (k === 'before' || k === 'after'))) continue;
    // An open-ended cut says so once, under "for".
    if (k === 'until' && v === null) continue;
    out.push(`${keyWords(t, k)}: ${valueWords(t, k, v, names, w)}`);
  }
  return out;
}

function isOneOf<T extends string>(words: readonly T[], v: unknown): v is T {
  return words.some((w) => w === v);
}

function isRecord(v: unknown): v is Details {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
