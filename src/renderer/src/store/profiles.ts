import type { StateCreator } from 'zustand';
import { api, subscribe, toUiErrorData } from '../api';
import { backendKeyOf } from '../../../shared/profile-backend';
import { activeProfileOf } from './context';
import { emptyResource, type AppState, type ProfilesSlice } from './types';

/** What a view of another backend (or env) starts from: nothing selected, nothing loaded. */
function freshBackendView(): Pick<AppState, 'selectedOrgId' | 'selectedDomainId' | 'orgSearch' | 'filter' | 'orgs' | 'secrets'> {
  return {
    selectedOrgId: null,
    selectedDomainId: 'shared',
    orgSearch: '',
    filter: '',
    orgs: emptyResource(),
    secrets: { ...emptyResource(), key: null },
  };
}


let started: Promise<void> | undefined;
let following: (() => void) | undefined;

export const createProfilesSlice: StateCreator<AppState, [], [], ProfilesSlice> = (set, get) => ({
  catalog: emptyResource(),
  profiles: emptyResource(),
  connection: emptyResource(),
  switchError: null,
  switching: false,

  // Idempotent: React's StrictMode runs mount effects twice in development.
  init() {
    started ??= (async () => {
      // Before the first loadFleet, so no batch of its snapshot can be missed.
      following ??= subscribe('fleetProgress', (progress) => get().receiveFleetProgress(progress));
      set({ catalog: { data: null, loading: true, error: null } });
      const catalog = api.listCatalog().then(
        (data) => set({ catalog: { data, loading: false, error: null } }),
        (error: unknown) => set({ catalog: { data: null, loading: false, error: toUiErrorData(error) } }),
      );
      // The org list and the fleet wait for the profiles only (they name the backend), not for the rest.
      const listing = get()
        .loadProfiles()
        .then(() => (get().profiles.data ? Promise.all([get().loadOrgs(), get().loadFleet()]) : undefined));
      await Promise.all([catalog, listing, get().loadKeyChecks(), get().loadFleetSettings()]);
    })();
    return started;
  },

  async loadProfiles() {
    set((state) => ({ profiles: { ...state.profiles, loading: true, error: null } }));
    try {
      const data = await api.listProfiles();
      set({ profiles: { data, loading: false, error: null } });
    } catch (error) {
      set((state) => ({ profiles: { ...state.profiles, loading: false, error: toUiErrorData(error) } }));
    }
  },

  async profilesChanged(data) {
    const before = backendKeyOf(activeProfileOf(get()));
    set({ profiles: { data, loading: false, error: null } });
    // A new name or read-only flag shows by itself; another backend or env needs a fresh start.
    if (backendKeyOf(activeProfileOf(get())) === before) return;
    get().resetContext();
    get().resetFleet();
    set({ connection: emptyResource(), ...freshBackendView() });
    await Promise.all([get().loadOrgs(), get().loadFleet()]);
  },

  async selectProfile(id) {
    if (get().profiles.data?.activeId === id) return;
    get().resetContext();
    set({ switching: true, switchError: null, connection: emptyResource() });
    try {
      const data = await api.selectProfile(id);
      get().resetFleet();
      set({ profiles: { data, loading: false, error: null }, switching: false, ...freshBackendView() });
      await Promise.all([get().loadOrgs(), get().loadFleet()]);
    } catch (error) {
      set({ switching: false, switchError: toUiErrorData(error) });
    }
  },

  async testConnection() {
    const profileId = get().profiles.data?.activeId;
    set({ connection: { data: null, loading: true, error: null } });
    try {
      const data = await api.testConnection(profileId);
      if (get().profiles.data?.activeId === profileId) set({ connection: { data, loading: false, error: null } });
    } catch (error) {
      if (get().profiles.data?.activeId === profileId) set({ connection: { data: null, loading: false, error: toUiErrorData(error) } });
    }
  },
});
