import { APP_ORIGIN } from './channels';

/**
 * The one permission the window may have: writing sanitized text to the
 * clipboard, which is what navigator.clipboard.writeText asks for (Copy in
 * the config dialog). Only for the app's own page; reading the clipboard,
 * camera, notifications, devices and everything else stay refused.
 */
const ALLOWED: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/**
 * Whether a permission asked by a page at `origin` (an origin or a URL) is
 * granted. Compared as text: a custom scheme's URL has the opaque origin
 * "null", so the URL parser cannot tell app://wgdesk from anything else.
 */
export function permissionAllowed(permission: string, origin: string): boolean {
  return ALLOWED.has(permission) && (origin === APP_ORIGIN || origin.startsWith(`${APP_ORIGIN}/`));
}
