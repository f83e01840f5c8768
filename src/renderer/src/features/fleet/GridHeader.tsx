import type { ReactNode } from 'react';
import { cn } from '../../lib/cn';
import { COLUMN_ROW_HEIGHT, GRID_TEMPLATE, GRID_WIDTH, GROUP_ROW_HEIGHT, HEADER_HEIGHT } from './layout';
import { COLUMN_GROUPS, COLUMN_ENTRIES, shortLabel, type ColumnCount, type MatrixModel, type MatrixSort } from './matrix-model';
import { formatCount } from '../../lib/numbers';

const HEAD = 'flex min-w-0 flex-col justify-end border-r border-b border-slate-300 bg-slate-100 px-2 py-1.5 text-left dark:border-slate-700 dark:bg-slate-800';
const number = (n: number): string => formatCount(n);

function plural(n: number, one: string, many: string): string {
  return `${number(n)} ${n === 1 ? one : many}`;
}

/**
 * A column's share, drawn: set (green), of which stale (orange), scheduled for deletion (amber),
 * and missing (the grey rest). The numbers are in the header's text; this is the picture.
 */
function CoverageBar({ count, total }: { count: ColumnCount; total: number }) {
  const pct = (n: number): string => `${total === 0 ? 0 : (n / total) * 100}%`;
  return (
    <span aria-hidden className="mt-1 flex h-2 w-full overflow-hidden rounded-full bg-slate-300 dark:bg-slate-600">
      <span className="h-full bg-emerald-600 dark:bg-emerald-400" style={{ width: pct(count.configured - count.stale) }} />
      <span className="h-full bg-orange-500 dark:bg-orange-400" style={{ width: pct(count.stale) }} />
      <span className="h-full bg-amber-300 dark:bg-amber-200" style={{ width: pct(count.scheduled) }} />
    </span>
  );
}

function describeColumn(displayName: string, secretName: string, count: ColumnCount, total: number): string {
  const parts = [`set in ${number(count.configured)} of ${plural(total, 'organization', 'organizations')}`, `missing in ${number(count.missing)}`];
  if (count.listing > 0) parts.push(`not listed yet in ${number(count.listing)}`);
  if (count.scheduled > 0) parts.push(`scheduled for deletion in ${number(count.scheduled)}`);
  if (count.stale > 0) parts.push(`stale in ${number(count.stale)}`);
  if (count.neverAccessed > 0) parts.push(`never accessed in ${number(count.neverAccessed)}`);
  return `${displayName} (${secretName}): ${parts.join(', ')}`;
}

function ariaSort(sort: MatrixSort, column: 'name' | 'coverage'): 'ascending' | 'descending' | undefined {
  if (!sort.startsWith(column)) return undefined;
  return sort.endsWith('asc') ? 'ascending' : 'descending';
}

function GroupCell({ span, sticky = false, children }: { span: number; sticky?: boolean; children: ReactNode }) {
  return (
    <div
      role="columnheader"
      aria-colspan={span}
      className={cn(
        'flex items-center border-r border-b border-slate-300 bg-slate-200 px-2 text-xs font-semibold tracking-wide text-slate-800 uppercase dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200',
        sticky && 'sticky left-0 z-10',
      )}
      style={{ gridColumn: `span ${span}` }}
    >
      {children}
    </div>
  );
}

/** Two header rows: the catalog's categories, then one header per column with its counts and bar. */
export function GridHeader({ model, sort }: { model: MatrixModel; sort: MatrixSort }) {
  const shown = model.orgIds.length;
  const counts = new Map(model.columns.map((count) => [count.secretName, count] as const));
  const complete = model.rows.reduce((n, row) => (row.kind === 'org' && row.coverage.covered === row.coverage.total ? n + 1 : n), 0);
  return (
    <div role="rowgroup" className="sticky top-0 z-20" style={{ width: GRID_WIDTH, height: HEADER_HEIGHT }}>
      <div role="row" aria-rowindex={1} className="grid" style={{ gridTemplateColumns: GRID_TEMPLATE, height: GROUP_ROW_HEIGHT }}>
        <GroupCell span={1} sticky>
          <span className="sr-only">Organizations</span>
        </GroupCell>
        <GroupCell span={1}>
          <span className="sr-only">Summary</span>
        </GroupCell>
        {COLUMN_GROUPS.map((group) => (
          <GroupCell key={group.id} span={group.entries.length}>
            <span className="truncate">{group.label}</span>
          </GroupCell>
        ))}
        <GroupCell span={1}>Other</GroupCell>
      </div>
      <div role="row" aria-rowindex={2} className="grid" style={{ gridTemplateColumns: GRID_TEMPLATE, height: COLUMN_ROW_HEIGHT }}>
        <div role="columnheader" aria-colindex={1} aria-sort={ariaSort(sort, 'name')} className={cn(HEAD, 'sticky left-0 z-10')}>
          <span className="text-sm font-semibold text-slate-900 dark:text-slate-50">Organization</span>
          <span className="text-xs text-slate-700 dark:text-slate-300">
            {shown === model.orgsTotal ? plural(shown, 'org', 'orgs') : `${number(shown)} of ${number(model.orgsTotal)} orgs`}
          </span>
        </div>
        <div role="columnheader" aria-colindex={2} aria-sort={ariaSort(sort, 'coverage')} className={HEAD}>
          <span className="text-sm font-semibold text-slate-900 dark:text-slate-50">Coverage</span>
          <span className="text-xs text-slate-700 dark:text-slate-300">{number(complete)} complete</span>
        </div>
        {COLUMN_ENTRIES.map((entry, offset) => {
          const count = counts.get(entry.secretName) ?? { secretName: entry.secretName, configured: 0, scheduled: 0, missing: 0, listing: 0, stale: 0, neverAccessed: 0 };
          const described = describeColumn(entry.displayName, entry.secretName, count, shown);
          return (
            <div key={entry.secretName} role="columnheader" aria-colindex={offset + 3} data-column={entry.secretName} data-configured={count.configured} title={described} className={HEAD}>
              <span className="sr-only">{described}</span>
              <span aria-hidden className="line-clamp-2 text-xs leading-tight font-semibold text-slate-900 dark:text-slate-50">
                {shortLabel(entry)}
              </span>
              <span aria-hidden className="mt-0.5 text-xs text-slate-700 tabular-nums dark:text-slate-300">
                {number(count.configured)}/{number(shown)}
              </span>
              <CoverageBar count={count} total={shown} />
            </div>
          );
        })}
        <div role="columnheader" aria-colindex={COLUMN_ENTRIES.length + 3} title="Secrets outside the catalog (org-wide)" className={HEAD}>
          <span className="text-xs font-semibold text-slate-900 dark:text-slate-50">Custom</span>
          <span className="text-xs text-slate-700 dark:text-slate-300">{plural(model.customOrgs, 'org', 'orgs')}</span>
        </div>
      </div>
    </div>
  );
}
