/**
 * The fleet snapshot of the active profile (every org × domain × secret, metadata only), the
 * stale policy, and the matrix's own state (filters, expanded orgs, the focused cell, the orgs
 * selected for a change across orgs).
 *
 * Main answers `loadFleet` with the snapshot as it has it, then sends `fleetProgress` batches as
 * the listing goes on and as this app writes. Events and answers travel separately, so batches of
 * a snapshot whose answer has not come yet are held until it does; batches of any other snapshot
 * (an older build, another profile) are dropped. Batches are applied together, at most every
 * FLUSH_MS (longer for a big fleet), so a fast listing of 10,000 orgs does not re-render the
 * matrix a thousand times.
 *
 * The sidebar's org list (`orgs`) comes from the snapshot once it has orgs, so it fills in as the
 * batches arrive; org-list answers (listOrgs, addOrg, removeOrg) still count for the orgs added by
 * hand, and for what the fleet has not listed yet.
 */
import type { StateCreator } from 'zustand';
import type { FleetProgress } from '../../../shared/contract';
import { api, toUiErrorData } from '../api';
import { applyBatches, entriesOf, fleetCanListOrgs, headerOf, nextHeader, orgListOf } from '../features/fleet/fleet-model';
import { DEFAULT_MATRIX_FILTERS } from '../features/fleet/matrix-model';
import { activeProfileOf } from './context';
import { emptyResource, type AppState, type FleetData, type FleetSlice } from './types';

const FLUSH_MS = 80;
/** A big fleet re-derives the matrix and the org list less often while it streams in. */
const FLUSH_MS_LARGE = 300;
const LARGE_FLEET = 2000;
/** Batches held for a snapshot whose answer has not come yet (a bound, should the answer never come). */
const MAX_EARLY = 10_000;

const emptyFleet = (): FleetData => ({ header: null, orgs: new Map(), addedOrgs: [], loading: false, error: null });

/** Bumped by every load and reset: an answer for an older one is dropped. */
let loadSeq = 0;
let loadInFlight = false;
/** Batches of the snapshot shown, waiting for the next flush. */
let queued: FleetProgress[] = [];
/** Batches that came while a loadFleet answer was awaited (they may belong to it). */
let early: FleetProgress[] = [];
let flushTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * `ids` with `id` added, or removed if it was there. Own keys only: an org may be called
 * `constructor` or `toString`, which a plain object's prototype would already answer for.
 */
export function toggled(ids: Readonly<Record<string, boolean>>, id: string): Record<string, true> {
  const kept = Object.keys(ids).filter((key) => key !== id && ids[key] === true);
  return Object.fromEntries((Object.hasOwn(ids, id) ? kept : [...kept, id]).map((key) => [key, true] as const));
}

