import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useLayoutEffect, useMemo, useRef, useState, type FocusEvent, type KeyboardEvent, type MouseEvent } from 'react';
import type { DriftCell, DriftFinding } from '../../../../shared/contract';
import { cn } from '../../lib/cn';
import { cellState, cellWords, findingKey, findingWords, type SideNames } from './drift-model';

const ROW_HEIGHT = 52;
const HEADER_HEIGHT = 36;
/** The box is never shorter than this many rows (+ the header and its border): a small window scrolls the page instead. */
const MIN_ROWS_SHOWN = 6;
/** org · domain · secret · left · right · finding: wide enough that no id has to break. */
const GRID_TEMPLATE = 'minmax(8rem,1.2fr) minmax(6rem,0.8fr) minmax(10.5rem,1.4fr) minmax(9.5rem,1.3fr) minmax(9.5rem,1.3fr) minmax(11.5rem,1.5fr)';
/** The columns' minimums, the five gaps (gap-2) and the row's padding (px-3): narrower, the box scrolls sideways. */
const GRID_MIN_WIDTH = '59rem';
/**
 * Below this box width (an 800×600 window with the sidebar leaves ~470 px) the six columns would be
 * cut off: org and domain go above the secret in one cell, and the other cells wrap in small type
 * on taller rows, so every column stays in view without scrolling sideways.
 */
const NARROW_BELOW_PX = 720;
const NARROW_ROW_HEIGHT = 68;
/** secret (org / domain above it) · left · right · finding. */
const NARROW_TEMPLATE = 'minmax(0,1.3fr) minmax(0,1fr) minmax(0,1fr) minmax(0,1.1fr)';

const ROW_FOCUS = 'focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-sky-700 dark:focus-visible:outline-sky-300';
/** Ids stay whole: they never break inside a segment (a long one is cut with an ellipsis; its title has it all). */
const ID_CELL = 'min-w-0 truncate font-mono text-[13px]';

const STATE_TONE = {
  configured: 'text-emerald-800 dark:text-emerald-300',
  missing: 'text-red-800 dark:text-red-300',
  scheduled: 'text-amber-800 dark:text-amber-300',
} as const;

/** Wrapping text of a cell: small type on narrow rows, so four lines fit. */
const textOf = (narrow: boolean) => (narrow ? 'text-xs leading-4' : 'text-sm leading-5');

function SideCell({ cell, now, narrow }: { cell: DriftCell | undefined; now: number; narrow: boolean }) {
  const state = cellState(cell);
  return (
    <div role="gridcell" data-state={state} className={cn('min-w-0 [overflow-wrap:normal]', textOf(narrow), STATE_TONE[state])}>
      {cellWords(cell, now)}
    </div>
  );
}

interface RowProps {
  readonly finding: DriftFinding;
  readonly index: number;
  readonly top: number;
  readonly active: boolean;
  readonly names: SideNames;
  readonly now: number;
  readonly narrow: boolean;
}

const FindingRow = memo(function FindingRow({ finding, index, top, active, names, now, narrow }: RowProps) {
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={active}
      tabIndex={active ? 0 : -1}
      data-index={index}
      data-finding={findingKey(finding)}
      data-kind={finding.kind}
      data-side={finding.side}
      className={cn(
        'absolute left-0 grid w-full cursor-pointer items-center gap-2 border-b border-slate-200 px-3 dark:border-slate-800',
        active ? 'bg-sky-50 dark:bg-sky-950/60' : 'bg-white hover:bg-slate-50 dark:bg-slate-900 dark:hover:bg-slate-800/60',
        ROW_FOCUS,
      )}
      style={{ top, height: narrow ? NARROW_ROW_HEIGHT : ROW_HEIGHT, gridTemplateColumns: narrow ? NARROW_TEMPLATE : GRID_TEMPLATE }}
    >
      {narrow ? (
        <div role="gridcell" className="min-w-0" title={`${finding.orgId}/${finding.domainId}/${finding.secretName}`}>
          <div className={cn(ID_CELL, 'text-xs text-slate-700 dark:text-slate-300')}>
            {finding.orgId} / {finding.domainId}
          </div>
          <div className={ID_CELL}>{finding.secretName}</div>
        </div>
      ) : (
        <>
          <div role="gridcell" className={ID_CELL} title={finding.orgId}>
            {finding.orgId}
          </div>
          <div role="gridcell" className={ID_CELL} title={finding.domainId}>
            {finding.domainId}
          </div>
          <div role="gridcell" className={ID_CELL} title={finding.secretName}>
            {finding.secretName}
          </div>
        </>
      )}
      <SideCell cell={finding.left} now={now} narrow={narrow} />
      <SideCell cell={finding.right} now={now} narrow={narrow} />
      <div role="gridcell" className={cn('min-w-0 font-medium text-slate-900 [overflow-wrap:normal] dark:text-slate-100', textOf(narrow))}>
        {findingWords(finding, names)}
      </div>
    </div>
  );
});

