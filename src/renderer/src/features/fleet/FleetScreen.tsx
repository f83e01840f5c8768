import { FunnelX } from 'lucide-react';
import { useDeferredValue, useId, useMemo } from 'react';
import { cellOf } from '../../../../shared/coverage';
import { DEFAULT_STALE_AFTER_DAYS } from '../../../../shared/fleet-rules';
import { Button } from '../../components/button';
import { Loading } from '../../components/spinner';
import { useNow } from '../../lib/use-now';
import { activeProfileOf, useAppStore } from '../../store';
import { ErrorMessage } from '../errors/ErrorMessage';
import { EnvBadge } from '../profiles/ProfileSwitcher';
import { NoticeBar } from '../shell/NoticeBar';
import { CoverageGrid } from './CoverageGrid';
import { ExportButton } from './ExportButton';
import { listedTestOf, type FleetEntry } from './fleet-model';
import { FleetFilters } from './FleetFilters';
import { FleetProgress, RefreshButton } from './FleetProgress';
import { CUSTOM_COLUMN, FIRST_SECRET_COLUMN } from './layout';
import { Legend } from './Legend';
import { SelectionBar } from './SelectionBar';
import { buildMatrix, cellLabel, COLUMN_ENTRIES, coverageWords, DEFAULT_MATRIX_FILTERS, filtersActive, rowLabel, type MatrixModel } from './matrix-model';

/**
 * What the grid is built from on the screen's first render: nothing. The screen around it (and the
 * rest of the window) paints at once, and the grid, the costliest part of the window to render,
 * follows in a background render that a click or a key press interrupts: the window's start, or a
 * person opening the secrets view right away, never waits for a matrix of every org.
 */
const BEFORE_FIRST_GRID: ReadonlyMap<string, FleetEntry> = new Map();

/** The cell holding the tab stop, in words, under the grid (a keyboard user's tooltip). */
function ActiveCellLine({ model, now, staleAfterDays }: { model: MatrixModel; now: number; staleAfterDays: number }) {
  const active = useAppStore((s) => s.matrixActive);
  const row = model.rows.find((r) => r.key === active?.rowKey) ?? model.rows[0];
  if (!row) return null;
  const col = active?.col ?? 0;
  const entry = col >= FIRST_SECRET_COLUMN && col < CUSTOM_COLUMN ? COLUMN_ENTRIES[col - FIRST_SECRET_COLUMN] : undefined;
  const text = entry
    ? cellLabel(row, entry, cellOf(row.entry.index, row.domainId, entry.secretName, now, staleAfterDays, row.listed), now)
    : col === 0
      ? rowLabel(row)
      : col === CUSTOM_COLUMN
        ? `${rowLabel(row)} · custom secrets: ${row.coverage.customCount}`
        : `${rowLabel(row)} · coverage ${coverageWords(row.coverage, row.listed)}`;
  return (
    <p aria-hidden className="min-w-0 truncate text-slate-800 dark:text-slate-200" data-testid="active-cell">
      {text}
    </p>
  );
}

/**
 * The home screen: every org of the active profile's env against the catalog's secrets, filled in
 * as the fleet is listed. Filters, sort and expanded orgs are kept in the store, so coming back
 * from a cell opened in the secrets view finds the matrix as it was left.
 */
