import { FunnelX } from 'lucide-react';
import { useId } from 'react';
import type { DriftKind, DriftReport, DriftSide } from '../../../../shared/contract';
import { Button } from '../../components/button';
import { Label, SearchInput } from '../../components/field';
import { focusRing } from '../../components/focus';
import { cn } from '../../lib/cn';
import { formatCount } from '../../lib/numbers';
import { useDriftStore } from '../../store/drift';
import { COUNT_KEYS, countLabel, countsSentence, type CountKey, type SideNames } from './drift-model';

function CountToggle({ countKey, label, count }: { countKey: CountKey; label: string; count: number }) {
  const id = useId();
  const keys = useDriftStore((s) => s.filters.keys);
  const setFilters = useDriftStore((s) => s.setFilters);
  const checked = keys.includes(countKey);
  return (
    <div
      data-count-key={countKey}
      data-count={count}
      className={cn(
        'flex min-h-8 max-w-full items-center gap-1.5 rounded-md border px-2 py-1 text-sm',
        checked
          ? 'border-sky-600 bg-sky-50 text-sky-950 dark:border-sky-400 dark:bg-sky-950 dark:text-sky-50'
          : 'border-slate-300 bg-white text-slate-800 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100',
      )}
    >
      <input
        id={id}
        type="checkbox"
        className={cn('size-4 accent-sky-700 dark:accent-sky-400', focusRing)}
        checked={checked}
        onChange={(event) => setFilters({ keys: event.currentTarget.checked ? [...keys, countKey] : keys.filter((k) => k !== countKey) })}
      />
      {/* Long profile names wrap between words (never inside one); the count stays with its label. */}
      <label htmlFor={id} className="min-w-0 cursor-pointer">
        {label}&nbsp;·&nbsp;{formatCount(count)}
      </label>
    </div>
  );
}

/**
 * The counts per kind and side, each a filter toggle (none on: every finding shows), the search
 * by org, domain or secret, and the counts again as one sentence for screen readers.
 */
export function DriftFilters({ report, names, shown }: { report: DriftReport; names: SideNames; shown: number }) {
  const id = useId();
  const filters = useDriftStore((s) => s.filters);
  const setFilters = useDriftStore((s) => s.setFilters);
  const narrowed = filters.keys.length > 0 || filters.search.trim() !== '';
  const present = COUNT_KEYS.flatMap((key) => {
    const [kind, side] = key.split(':') as [DriftKind, DriftSide];
    const count = report.counts[side][kind];
    return count > 0 ? [{ key, kind, side, count }] : [];
  });
  return (
    <div role="search" aria-label="Filter the drift findings" className="space-y-2">
      <p className="sr-only" data-testid="drift-counts-text">
        {countsSentence(report, names)}
      </p>
      {present.length > 0 && (
        <div role="group" aria-label="Show only" className="flex flex-wrap gap-2">
          {present.map(({ key, kind, side, count }) => (
            <CountToggle key={key} countKey={key} count={count} label={countLabel(kind, side, names, report.skewDays)} />
          ))}
        </div>
      )}
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <div className="w-64 min-w-0">
          <Label htmlFor={`${id}-search`} className="sr-only">
            Search by org, domain or secret
          </Label>
          <SearchInput
            id={`${id}-search`}
            placeholder="Org, domain or secret"
            value={filters.search}
            onValueChange={(search) => setFilters({ search })}
            aria-describedby={`${id}-count`}
          />
        </div>
        <p id={`${id}-count`} aria-live="polite" className="text-sm text-slate-800 dark:text-slate-200" data-testid="drift-shown">
          {narrowed ? `${formatCount(shown)} of ${formatCount(report.findings.length)} findings match.` : ''}
        </p>
        {narrowed && (
          <Button size="sm" variant="ghost" onClick={() => setFilters({ keys: [], search: '' })}>
            <FunnelX aria-hidden className="size-4" />
            Clear filters
          </Button>
        )}
      </div>
    </div>
  );
}
