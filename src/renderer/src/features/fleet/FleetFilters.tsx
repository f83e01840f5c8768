import { FunnelX } from 'lucide-react';
import { useId, type ReactNode } from 'react';
import { Button } from '../../components/button';
import { inputClass, Label, SearchInput } from '../../components/field';
import { focusRing } from '../../components/focus';
import { cn } from '../../lib/cn';
import { useAppStore } from '../../store';
import { NeverAccessedMark, RejectedMark, StaleMark, StateIcon } from './cell-style';
import { COLUMN_ENTRIES, DEFAULT_MATRIX_FILTERS, filtersActive, MATRIX_SORTS, MISSING_ANY, SORT_LABELS, type MatrixSort } from './matrix-model';
import { formatCount } from '../../lib/numbers';

const isSort = (value: string): value is MatrixSort => (MATRIX_SORTS as readonly string[]).includes(value);

function Toggle({ checked, onChange, children }: { checked: boolean; onChange(checked: boolean): void; children: ReactNode }) {
  const id = useId();
  return (
    <div
      className={cn(
        'flex h-8 items-center gap-1.5 rounded-md border px-2 text-sm',
        checked
          ? 'border-sky-600 bg-sky-50 text-sky-950 dark:border-sky-400 dark:bg-sky-950 dark:text-sky-50'
          : 'border-slate-300 bg-white text-slate-800 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100',
      )}
    >
      <input id={id} type="checkbox" className={cn('size-4 accent-sky-700 dark:accent-sky-400', focusRing)} checked={checked} onChange={(event) => onChange(event.currentTarget.checked)} />
      <label htmlFor={id} className="flex cursor-pointer items-center gap-1 whitespace-nowrap">
        {children}
      </label>
    </div>
  );
}

/** Search, "missing <secret>", stale / scheduled / never accessed, and the sort. All kept across screens. */
export function FleetFilters({
  shown,
  total,
  unlisted,
  stopped = false,
}: {
  shown: number;
  total: number;
  /** Orgs not listed in full yet. */
  unlisted: number;
  /** The listing was cancelled or failed: those orgs wait for a refresh. */
  stopped?: boolean;
}) {
  const id = useId();
  const filters = useAppStore((s) => s.matrixFilters);
  const setFilters = useAppStore((s) => s.setMatrixFilters);
  const active = filtersActive(filters);
  return (
    <div role="search" aria-label="Filter the coverage matrix" className="flex flex-wrap items-center gap-x-4 gap-y-2">
      <div className="w-56 min-w-0">
        <Label htmlFor={`${id}-search`} className="sr-only">
          Search organizations and domains
        </Label>
        <SearchInput
          id={`${id}-search`}
          placeholder="Org or domain"
          value={filters.search}
          onValueChange={(search) => setFilters({ search })}
          aria-describedby={`${id}-count`}
        />
      </div>
      <div className="flex items-center gap-2">
        <Label htmlFor={`${id}-missing`}>Missing</Label>
        <div className="w-48">
          <select id={`${id}-missing`} className={inputClass} value={filters.missing} onChange={(event) => setFilters({ missing: event.currentTarget.value })}>
            <option value="">Any state</option>
            <option value={MISSING_ANY}>Any catalog secret</option>
            {COLUMN_ENTRIES.map((entry) => (
              <option key={entry.secretName} value={entry.secretName}>
                {entry.displayName} ({entry.secretName})
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="flex flex-wrap gap-2">
        <Toggle checked={filters.stale} onChange={(stale) => setFilters({ stale })}>
          <StaleMark className="size-3.5" />
          Stale
        </Toggle>
        <Toggle checked={filters.scheduled} onChange={(scheduled) => setFilters({ scheduled })}>
          <StateIcon state="scheduled" className="size-3.5 text-amber-800 dark:text-amber-300" />
          Scheduled
        </Toggle>
        <Toggle checked={filters.neverAccessed} onChange={(neverAccessed) => setFilters({ neverAccessed })}>
          <NeverAccessedMark className="size-3.5" />
          Never accessed
        </Toggle>
        <Toggle checked={filters.rejected} onChange={(rejected) => setFilters({ rejected })}>
          <RejectedMark className="size-3.5" />
          Rejected keys
        </Toggle>
      </div>
      <div className="flex items-center gap-2">
        <Label htmlFor={`${id}-sort`}>Sort</Label>
        <div className="w-52">
          <select
            id={`${id}-sort`}
            className={inputClass}
            value={filters.sort}
            onChange={(event) => {
              const sort = event.currentTarget.value;
              if (isSort(sort)) setFilters({ sort });
            }}
          >
            {MATRIX_SORTS.map((sort) => (
              <option key={sort} value={sort}>
                {SORT_LABELS[sort]}
              </option>
            ))}
          </select>
        </div>
      </div>
      {/* Announced while filtering only: without a filter the count grows with every batch of a listing. */}
      <div className="flex items-center gap-2">
        <p id={`${id}-count`} aria-live={active ? 'polite' : 'off'} className="text-sm text-slate-800 dark:text-slate-200" data-testid="fleet-count">
          {active ? `${formatCount(shown)} of ${formatCount(total)} organizations match.` : ''}
          {/* Said where the filter is: a missing filter that quietly skipped orgs would look like a full answer. */}
          {filters.missing !== '' && unlisted > 0
            ? stopped
              ? ` ${formatCount(unlisted)} ${unlisted === 1 ? 'organization is' : 'organizations are'} not listed in full (the listing stopped) and left out: refresh to list them.`
              : ` ${formatCount(unlisted)} ${unlisted === 1 ? 'organization is' : 'organizations are'} still being listed and left out until the listing ends.`
            : ''}
        </p>
        {active && (
          <Button size="sm" variant="ghost" onClick={() => setFilters({ ...DEFAULT_MATRIX_FILTERS, sort: filters.sort })}>
            <FunnelX aria-hidden className="size-4" />
            Clear filters
          </Button>
        )}
      </div>
    </div>
  );
}
