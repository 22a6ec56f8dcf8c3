import type { Brand } from './brand';

// Row ids, branded with the table they name, so a peer id cannot be passed
// where an interface id is meant. The contract's id fields (zInterfaceId,
// zPeerId, zUserId in contract/fields.ts) and the store's row readers mint
// them; a branded id says which table, not that the row exists: the services
// check that.

export type HostId = Brand<number, 'HostId'>;
export type InterfaceId = Brand<number, 'InterfaceId'>;
export type PeerId = Brand<number, 'PeerId'>;
export type UserId = Brand<number, 'UserId'>;
/** An OpenVPN server wgdesk watches through its management interface (issue 14). */
export type OpenVpnServerId = Brand<number, 'OpenVpnServerId'>;
