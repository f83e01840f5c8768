import { Building, Plus, Trash2 } from 'lucide-react';
import { useCallback, useEffect, useId, useMemo, useReducer, useRef, useState, type FocusEvent, type KeyboardEvent } from 'react';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import type { OrgSummary } from '../../../../shared/contract';
import { Button } from '../../components/button';
import { Label, SearchInput } from '../../components/field';
import { Loading } from '../../components/spinner';
import { cn } from '../../lib/cn';
import { activeProfileOf, useAppStore } from '../../store';
import { AddOrgForm, type AddOrgOutcome } from './AddOrgForm';
import { RemoveOrgDialog } from '../../later-parts';
import { ORG_ROW_HEIGHT, rowInView } from './org-rows';
import { LazyPart } from '../../components/lazy-part';

/** The list never gets shorter than this many rows, whatever else the sidebar shows. */
export const ORG_LIST_MIN_ROWS = 5;

/** Inset, so the scroll container (which clips) never cuts the ring; white on the selected row's fill. */
const ROW_FOCUS = 'focus-visible:outline-2 focus-visible:-outline-offset-2';

/**
 * The organizations of the active profile's env, searchable. Virtualised: a tenant list can run
 * into thousands, and only the rows in view are in the DOM. It fills what the sidebar has left,
 * never less than ORG_LIST_MIN_ROWS rows, and keeps the selected organization in view.
 *
 * One Tab stop: the rows form a roving tab index (the focused row, else the selected one, else the
 * first), so Tab goes past the list in one step. Inside it, arrow keys, Page Up/Down, Home and End
 * move the focus (the list scrolls along); Enter or Space opens an organization; Delete (or
 * Backspace) asks to remove one added by hand, as does the Remove button under the list for the
 * selected one. The row that holds the Tab stop is always rendered, even when scrolled out of view.
 * A read-only profile offers neither: it changes nothing, this app's own list included (main refuses too).
 */
