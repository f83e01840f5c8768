import { Check, ChevronDown, ChevronRight, CornerDownRight } from 'lucide-react';
import { memo, type ReactNode } from 'react';
import { cellOf, isRejected } from '../../../../shared/coverage';
import { cn } from '../../lib/cn';
import { NeverAccessedMark, RejectedMark, STATE_STYLES, StaleMark, StateIcon } from './cell-style';
import { CUSTOM_COLUMN, FIRST_SECRET_COLUMN, GRID_TEMPLATE, GRID_WIDTH, HEADER_ROWS, ROW_HEIGHT } from './layout';
import { cellLabel, COLUMN_ENTRIES, coverageWords, rowLabel, type MatrixRow } from './matrix-model';

/** Inside outline: the cells touch, an outer ring would be cut by the neighbours. */
const CELL_FOCUS = 'focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-sky-700 dark:focus-visible:outline-sky-300';
const CELL = cn('flex h-full min-w-0 cursor-pointer items-center border-r border-b border-slate-200 dark:border-slate-800', CELL_FOCUS);

interface RowProps {
  readonly row: MatrixRow;
  readonly index: number;
  /** Pixels from the top of the rows' area. */
  readonly top: number;
  /** The column holding the grid's tab stop when it is in this row, else -1. */
  readonly activeCol: number;
  readonly now: number;
  readonly staleAfterDays: number;
  /** Org rows can be chosen for a change across orgs (not on a read-only profile). */
  readonly selectable: boolean;
  readonly selected: boolean;
}

/**
 * The drawn checkbox of an org row: a mouse target (the grid's click handler finds it by
 * data-select-box) and a picture of aria-selected. Not a control of its own: the grid keeps one
 * tab stop, and Shift+Space on any cell of the row does the same.
 */
function SelectBox({ selected, disabled }: { selected: boolean; disabled: boolean }) {
  return (
    <span
      aria-hidden
      data-select-box
      {...(disabled && { 'data-disabled': true, title: 'Still being listed: it can be selected once all its secrets are listed.' })}
      className={cn(
        'flex size-4 shrink-0 items-center justify-center rounded-sm border',
        selected
          ? 'border-sky-700 bg-sky-700 text-white dark:border-sky-400 dark:bg-sky-400 dark:text-slate-950'
          : disabled
            ? 'cursor-not-allowed border-dashed border-slate-500 bg-slate-100 dark:border-slate-400 dark:bg-slate-800'
            : 'border-slate-500 bg-white dark:border-slate-400 dark:bg-slate-900',
      )}
    >
      {selected && <Check className="size-3" strokeWidth={3} />}
    </span>
  );
}

function GridCell({
  index,
  col,
  activeCol,
  role = 'gridcell',
  label,
  className,
  children,
  ...data
}: {
  index: number;
  col: number;
  activeCol: number;
  role?: 'gridcell' | 'rowheader';
  label: string;
  className?: string;
  children: ReactNode;
  'aria-expanded'?: boolean;
  'data-state'?: string;
  'data-secret'?: string;
  'data-stale'?: boolean;
  'data-never-accessed'?: boolean;
  'data-rejected'?: boolean;
}) {
  return (
    <div
      role={role}
      aria-colindex={col + 1}
      aria-label={label}
      title={label}
      tabIndex={col === activeCol ? 0 : -1}
      data-row={index}
      data-col={col}
      className={cn(CELL, className)}
      {...data}
    >
      {children}
    </div>
  );
}

