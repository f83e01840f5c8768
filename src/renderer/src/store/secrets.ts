import type { StateCreator } from 'zustand';
import { api, toUiErrorData } from '../api';
import { contextKeyOf } from './context';
import { emptyResource, type AppState, type SecretsSlice } from './types';

export const createSecretsSlice: StateCreator<AppState, [], [], SecretsSlice> = (set, get) => ({
  selectedDomainId: 'shared',
  addedDomains: {},
  secrets: { ...emptyResource(), key: null },
  pendingCustom: [],

  async loadSecrets() {
    const state = get();
    const key = contextKeyOf(state);
    const orgId = state.selectedOrgId;
    if (key === null || orgId === null) return;
    // Keep the list on screen while refreshing the same context; a new context starts empty.
    set((s) => ({ secrets: { data: s.secrets.key === key ? s.secrets.data : null, loading: true, error: null, key } }));
    try {
      const data = await api.listSecretStatus(orgId, state.selectedDomainId);
      if (contextKeyOf(get()) !== key) return;
      set({ secrets: { data, loading: false, error: null, key } });
    } catch (error) {
      if (contextKeyOf(get()) !== key) return;
      set((s) => ({ secrets: { ...s.secrets, loading: false, error: toUiErrorData(error), key } }));
    }
  },

  selectDomain(domainId) {
    if (domainId === get().selectedDomainId) return;
    get().resetContext();
    set({ selectedDomainId: domainId, secrets: { ...emptyResource(), key: null } });
    void get().loadSecrets();
  },

  addDomain(domainId) {
    const orgId = get().selectedOrgId;
    if (orgId === null) return;
    set((state) => {
      const known = state.addedDomains[orgId] ?? [];
      return known.includes(domainId) ? {} : { addedDomains: { ...state.addedDomains, [orgId]: [...known, domainId] } };
    });
    get().selectDomain(domainId);
  },

  applyStatus(status, contextKey) {
    if (contextKeyOf(get()) !== contextKey) return;
    set((state) => {
      const list = state.secrets.data;
      if (!list || list.orgId !== status.orgId || list.domainId !== status.domainId) return {};
      const index = list.secrets.findIndex((s) => s.secretName === status.secretName);
      const secrets = index === -1 ? [...list.secrets, status] : list.secrets.map((s, i) => (i === index ? status : s));
      // Keep the sidebar's count of live secrets true without reloading the org list.
      const live = (secretState: string | undefined) => (secretState === 'configured' ? 1 : 0);
      const delta = live(status.state) - live(list.secrets[index]?.state);
      const orgs = state.orgs.data;
      const counted =
        delta !== 0 && orgs
          ? { orgs: { ...state.orgs, data: { ...orgs, orgs: orgs.orgs.map((o) => (o.orgId === status.orgId ? { ...o, secretCount: Math.max(0, o.secretCount + delta) } : o)) } } }
          : {};
      return {
        ...counted,
        secrets: { ...state.secrets, data: { ...list, secrets } },
        pendingCustom: state.pendingCustom.filter((name) => name !== status.secretName),
      };
    });
  },

  addCustomName(secretName) {
    set((state) => (state.pendingCustom.includes(secretName) ? {} : { pendingCustom: [...state.pendingCustom, secretName] }));
  },
});
