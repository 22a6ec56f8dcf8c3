import type { ErrorsSlice } from './errors';
import type { InterfacesSlice } from './interfaces';
import type { OpenVpnSlice } from './openvpn';
import type { NetworkSlice } from './network';
import type { PeersSlice } from './peers';
import type { SettingsSlice } from './settings';
import type { StatsSlice } from './stats';
import type { UiSlice } from './ui';
import type { UsersSlice } from './users';

/** The whole page state: a projection of what main says, plus what only the page knows (ui). */
export type AppState = InterfacesSlice &
  PeersSlice &
  StatsSlice &
  UiSlice &
  UsersSlice &
  SettingsSlice &
  ErrorsSlice &
  OpenVpnSlice &
  NetworkSlice;
