import type { StateCreator } from 'zustand';
import type { KeyCheckSettings } from '../../../shared/contract';
import { api, toUiErrorData } from '../api';
import { emptyResource, type AppState, type SettingsSlice } from './types';

/** App settings (live key checks). Loaded with the app; the write form reads whether checks are on. */
export const createSettingsSlice: StateCreator<AppState, [], [], SettingsSlice> = (set) => ({
  keyChecks: emptyResource(),

  async loadKeyChecks() {
    set((state) => ({ keyChecks: { ...state.keyChecks, loading: true, error: null } }));
    try {
      const { settings } = await api.getKeyCheckSettings();
      set({ keyChecks: { data: settings, loading: false, error: null } });
    } catch (error) {
      set((state) => ({ keyChecks: { ...state.keyChecks, loading: false, error: toUiErrorData(error) } }));
    }
  },

  async saveKeyChecks(next: KeyCheckSettings) {
    // Errors go to the caller (the settings form shows them next to its fields and keeps the draft).
    const { settings } = await api.saveKeyCheckSettings(next);
    set({ keyChecks: { data: settings, loading: false, error: null } });
    return settings;
  },
});
