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
      const answered = await api.listOrgs();
      if (get().profiles.data?.activeId !== profileId) return;
      // Merged with the fleet snapshot (which may already know more, or less, than this answer).
      get().takeOrgList(answered);
      const data = get().orgs.data ?? answered;
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
      get().takeOrgList(data);
      set({ addOrgState: { pending: false, error: null } });
      get().selectOrg(orgId);
      get().notify(`Organization ${orgId} added. It appears in the list even before it has a secret.`);
      return true;
    } catch (error) {
      set({ addOrgState: { pending: false, error: toUiErrorData(error) } });
      return false;
    }
  },

  async removeOrg(orgId) {
    // Errors go to the caller (the confirmation shows them and stays open).
    const answered = await api.removeOrg(orgId);
    get().takeOrgList(answered);
    const data = get().orgs.data ?? answered;
    const stillListed = data.orgs.some((org) => org.orgId === orgId);
    // An org with secrets stays (found in their names): only the hand-added mark goes.
    if (get().selectedOrgId === orgId && !stillListed) get().selectOrg(data.orgs[0]?.orgId ?? null);
    get().notify(
      stillListed
        ? `${orgId} is no longer marked as added by hand; it stays listed while it has secrets, which are untouched.`
        : `Organization ${orgId} removed from the list.`,
    );
  },

  clearAddOrgError() {
    set({ addOrgState: { pending: false, error: null } });
  },
});
