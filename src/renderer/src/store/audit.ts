import type { StateCreator } from 'zustand';
import { api, toUiErrorData } from '../api';
import type { AuditFilters } from '../../../shared/audit';
import { DEFAULT_AUDIT_PAGE_SIZE, emptyResource, type AppState, type AuditSlice } from './types';

let latest = 0;

/** What the audit screen shows first: every change, profile switches hidden (a toggle shows them). */
const DEFAULT_AUDIT_SCREEN_FILTERS: AuditFilters = { hideNonChanges: true };

export const createAuditSlice: StateCreator<AppState, [], [], AuditSlice> = (set, get) => ({
  audit: emptyResource(),
  auditQuery: { filters: DEFAULT_AUDIT_SCREEN_FILTERS, offset: 0, limit: DEFAULT_AUDIT_PAGE_SIZE },
  auditFormKey: 0,

  showAuditFor(secretId) {
    // Exactly this secret (org, domain and name), every change to it; the screen loads when it opens.
    set((state) => ({ auditQuery: { ...state.auditQuery, filters: { ...DEFAULT_AUDIT_SCREEN_FILTERS, secretId }, offset: 0 }, auditFormKey: state.auditFormKey + 1 }));
    get().showView('audit');
  },

  async loadAudit(query = get().auditQuery) {
    // Filters and pages can change faster than the log is read: only the last request may land.
    const ticket = ++latest;
    // The current page stays on screen (dimmed as busy) until the next one arrives.
    set((state) => ({ auditQuery: query, audit: { ...state.audit, loading: true, error: null } }));
    try {
      // One row per change (attempt and outcome together), paired in main so a page never splits one.
      const data = await api.listAudit({ ...query, view: 'changes' });
      if (ticket === latest) set({ audit: { data, loading: false, error: null } });
    } catch (error) {
      if (ticket === latest) set((state) => ({ audit: { ...state.audit, loading: false, error: toUiErrorData(error) } }));
    }
  },
});
