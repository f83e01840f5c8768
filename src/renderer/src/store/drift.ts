/**
 * The drift view's state: the two sides chosen, the skew threshold as typed, the comparison in
 * flight (its request id, for Cancel), the last report, the filters and the row holding the tab
 * stop. Its own small store, imported by the drift screen only: it loads with that lazy chunk, not
 * with the window's first card, and it outlives the screen, so coming back finds the report as left.
 *
 * Like the app's store it holds metadata only: a report names secrets and dates, never a value.
 */
import { create } from 'zustand';
import type { DriftReport, DriftSideInput } from '../../../shared/contract';
import { DEFAULT_DRIFT_SKEW_DAYS } from '../../../shared/contract';
import { api, toUiErrorData, type UiErrorData } from '../api';
import { NO_DRIFT_FILTERS, type DriftFilters } from '../features/drift/drift-model';

export interface DriftState {
  /** The sides as chosen; null until the person picks (the screen shows its defaults meanwhile). */
  readonly left: DriftSideInput | null;
  readonly right: DriftSideInput | null;
  /** The threshold as typed: kept even when it is not a valid number, so nothing typed is lost. */
  readonly skewText: string;
  /** The comparison in flight, by the id this window chose for it. */
  readonly running: { readonly requestId: string; readonly refresh: boolean } | null;
  readonly cancelling: boolean;
  readonly report: DriftReport | null;
  /** The sides the report (or the comparison in flight) was asked for: a failed side is named from them. */
  readonly asked: { readonly left: DriftSideInput; readonly right: DriftSideInput } | null;
  /** compareDrift (or cancelDrift) itself failed: the answer never came. */
  readonly error: UiErrorData | null;
  readonly filters: DriftFilters;
  /** The finding (org/domain/secret) holding the table's tab stop. */
  readonly activeKey: string | null;
  chooseSide(which: 'left' | 'right', side: DriftSideInput): void;
  setSkewText(text: string): void;
  /** Compares the sides; a comparison already in flight is replaced (its answer is dropped). */
  compare(left: DriftSideInput, right: DriftSideInput, skewDays: number, refresh: boolean): Promise<void>;
  cancel(): Promise<void>;
  setFilters(patch: Partial<DriftFilters>): void;
  setActiveKey(key: string): void;
}

export const useDriftStore = create<DriftState>()((set, get) => ({
  left: null,
  right: null,
  skewText: String(DEFAULT_DRIFT_SKEW_DAYS),
  running: null,
  cancelling: false,
  report: null,
  asked: null,
  error: null,
  filters: NO_DRIFT_FILTERS,
  activeKey: null,

  chooseSide(which, side) {
    set(which === 'left' ? { left: side } : { right: side });
  },

  setSkewText(skewText) {
    set({ skewText });
  },

  async compare(left, right, skewDays, refresh) {
    const requestId = crypto.randomUUID();
    // The sides compared become the chosen ones: a profile switch (e.g. to fix a finding) does not move them.
    set({ running: { requestId, refresh }, cancelling: false, error: null, asked: { left, right }, left, right });
    try {
      const report = await api.compareDrift({ requestId, left, right, skewDays, refresh });
      if (get().running?.requestId !== requestId) return;
      // A new report starts unfiltered by kind (its counts differ); the search stays.
      set((state) => ({ report, running: null, cancelling: false, activeKey: null, filters: { ...state.filters, keys: [] } }));
    } catch (error) {
      if (get().running?.requestId !== requestId) return;
      set({ running: null, cancelling: false, error: toUiErrorData(error) });
    }
  },

  async cancel() {
    const running = get().running;
    if (!running) return;
    set({ cancelling: true });
    try {
      // compareDrift then answers with state `cancelled` (or its report, when it was already done).
      await api.cancelDrift(running.requestId);
    } catch (error) {
      if (get().running?.requestId === running.requestId) set({ cancelling: false, error: toUiErrorData(error) });
    }
  },

  setFilters(patch) {
    set((state) => ({ filters: { ...state.filters, ...patch } }));
  },

  setActiveKey(activeKey) {
    if (get().activeKey !== activeKey) set({ activeKey });
  },
}));