export function FleetScreen() {
  const id = useId();
  const profile = useAppStore(activeProfileOf);
  const profilesError = useAppStore((s) => s.profiles.error);
  const loadProfiles = useAppStore((s) => s.loadProfiles);
  const fleet = useAppStore((s) => s.fleet);
  const filters = useAppStore((s) => s.matrixFilters);
  const setFilters = useAppStore((s) => s.setMatrixFilters);
  const expanded = useAppStore((s) => s.matrixExpanded);
  const staleAfterDays = useAppStore((s) => s.fleetSettings.data?.staleAfterDays ?? DEFAULT_STALE_AFTER_DAYS);
  const now = useNow();
  // A read-only profile changes nothing, across orgs neither: no selection is offered.
  const selectable = profile ? !profile.readOnly : false;

  // Typing in the search box stays responsive with 10,000 orgs: the matrix follows a moment later.
  const deferredFilters = useDeferredValue(filters);
  const deferredOrgs = useDeferredValue(fleet.orgs, BEFORE_FIRST_GRID);
  // The screen's first render has no grid: see BEFORE_FIRST_GRID.
  const settling = deferredOrgs === BEFORE_FIRST_GRID && fleet.orgs !== BEFORE_FIRST_GRID;
  // Which orgs are listed to their end: until then none of their keys is called missing (see shared/fleet.ts).
  const header = useDeferredValue(fleet.header);
  const isListed = useMemo(() => listedTestOf(header), [header]);
  // The selection's guard reads the header as it is now, not deferred: a refresh that just started
  // must hold back "Change selected…" at once, not a frame later.
  const isListedNow = useMemo(() => listedTestOf(fleet.header), [fleet.header]);
  // Cancelled or failed: what it never reached stays unlisted, and will until a refresh, not "soon".
  const listingStopped = header?.state === 'cancelled' || header?.state === 'failed';
  const model = useMemo(
    () => buildMatrix({ orgs: deferredOrgs.values(), addedOrgs: settling ? [] : fleet.addedOrgs, filters: deferredFilters, expanded, now, staleAfterDays, isListed }),
    [deferredOrgs, settling, fleet.addedOrgs, deferredFilters, expanded, now, staleAfterDays, isListed],
  );
  const narrowed = filtersActive(filters) || filters.sort !== DEFAULT_MATRIX_FILTERS.sort;

  if (!profile) {
    return (
      <div className="p-6">
        {profilesError ? <ErrorMessage context="Could not load the profiles" error={profilesError} onRetry={() => void loadProfiles()} /> : <Loading label="Loading profiles…" />}
      </div>
    );
  }

  const waiting = !fleet.header && !fleet.error;
  const empty = fleet.header?.state === 'complete' && model.orgsTotal === 0;
  return (
    <div className="flex h-full min-w-0 flex-col gap-3 px-4 pt-4 pb-3">
      <div className="flex flex-wrap items-start gap-3">
        <div className="flex min-w-0 flex-1 flex-wrap items-center gap-3">
          <h1 className="text-2xl font-bold text-slate-900 dark:text-slate-50">Coverage</h1>
          <EnvBadge env={profile.env} />
          <p className="hidden min-w-0 truncate text-sm text-slate-700 xl:block dark:text-slate-300">Which organizations miss which keys, in profile “{profile.name}”.</p>
        </div>
        <div className="flex items-start gap-2">
          <RefreshButton />
          <ExportButton orgIds={model.orgIds} narrowed={narrowed} />
        </div>
      </div>
      <div className="space-y-2">
        <FleetProgress />
        <NoticeBar />
      </div>
      {model.orgsTotal > 0 && <FleetFilters shown={model.orgIds.length} total={model.orgsTotal} unlisted={model.unlistedOrgs} stopped={listingStopped} />}
      {model.rows.length > 0 ? (
        <>
          {selectable && <SelectionBar shownOrgIds={model.orgIds} selectableOrgIds={model.selectableOrgIds} isListed={isListedNow} stopped={listingStopped} />}
          <CoverageGrid model={model} now={now} staleAfterDays={staleAfterDays} describedBy={`${id}-keys`} selectable={selectable} />
          <Legend staleAfterDays={staleAfterDays} listing={model.unlistedOrgs > 0} />
          <div className="flex flex-wrap items-baseline justify-between gap-x-4 text-xs">
            <ActiveCellLine model={model} now={now} staleAfterDays={staleAfterDays} />
            <p id={`${id}-keys`} className="text-slate-700 dark:text-slate-300">
              Arrow keys, Home/End and Page Up/Down move between cells. Enter on a secret opens it; on an organization’s name, shows its domains.
              {selectable && ' Shift+Space selects the organization, to change it with others.'}
            </p>
          </div>
        </>
      ) : waiting || settling || (fleet.header?.state === 'loading' && model.orgsTotal === 0) ? (
        <Loading label="Listing organizations…" />
      ) : empty ? (
        <p className="max-w-prose text-sm text-slate-700 dark:text-slate-300">
          No organization has a secret under <code className="font-mono">agentfoundry/{profile.env}/</code> yet. Use “Add organization” in the sidebar to start;
          an organization shows up here once it is added or one of its secrets exists.
        </p>
      ) : model.orgsTotal > 0 ? (
        <div className="flex flex-wrap items-center gap-3 text-sm text-slate-700 dark:text-slate-300">
          <p>No organization matches the filters.</p>
          <Button size="sm" onClick={() => setFilters({ ...DEFAULT_MATRIX_FILTERS, sort: filters.sort })}>
            <FunnelX aria-hidden className="size-4" />
            Clear filters
          </Button>
        </div>
      ) : null}
    </div>
  );
}
