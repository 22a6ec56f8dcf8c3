import type { StateCreator } from 'zustand/vanilla';
import type { SettingsView } from '../../shared/contract/methods/settings';
import type { AppState } from './types';

export interface SettingsSlice {
  /** Main's app-wide settings, as it last said them; null until read. */
  settings: SettingsView | null;
  setSettings(settings: SettingsView): void;
}

export const settingsSlice: StateCreator<AppState, [], [], SettingsSlice> = (set) => ({
  settings: null,
  setSettings: (settings) => set({ settings }),
});
