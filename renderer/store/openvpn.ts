import type { StateCreator } from 'zustand/vanilla';
import type { OpenVpnIdentityView, OpenVpnServerView } from '../../shared/contract/methods/openvpn';
import type { AppState } from './types';

/** OpenVPN servers watched through their management interface, and their identities (issue 14). */
export interface OpenVpnSlice {
  /** Null until loaded. */
  openvpnServers: readonly OpenVpnServerView[] | null;
  /** Every identity of every server: who owns which common name or username. */
  openvpnIdentities: readonly OpenVpnIdentityView[];
  setOpenVpn(
    servers: readonly OpenVpnServerView[],
    identities: readonly OpenVpnIdentityView[],
  ): void;
}

export const openvpnSlice: StateCreator<AppState, [], [], OpenVpnSlice> = (set) => ({
  openvpnServers: null,
  openvpnIdentities: [],
  setOpenVpn: (openvpnServers, openvpnIdentities) => set({ openvpnServers, openvpnIdentities }),
});