export const createFleetSlice: StateCreator<AppState, [], [], FleetSlice> = (set, get) => {
  /** The org list from the fleet, when it can say; keeps an org selected as loadOrgs does. */
  function syncOrgList(): void {
    const { fleet, listedOrgs } = get();
    if (!fleet.header || !fleetCanListOrgs(fleet.header, fleet.orgs)) return;
    const data = orgListOf(fleet.header.env, fleet.orgs, fleet.addedOrgs, listedOrgs, fleet.header.state === 'complete');
    set({ orgs: { data, loading: false, error: null } });
    // An org gone from a complete fleet (removed from the list, its last secret deleted) leaves the
    // selection too: "Change N selected…" must not write to orgs no longer there (review finding).
    const selected = Object.keys(get().matrixSelected);
    if (fleet.header.state === 'complete' && selected.length > 0) {
      const known = new Set(data.orgs.map((org) => org.orgId));
      if (selected.some((orgId) => !known.has(orgId))) set({ matrixSelected: Object.fromEntries(selected.filter((orgId) => known.has(orgId)).map((orgId) => [orgId, true] as const)) });
    }
    const first = data.orgs[0];
    if (get().selectedOrgId === null && first) get().selectOrg(first.orgId);
  }

  function flush(): void {
    flushTimer = undefined;
    const batches = queued;
    queued = [];
    const header = get().fleet.header;
    const mine = batches.filter((batch) => batch.snapshotId === header?.snapshotId);
    if (!header || mine.length === 0) return;
    const orgs = new Map(get().fleet.orgs);
    applyBatches(orgs, mine);
    const next = mine.reduce((h, batch) => nextHeader(h, headerOf(batch)), header);
    set((state) => ({ fleet: { ...state.fleet, header: next, orgs } }));
    syncOrgList();
  }

  return {
    fleet: emptyFleet(),
    fleetSettings: emptyResource(),
    listedOrgs: null,
    matrixFilters: DEFAULT_MATRIX_FILTERS,
    matrixExpanded: {},
    matrixActive: null,
    matrixSelected: {},
    revealSecret: null,

    async loadFleet(refresh = false) {
      const profileId = get().profiles.data?.activeId;
      if (!profileId) return;
      const seq = ++loadSeq;
      loadInFlight = true;
      early = [];
      set((state) => ({ fleet: { ...state.fleet, loading: true, error: null } }));
      try {
        const snapshot = await api.loadFleet(refresh);
        if (seq !== loadSeq || get().profiles.data?.activeId !== profileId) return;
        const late = early.filter((batch) => batch.snapshotId === snapshot.snapshotId);
        early = [];
        loadInFlight = false;
        const orgs = entriesOf(snapshot);
        applyBatches(orgs, late);
        const header = late.reduce((h, batch) => nextHeader(h, headerOf(batch)), headerOf(snapshot));
        set({ fleet: { header, orgs, addedOrgs: snapshot.addedOrgs, loading: false, error: null } });
        syncOrgList();
      } catch (error) {
        if (seq !== loadSeq || get().profiles.data?.activeId !== profileId) return;
        loadInFlight = false;
        early = [];
        set((state) => ({ fleet: { ...state.fleet, loading: false, error: toUiErrorData(error) } }));
      }
    },

    async cancelFleet() {
      const header = get().fleet.header;
      if (header?.state !== 'loading') return;
      try {
        const { cancelled } = await api.cancelFleet(header.snapshotId);
        // Main's own "cancelled" batch says the same; this covers a batch that is slow to come.
        if (cancelled && get().fleet.header?.snapshotId === header.snapshotId) {
          set((state) => (state.fleet.header?.state === 'loading' ? { fleet: { ...state.fleet, header: { ...state.fleet.header, state: 'cancelled' } } } : {}));
        }
      } catch (error) {
        set((state) => ({ fleet: { ...state.fleet, error: toUiErrorData(error) } }));
      }
    },

    receiveFleetProgress(progress) {
      if (progress.profileId !== get().profiles.data?.activeId) return;
      if (progress.snapshotId === get().fleet.header?.snapshotId) {
        queued.push(progress);
        flushTimer ??= setTimeout(flush, get().fleet.orgs.size > LARGE_FLEET ? FLUSH_MS_LARGE : FLUSH_MS);
      } else if (loadInFlight && early.length < MAX_EARLY) {
        early.push(progress);
      }
    },

    resetFleet() {
      loadSeq += 1;
      loadInFlight = false;
      queued = [];
      early = [];
      set({ fleet: emptyFleet(), listedOrgs: null, matrixExpanded: {}, matrixActive: null, matrixSelected: {}, revealSecret: null });
    },

    takeOrgList(list) {
      set((state) => ({ listedOrgs: list, fleet: { ...state.fleet, addedOrgs: list.orgs.filter((org) => org.added).map((org) => org.orgId) } }));
      const { fleet } = get();
      if (fleet.header && fleetCanListOrgs(fleet.header, fleet.orgs)) syncOrgList();
      else set({ orgs: { data: list, loading: false, error: null } });
    },

    async loadFleetSettings() {
      set((state) => ({ fleetSettings: { ...state.fleetSettings, loading: true, error: null } }));
      try {
        const { settings } = await api.getFleetSettings();
        set({ fleetSettings: { data: settings, loading: false, error: null } });
      } catch (error) {
        set((state) => ({ fleetSettings: { ...state.fleetSettings, loading: false, error: toUiErrorData(error) } }));
      }
    },

    async saveFleetSettings(next) {
      const { settings } = await api.saveFleetSettings(next);
      set({ fleetSettings: { data: settings, loading: false, error: null } });
      return settings;
    },

    setMatrixFilters(patch) {
      set((state) => ({ matrixFilters: { ...state.matrixFilters, ...patch } }));
    },

    toggleMatrixOrg(orgId) {
      set((state) => ({ matrixExpanded: toggled(state.matrixExpanded, orgId) }));
    },

    setMatrixActive(ref) {
      const current = get().matrixActive;
      if (current?.rowKey !== ref.rowKey || current.col !== ref.col) set({ matrixActive: ref });
    },

    toggleMatrixSelected(orgId) {
      set((state) => ({ matrixSelected: toggled(state.matrixSelected, orgId) }));
    },

    selectMatrixOrgs(orgIds, selected) {
      const entries = (ids: Iterable<string>): Record<string, true> => Object.fromEntries([...ids].map((orgId) => [orgId, true] as const));
      set((state) => {
        if (selected) return { matrixSelected: { ...state.matrixSelected, ...entries(orgIds) } };
        const dropped = new Set(orgIds);
        return { matrixSelected: entries(Object.keys(state.matrixSelected).filter((orgId) => !dropped.has(orgId))) };
      });
    },

    clearMatrixSelection() {
      set({ matrixSelected: {} });
    },

    openFleetTarget({ orgId, domainId, secretName, write = false }) {
      get().showView('secrets');
      get().selectOrg(orgId);
      get().selectDomain(domainId);
      // The same org stays loaded as it was, filter included: the card asked for must not be filtered out.
      get().setFilter('');
      if (!secretName) return;
      // A read-only profile offers no form: its card is shown instead (as for a scheduled secret).
      if (write && !activeProfileOf(get())?.readOnly) get().openWriteForm(secretName);
      else set({ revealSecret: secretName });
    },

    clearRevealSecret() {
      set({ revealSecret: null });
    },
  };
};
