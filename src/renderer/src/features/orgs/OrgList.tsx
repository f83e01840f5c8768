import { Building } from 'lucide-react';
import { useId, useMemo, useRef, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { focusRing } from '../../components/focus';
import { Label, SearchInput } from '../../components/field';
import { Loading } from '../../components/spinner';
import { cn } from '../../lib/cn';
import { useAppStore } from '../../store';
import { AddOrgForm } from './AddOrgForm';

const ROW_HEIGHT = 40;

/**
 * The organizations of the active profile's env, searchable. Virtualised: a tenant list can run
 * into thousands, and only the rows in view are in the DOM. Arrow keys, Home and End move between
 * rows (the list scrolls to the row first, so it exists before it is focused).
 */
export function OrgList() {
  const id = useId();
  const orgs = useAppStore((s) => s.orgs);
  const search = useAppStore((s) => s.orgSearch);
  const selectedOrgId = useAppStore((s) => s.selectedOrgId);
  const setSearch = useAppStore((s) => s.setOrgSearch);
  const selectOrg = useAppStore((s) => s.selectOrg);
  const showView = useAppStore((s) => s.showView);
  const scrollRef = useRef<HTMLDivElement>(null);

  const shown = useMemo(() => {
    const all = orgs.data?.orgs ?? [];
    const query = search.trim().toLowerCase();
    return query ? all.filter((org) => org.orgId.includes(query)) : all;
  }, [orgs.data, search]);

  // TanStack Virtual keeps its own mutable state; the React Compiler lint cannot see through it.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: shown.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });

  function focusRow(index: number) {
    const target = Math.max(0, Math.min(shown.length - 1, index));
    virtualizer.scrollToIndex(target);
    requestAnimationFrame(() => scrollRef.current?.querySelector<HTMLButtonElement>(`[data-org-index="${target}"]`)?.focus());
  }

  function onKeyDown(event: KeyboardEvent<HTMLUListElement>) {
    const current = Number((document.activeElement as HTMLElement | null)?.dataset.orgIndex ?? NaN);
    if (Number.isNaN(current)) return;
    const moves: Record<string, number> = { ArrowDown: current + 1, ArrowUp: current - 1, Home: 0, End: shown.length - 1 };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    focusRow(next);
  }

  return (
    <section aria-labelledby={`${id}-heading`} className="flex min-h-0 flex-1 flex-col gap-2">
      <h2 id={`${id}-heading`} className="text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400">
        Organizations{orgs.data && ` (${orgs.data.orgs.length})`}
      </h2>
      <div>
        <Label htmlFor={`${id}-search`} className="sr-only">
          Search organizations
        </Label>
        <SearchInput id={`${id}-search`} placeholder="Search organizations" value={search} onValueChange={setSearch} />
      </div>
      <AddOrgForm />
      {orgs.loading && !orgs.data && <Loading label="Loading organizations…" />}
      {orgs.error && <p className="text-xs text-red-700 dark:text-red-300">Organizations could not be loaded (see the main panel).</p>}
      {orgs.data && shown.length === 0 && (
        <p className="px-1 text-sm text-slate-600 dark:text-slate-300">
          {search.trim() ? 'No organization matches the search.' : 'No organizations yet. Add one to start.'}
        </p>
      )}
      <div ref={scrollRef} className="min-h-0 flex-1 overflow-y-auto">
        <ul aria-label="Organizations" className="relative w-full" style={{ height: virtualizer.getTotalSize() }} onKeyDown={onKeyDown}>
          {virtualizer.getVirtualItems().map((row) => {
            const org = shown[row.index];
            if (!org) return null;
            const selected = org.orgId === selectedOrgId;
            return (
              <li key={org.orgId} className="absolute top-0 left-0 w-full px-0.5" style={{ height: row.size, transform: `translateY(${row.start}px)` }}>
                <button
                  type="button"
                  data-org-index={row.index}
                  aria-current={selected ? 'true' : undefined}
                  onClick={() => {
                    showView('secrets');
                    selectOrg(org.orgId);
                  }}
                  className={cn(
                    'flex h-9 w-full items-center gap-2 rounded-md px-2.5 text-left text-sm',
                    selected
                      ? 'bg-sky-700 font-semibold text-white dark:bg-sky-400 dark:text-slate-950'
                      : 'text-slate-800 hover:bg-slate-200 dark:text-slate-200 dark:hover:bg-slate-800',
                    focusRing,
                  )}
                >
                  <Building aria-hidden className="size-4 shrink-0" />
                  <span className="min-w-0 flex-1 truncate">{org.orgId}</span>
                  <span className={cn('text-xs', selected ? 'text-white dark:text-slate-950' : 'text-slate-600 dark:text-slate-400')}>
                    {org.secretCount}
                    <span className="sr-only"> secrets</span>
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      </div>
    </section>
  );
}
