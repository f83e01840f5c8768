import type { StateCreator } from 'zustand';
import { api, toUiErrorData } from '../api';
import { DEFAULT_AUDIT_PAGE_SIZE, emptyResource, type AppState, type AuditSlice } from './types';

let latest = 0;

export const createAuditSlice: StateCreator<AppState, [], [], AuditSlice> = (set, get) => ({
  audit: emptyResource(),
  auditQuery: { filters: {}, offset: 0, limit: DEFAULT_AUDIT_PAGE_SIZE },

  async loadAudit(query = get().auditQuery) {
    // Filters and pages can change faster than the log is read: only the last request may land.
    const ticket = ++latest;
    // The current page stays on screen (dimmed as busy) until the next one arrives.
    set((state) => ({ auditQuery: query, audit: { ...state.audit, loading: true, error: null } }));
    try {
      const data = await api.listAudit(query);
      if (ticket === latest) set({ audit: { data, loading: false, error: null } });
    } catch (error) {
      if (ticket === latest) set((state) => ({ audit: { ...state.audit, loading: false, error: toUiErrorData(error) } }));
    }
  },
});