export function OrgList() {
  const id = useId();
  const orgs = useAppStore((s) => s.orgs);
  const search = useAppStore((s) => s.orgSearch);
  const selectedOrgId = useAppStore((s) => s.selectedOrgId);
  const setSearch = useAppStore((s) => s.setOrgSearch);
  const selectOrg = useAppStore((s) => s.selectOrg);
  const showView = useAppStore((s) => s.showView);
  const readOnly = useAppStore((s) => activeProfileOf(s)?.readOnly ?? false);
  const scrollRef = useRef<HTMLDivElement>(null);
  const addButtonRef = useRef<HTMLButtonElement>(null);
  /** The row focused inside the list (null once focus has left it). */
  const [activeOrgId, setActiveOrgId] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<OrgSummary | null>(null);
  /** A row to focus once it is rendered (after a move, an add or a removal). */
  const pendingFocus = useRef<string | null>(null);
  /** Renders again, so the effect below sees a pending focus even when no state changed. */
  const [, rerender] = useReducer((n: number) => n + 1, 0);

  const shown = useMemo(() => {
    const all = orgs.data?.orgs ?? [];
    const query = search.trim().toLowerCase();
    return query ? all.filter((org) => org.orgId.includes(query)) : all;
  }, [orgs.data, search]);
  const selectedIndex = shown.findIndex((org) => org.orgId === selectedOrgId);
  const activeIndex = activeOrgId === null ? -1 : shown.findIndex((org) => org.orgId === activeOrgId);
  const tabStop = activeIndex >= 0 ? activeIndex : Math.max(0, selectedIndex);
  const selected = selectedIndex >= 0 ? shown[selectedIndex] : undefined;

  // The Tab stop's row stays in the DOM when scrolled away, so Tab can always reach the list.
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      if (tabStop < range.count && !indexes.includes(tabStop)) indexes.push(tabStop);
      return indexes.sort((a, b) => a - b);
    },
    [tabStop],
  );
  // TanStack Virtual keeps its own mutable state; the React Compiler lint cannot see through it.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ORG_ROW_HEIGHT,
    overscan: 10,
    rangeExtractor,
  });

  // The selected organization is brought into view once: when it is picked (here or elsewhere, or
  // just added), or when it first appears in the list (selected before the list arrived). Not each
  // time the list changes — the fleet's batches and every write elsewhere give a new list, and a
  // person scrolling the list must stay where they are (review finding). Typing a search shows the
  // top of its results. A row already in view is left alone, judged from the virtualizer's own
  // numbers: scrollToIndex reads the list's scroll height, which forces a layout of the whole
  // window mid-render (the first org, selected at start, cost every start 8–15 ms that way).
  const scrolledFor = useRef<{ orgId: string | null; listed: boolean }>({ orgId: null, listed: false });
  useEffect(() => {
    if (scrolledFor.current.orgId === selectedOrgId && scrolledFor.current.listed) return;
    const listed = selectedOrgId !== null && (orgs.data?.orgs.some((org) => org.orgId === selectedOrgId) ?? false);
    if (scrolledFor.current.orgId === selectedOrgId && !listed) return;
    scrolledFor.current = { orgId: selectedOrgId, listed };
    if (selectedIndex >= 0 && !rowInView(virtualizer.scrollOffset, virtualizer.scrollRect?.height, selectedIndex)) {
      virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
    }
  }, [selectedOrgId, orgs.data, selectedIndex, virtualizer]);

  // Focus a row asked for (after a move, an add or a removal) once React has rendered it. It is
  // the Tab stop by then, so it is rendered even when far from the rows in view.
  useEffect(() => {
    const orgId = pendingFocus.current;
    if (orgId === null) return;
    const index = shown.findIndex((org) => org.orgId === orgId);
    if (index < 0) {
      pendingFocus.current = null; // not (or no longer) in the list
      return;
    }
    const row = scrollRef.current?.querySelector<HTMLButtonElement>(`[data-org-id="${CSS.escape(orgId)}"]`);
    if (!row) return;
    pendingFocus.current = null;
    virtualizer.scrollToIndex(index, { align: 'auto' });
    row.focus({ preventScroll: true });
  });

  /** Moves focus to an organization's row (scrolling the list to it), from any handler, even one that ran before the row existed. */
  function focusOrg(orgId: string) {
    pendingFocus.current = orgId;
    setActiveOrgId(orgId);
    rerender();
  }

  function open(org: OrgSummary) {
    showView('secrets');
    selectOrg(org.orgId);
  }

  function onKeyDown(event: KeyboardEvent<HTMLUListElement>) {
    const current = shown.findIndex((org) => org.orgId === (document.activeElement as HTMLElement | null)?.dataset.orgId);
    if (current < 0) return;
    const org = shown[current];
    // Backspace too: the key labelled Delete on a Mac keyboard sends it.
    if (event.key === 'Delete' || event.key === 'Backspace') {
      if (org?.added && !readOnly) {
        event.preventDefault();
        setRemoving(org);
      }
      return;
    }
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 0) / ORG_ROW_HEIGHT) - 1);
    const moves: Record<string, number> = {
      ArrowDown: current + 1,
      ArrowUp: current - 1,
      PageDown: current + page,
      PageUp: current - page,
      Home: 0,
      End: shown.length - 1,
    };
    const next = moves[event.key];
    if (next === undefined || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    const target = shown[Math.max(0, Math.min(shown.length - 1, next))];
    if (target) focusOrg(target.orgId);
  }

  function onBlur(event: FocusEvent<HTMLUListElement>) {
    // Focus left the list: the Tab stop goes back to the selected organization.
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setActiveOrgId(null);
  }

  function addDone(outcome: AddOrgOutcome) {
    setAdding(false);
    if (outcome.kind === 'cancelled') {
      requestAnimationFrame(() => addButtonRef.current?.focus());
      return;
    }
    // The organization just added or picked is shown, even when the search would hide it.
    if (!outcome.orgId.includes(useAppStore.getState().orgSearch.trim().toLowerCase())) setSearch('');
    focusOrg(outcome.orgId);
  }

  function removeDone(removed: boolean) {
    const org = removing;
    setRemoving(null);
    if (!removed || !org) return;
    // The row it was opened from may be gone: focus the organization now selected (or this one,
    // still listed because it has secrets), unless the dialog gave focus back somewhere that exists.
    setTimeout(() => {
      if (document.activeElement && document.activeElement !== document.body) return;
      const { orgs: latest, selectedOrgId: now } = useAppStore.getState();
      const stillListed = latest.data?.orgs.some((o) => o.orgId === org.orgId) ?? false;
      const target = stillListed ? org.orgId : now;
      if (target !== null) focusOrg(target);
    }, 0);
  }

  return (
    <section aria-labelledby={`${id}-heading`} className="flex flex-[1_1_0] flex-col gap-2">
      <div className="flex items-center justify-between gap-2">
        <h2 id={`${id}-heading`} className="text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400">
          Organizations{orgs.data && ` (${orgs.data.orgs.length})`}
        </h2>
        {!adding && !readOnly && (
          <Button ref={addButtonRef} size="sm" variant="ghost" aria-label="Add organization" className="-mr-1 h-7" onClick={() => setAdding(true)}>
            <Plus aria-hidden className="size-4" />
            Add
          </Button>
        )}
      </div>
      {adding && !readOnly && <AddOrgForm onDone={addDone} />}
      <div className="shrink-0">
        <Label htmlFor={`${id}-search`} className="sr-only">
          Search organizations
        </Label>
        <SearchInput
          id={`${id}-search`}
          placeholder="Search organizations"
          value={search}
          onValueChange={(query) => {
            setSearch(query);
            virtualizer.scrollToOffset(0);
          }}
        />
      </div>
      {orgs.loading && !orgs.data && <Loading label="Loading organizations…" />}
      {orgs.error && <p className="text-xs text-red-700 dark:text-red-300">Organizations could not be loaded (see the main panel).</p>}
      {orgs.data && shown.length === 0 && (
        <p className="px-1 text-sm text-slate-600 dark:text-slate-300">
          {search.trim()
            ? 'No organization matches the search.'
            : readOnly
              ? 'No organization has a secret in this env yet. This profile is read-only, so none can be added here.'
              : 'No organizations yet. Add one to start.'}
        </p>
      )}
      <div
        ref={scrollRef}
        data-testid="org-list-scroller"
        className="flex-1 overflow-y-auto overscroll-contain contain-size [scrollbar-width:thin]"
        // Never squeezed below a few rows: what else the sidebar shows scrolls or gives way instead.
        style={{ minHeight: Math.min(shown.length, ORG_LIST_MIN_ROWS) * ORG_ROW_HEIGHT }}
      >
        <ul aria-label="Organizations" className="relative w-full" style={{ height: virtualizer.getTotalSize() }} onKeyDown={onKeyDown} onBlur={onBlur}>
          {virtualizer.getVirtualItems().map((row) => {
            const org = shown[row.index];
            if (!org) return null;
            const isSelected = org.orgId === selectedOrgId;
            return (
              <li key={org.orgId} className="absolute top-0 left-0 w-full" style={{ height: row.size, transform: `translateY(${row.start}px)` }}>
                <button
                  type="button"
                  data-org-id={org.orgId}
                  data-org-index={row.index}
                  tabIndex={row.index === tabStop ? 0 : -1}
                  aria-current={isSelected ? 'true' : undefined}
                  aria-keyshortcuts={org.added && !readOnly ? 'Delete Backspace' : undefined}
                  onFocus={() => setActiveOrgId(org.orgId)}
                  onClick={() => open(org)}
                  className={cn(
                    'flex h-9 w-full items-center gap-2 rounded-md px-2.5 text-left text-sm',
                    ROW_FOCUS,
                    isSelected
                      ? 'bg-sky-700 font-semibold text-white focus-visible:outline-white dark:bg-sky-400 dark:text-slate-950 dark:focus-visible:outline-slate-950'
                      : 'text-slate-800 hover:bg-slate-200 focus-visible:outline-sky-600 dark:text-slate-200 dark:hover:bg-slate-800 dark:focus-visible:outline-sky-400',
                  )}
                >
                  <Building aria-hidden className="size-4 shrink-0" />
                  <span className="min-w-0 flex-1 truncate">{org.orgId}</span>
                  {org.added && (
                    <span
                      title="Added by hand: kept in this app only (a bookmark), not in the backend"
                      className={cn(
                        'rounded px-1 text-[0.6875rem] font-medium ring-1 ring-inset',
                        isSelected
                          ? 'text-white ring-white/60 dark:text-slate-950 dark:ring-slate-950/50'
                          : 'text-slate-700 ring-slate-400 dark:text-slate-300 dark:ring-slate-600',
                      )}
                    >
                      added
                      <span className="sr-only"> by hand (kept in this app only),</span>
                    </span>
                  )}
                  <span className={cn('text-xs', isSelected ? 'text-white dark:text-slate-950' : 'text-slate-600 dark:text-slate-400')}>
                    {org.secretCount}
                    <span className="sr-only"> secrets</span>
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      </div>
      {selected?.added && !adding && !readOnly && (
        // The visible way to remove the selected organization added by hand (Delete on its row does the same).
        <Button
          size="sm"
          variant="ghost"
          className="h-7 w-full shrink-0 justify-start"
          title={`Remove ${selected.orgId} from the list (its secrets, if any, are untouched)`}
          onClick={() => setRemoving(selected)}
        >
          <Trash2 aria-hidden className="size-3.5 shrink-0" />
          <span className="truncate">Remove {selected.orgId}…</span>
        </Button>
      )}
      {removing && (
        <LazyPart what="the dialog" fallback={null}>
          <RemoveOrgDialog org={removing} onClose={removeDone} />
        </LazyPart>
      )}
    </section>
  );
}