/** One org (its org-wide `shared` values) or one of its domains. Memoised: only rows that change re-render. */
export const GridRow = memo(function GridRow({ row, index, top, activeCol, now, staleAfterDays, selectable, selected }: RowProps) {
  const who = rowLabel(row);
  const isOrg = row.kind === 'org';
  const { coverage } = row;
  const share = coverage.total === 0 ? 0 : coverage.covered / coverage.total;
  return (
    <div
      role="row"
      aria-rowindex={index + HEADER_ROWS + 1}
      data-org={row.orgId}
      data-domain={row.domainId}
      data-kind={row.kind}
      {...(!row.listed && { 'data-listing': true })}
      {...(selectable && isOrg && { 'aria-selected': selected })}
      className="absolute left-0 grid"
      style={{ top, height: ROW_HEIGHT, width: GRID_WIDTH, gridTemplateColumns: GRID_TEMPLATE }}
    >
      <GridCell
        index={index}
        col={0}
        activeCol={activeCol}
        role="rowheader"
        label={`${isOrg ? (row.domainCount > 0 ? `${who}, ${row.domainCount === 1 ? '1 domain' : `${row.domainCount} domains`}` : who) : `${who} (domain)`}${row.listed ? '' : ', not listed in full'}`}
        {...(isOrg && row.domainCount > 0 && { 'aria-expanded': row.expanded })}
        className={cn(
          'sticky left-0 z-10 gap-1.5 border-r-slate-300 px-2 text-sm dark:border-r-slate-700',
          isOrg ? 'bg-white font-medium text-slate-900 dark:bg-slate-900 dark:text-slate-50' : 'bg-slate-50 pl-6 text-slate-700 dark:bg-slate-950 dark:text-slate-300',
        )}
      >
        {selectable && isOrg && <SelectBox selected={selected} disabled={!row.listed} />}
        {isOrg ? (
          row.domainCount > 0 ? (
            row.expanded ? (
              <ChevronDown aria-hidden className="size-4 shrink-0 text-slate-600 dark:text-slate-400" />
            ) : (
              <ChevronRight aria-hidden className="size-4 shrink-0 text-slate-600 dark:text-slate-400" />
            )
          ) : (
            <span aria-hidden className="size-4 shrink-0" />
          )
        ) : (
          <CornerDownRight aria-hidden className="size-3.5 shrink-0 text-slate-500 dark:text-slate-400" />
        )}
        <span className="min-w-0 flex-1 truncate">{isOrg ? row.orgId : row.domainId}</span>
        {isOrg && row.domainCount > 0 && (
          <span aria-hidden className="shrink-0 rounded-full bg-slate-100 px-1.5 text-xs text-slate-700 dark:bg-slate-800 dark:text-slate-300">
            +{row.domainCount}
          </span>
        )}
      </GridCell>

      <GridCell
        index={index}
        col={1}
        activeCol={activeCol}
        label={`${who} · coverage ${coverageWords(coverage, row.listed)}`}
        className={cn('gap-2 px-2 text-xs text-slate-800 tabular-nums dark:text-slate-200', isOrg ? 'bg-white dark:bg-slate-900' : 'bg-slate-50 dark:bg-slate-950')}
      >
        <span className="w-9 shrink-0 text-right font-semibold">
          {coverage.covered}/{coverage.total}
          {!row.listed && <span aria-hidden>…</span>}
        </span>
        <span aria-hidden className="h-1.5 flex-1 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700">
          <span
            className={cn('block h-full rounded-full', share === 1 ? 'bg-emerald-600 dark:bg-emerald-400' : 'bg-sky-600 dark:bg-sky-400')}
            style={{ width: `${Math.round(share * 100)}%` }}
          />
        </span>
      </GridCell>

      {COLUMN_ENTRIES.map((entry, offset) => {
        const col = FIRST_SECRET_COLUMN + offset;
        const cell = cellOf(row.entry.index, row.domainId, entry.secretName, now, staleAfterDays, row.listed);
        const rejected = isRejected(cell);
        return (
          <GridCell
            key={entry.secretName}
            index={index}
            col={col}
            activeCol={activeCol}
            label={cellLabel(row, entry, cell, now)}
            data-state={cell.state}
            data-secret={entry.secretName}
            {...(cell.stale && { 'data-stale': true })}
            {...(cell.neverAccessed && { 'data-never-accessed': true })}
            {...(rejected && { 'data-rejected': true })}
            className={cn('justify-center gap-1 hover:brightness-95 dark:hover:brightness-125', STATE_STYLES[cell.state].tint)}
          >
            <StateIcon state={cell.state} />
            {rejected && <RejectedMark />}
            {cell.stale && <StaleMark />}
            {cell.neverAccessed && <NeverAccessedMark />}
          </GridCell>
        );
      })}

      <GridCell
        index={index}
        col={CUSTOM_COLUMN}
        activeCol={activeCol}
        label={`${who} · custom secrets: ${coverage.customCount}`}
        className={cn(
          'justify-center text-xs text-slate-800 tabular-nums dark:text-slate-200',
          isOrg ? 'bg-white dark:bg-slate-900' : 'bg-slate-50 dark:bg-slate-950',
        )}
      >
        {coverage.customCount > 0 ? coverage.customCount : <span aria-hidden>–</span>}
      </GridCell>
    </div>
  );
});
