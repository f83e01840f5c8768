import type { StateCreator } from 'zustand';
import { api, toUiErrorData } from '../api';
import { emptyResource, type AppState, type OrgsSlice } from './types';

export const createOrgsSlice: StateCreator<AppState, [], [], OrgsSlice> = (set, get) => ({
  orgs: emptyResource(),
  orgSearch: '',
  selectedOrgId: null,
  addOrgState: { pending: false, error: null },

  async loadOrgs() {
    const profileId = get().profiles.data?.activeId;
    set((state) => ({ orgs: { ...state.orgs, loading: true, error: null } }));
    try {
      const data = await api.listOrgs();
      if (get().profiles.data?.activeId !== profileId) return;
      set({ orgs: { data, loading: false, error: null } });
      const selected = get().selectedOrgId;
      const stillThere = selected !== null && data.orgs.some((org) => org.orgId === selected);
      if (!stillThere) get().selectOrg(data.orgs[0]?.orgId ?? null);
      else if (!get().secrets.data && !get().secrets.loading) await get().loadSecrets();
    } catch (error) {
      if (get().profiles.data?.activeId !== profileId) return;
      set((state) => ({ orgs: { ...state.orgs, loading: false, error: toUiErrorData(error) } }));
    }
  },

  setOrgSearch(orgSearch) {
    set({ orgSearch });
  },

  selectOrg(orgId) {
    if (orgId === get().selectedOrgId && get().secrets.data) return;
    get().resetContext();
    set({ selectedOrgId: orgId, selectedDomainId: 'shared', filter: '', secrets: { ...emptyResource(), key: null } });
    if (orgId !== null) void get().loadSecrets();
  },

  async addOrg(orgId) {
    set({ addOrgState: { pending: true, error: null } });
    try {
      const data = await api.addOrg(orgId);
      set({ orgs: { data, loading: false, error: null }, addOrgState: { pending: false, error: null } });
      get().selectOrg(orgId);
      get().notify(`Organization ${orgId} added. It appears in the list even before it has a secret.`);
      return true;
    } catch (error) {
      set({ addOrgState: { pending: false, error: toUiErrorData(error) } });
      return false;
    }
  },

  clearAddOrgError() {
    set({ addOrgState: { pending: false, error: null } });
  },
});