interface Props {
  readonly findings: readonly DriftFinding[];
  readonly names: SideNames;
  readonly now: number;
  readonly activeKey: string | null;
  readonly describedBy: string;
  onActive(key: string): void;
  /** Enter on a row: the finding's action ("Open write form on …"). */
  onAct(finding: DriftFinding): void;
}

/**
 * The findings side by side: an ARIA grid whose rows take the focus (one tab stop, roving):
 * Up/Down, Home/End and Page Up/Down move, Enter acts, a click picks the row. Rows are virtualised
 * (thousands scroll as a screenful does); aria-rowcount / aria-rowindex say where each sits.
 */
export function DriftTable({ findings, names, now, activeKey, describedBy, onActive, onAct }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const focusPending = useRef(false);
  const [narrow, setNarrow] = useState(false);
  const rowHeight = narrow ? NARROW_ROW_HEIGHT : ROW_HEIGHT;

  useLayoutEffect(() => {
    const box = scrollRef.current;
    if (!box) return;
    const update = () => setNarrow(box.clientWidth < NARROW_BELOW_PX);
    update();
    const observer = new ResizeObserver(update);
    observer.observe(box);
    return () => observer.disconnect();
  }, []);
  const indexOf = useMemo(() => new Map(findings.map((finding, index) => [findingKey(finding), index] as const)), [findings]);
  const activeIndex = findings.length === 0 ? -1 : ((activeKey !== null ? indexOf.get(activeKey) : undefined) ?? 0);

  // The row with the tab stop stays rendered even when scrolled away, so Tab can always reach the grid.
  const rangeExtractor = useCallback(
    (range: { startIndex: number; endIndex: number; overscan: number; count: number }) => {
      const start = Math.max(0, range.startIndex - range.overscan);
      const end = Math.min(range.count - 1, range.endIndex + range.overscan);
      const indexes: number[] = [];
      for (let i = start; i <= end; i += 1) indexes.push(i);
      if (activeIndex >= 0 && (activeIndex < start || activeIndex > end)) indexes.push(activeIndex);
      return indexes.sort((a, b) => a - b);
    },
    [activeIndex],
  );

  // Stable while the findings are: the virtualizer re-measures every row when it changes (a 50,000-row
  // pass on each scroll frame otherwise).
  const getItemKey = useCallback(
    (index: number) => {
      const finding = findings[index];
      return finding ? findingKey(finding) : index;
    },
    [findings],
  );

  // TanStack Virtual keeps its own mutable state; the React Compiler lint cannot see through it.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: findings.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 8,
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    rangeExtractor,
    getItemKey,
  });

  // Rows change height with the layout: measure them again.
  useLayoutEffect(() => {
    virtualizer.measure();
  }, [virtualizer, rowHeight]);

  const reveal = useCallback(
    (index: number) => {
      const box = scrollRef.current;
      if (!box) return;
      const top = HEADER_HEIGHT + index * rowHeight;
      if (top < box.scrollTop + HEADER_HEIGHT) box.scrollTop = top - HEADER_HEIGHT;
      else if (top + rowHeight > box.scrollTop + box.clientHeight) box.scrollTop = top + rowHeight - box.clientHeight;
    },
    [rowHeight],
  );

  // Back on this screen (from a finding opened earlier): the row that holds the tab stop is in view.
  const shownOnce = useRef(false);
  useLayoutEffect(() => {
    if (shownOnce.current || activeIndex < 0) return;
    shownOnce.current = true;
    if (activeIndex > 0) reveal(activeIndex);
  }, [activeIndex, reveal]);

  useLayoutEffect(() => {
    if (!focusPending.current || activeIndex < 0) return;
    focusPending.current = false;
    const box = scrollRef.current;
    if (!box) return;
    reveal(activeIndex);
    box.querySelector<HTMLElement>(`[role="row"][data-index="${activeIndex}"]`)?.focus({ preventScroll: true });
  });

  function indexOfTarget(target: EventTarget | null): number {
    const row = target instanceof Element ? target.closest<HTMLElement>('[role="row"][data-index]') : null;
    const index = Number(row?.dataset.index);
    return Number.isInteger(index) ? index : -1;
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const at = indexOfTarget(event.target);
    const finding = findings[at];
    if (at < 0 || !finding) return;
    if (event.key === 'Enter') {
      event.preventDefault();
      onAct(finding);
      return;
    }
    const box = scrollRef.current;
    const page = box ? Math.max(1, Math.floor((box.clientHeight - HEADER_HEIGHT) / rowHeight) - 1) : 10;
    const last = findings.length - 1;
    const next =
      event.key === 'ArrowDown'
        ? at + 1
        : event.key === 'ArrowUp'
          ? at - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : event.key === 'PageDown'
                ? at + page
                : event.key === 'PageUp'
                  ? at - page
                  : null;
    if (next === null) return;
    event.preventDefault();
    const clamped = Math.max(0, Math.min(last, next));
    const target = findings[clamped];
    if (!target) return;
    if (clamped === at) {
      reveal(at);
      return;
    }
    focusPending.current = true;
    onActive(findingKey(target));
  }

  function onClick(event: MouseEvent<HTMLDivElement>) {
    const finding = findings[indexOfTarget(event.target)];
    if (finding) onActive(findingKey(finding));
  }

  function onFocus(event: FocusEvent<HTMLDivElement>) {
    const finding = findings[indexOfTarget(event.target)];
    if (finding) onActive(findingKey(finding));
  }

  const items = virtualizer.getVirtualItems();
  return (
    <div
      ref={scrollRef}
      role="grid"
      aria-label="Drift findings"
      aria-describedby={describedBy}
      aria-rowcount={findings.length + 1}
      aria-colcount={narrow ? 4 : 6}
      data-testid="drift-grid"
      style={{ minHeight: HEADER_HEIGHT + MIN_ROWS_SHOWN * rowHeight + 2 }}
      className="relative flex-1 overflow-auto overscroll-contain rounded-lg border border-slate-300 bg-white dark:border-slate-700 dark:bg-slate-900"
      onKeyDown={onKeyDown}
      onClick={onClick}
      onFocus={onFocus}
    >
      <div role="rowgroup" className="sticky top-0 z-10" style={{ minWidth: narrow ? undefined : GRID_MIN_WIDTH }}>
        <div
          role="row"
          aria-rowindex={1}
          className="grid items-center gap-2 border-b border-slate-300 bg-slate-100 px-3 text-left text-xs font-semibold text-slate-800 uppercase dark:border-slate-700 dark:bg-slate-800 dark:text-slate-100"
          style={{ height: HEADER_HEIGHT, gridTemplateColumns: narrow ? NARROW_TEMPLATE : GRID_TEMPLATE }}
        >
          {narrow ? (
            <div role="columnheader">Org / domain / secret</div>
          ) : (
            <>
              <div role="columnheader">Org</div>
              <div role="columnheader">Domain</div>
              <div role="columnheader">Secret</div>
            </>
          )}
          <div role="columnheader" className="truncate normal-case" title={names.left}>
            {names.left}
          </div>
          <div role="columnheader" className="truncate normal-case" title={names.right}>
            {names.right}
          </div>
          <div role="columnheader">Finding</div>
        </div>
      </div>
      <div role="rowgroup" className="relative" style={{ minWidth: narrow ? undefined : GRID_MIN_WIDTH, height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const finding = findings[item.index];
          if (!finding) return null;
          return <FindingRow key={item.key} finding={finding} index={item.index} top={item.start - HEADER_HEIGHT} active={item.index === activeIndex} names={names} now={now} narrow={narrow} />;
        })}
      </div>
    </div>
  );
}
