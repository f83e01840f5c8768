import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { useCallback, useLayoutEffect, useMemo, useRef, type FocusEvent, type KeyboardEvent, type MouseEvent } from 'react';
import { cellOf } from '../../../../shared/coverage';
import { useAppStore } from '../../store';
import { moveFor } from './grid-keys';
import { GridHeader } from './GridHeader';
import { GridRow } from './GridRow';
import { COLUMN_COUNT, COLUMN_LEFTS, COLUMN_WIDTHS, CUSTOM_COLUMN, FIRST_SECRET_COLUMN, GRID_WIDTH, HEADER_HEIGHT, HEADER_ROWS, ORG_COLUMN_WIDTH, ROW_HEIGHT } from './layout';
import { COLUMN_ENTRIES, type MatrixModel, type MatrixRow } from './matrix-model';

interface Props {
  readonly model: MatrixModel;
  readonly now: number;
  readonly staleAfterDays: number;
  /** Names the grid's help text (keys), for aria-describedby. */
  readonly describedBy: string;
  /** Org rows can be selected for a change across orgs (Shift+Space, or a click on the row's box). */
  readonly selectable: boolean;
}

/**
 * The coverage matrix: an ARIA grid (WAI-ARIA Authoring Practices "Data Grid") with one tab stop
 * (roving tabindex), driven by arrows, Home/End, Ctrl+Home/End and PageUp/PageDown; Enter or a
 * click acts on a cell. Rows are virtualised: only those in view (and the one holding the tab stop,
 * wherever it is) are in the DOM, and aria-rowcount / aria-rowindex say where they sit. The header
 * stays on top and the org column on the left while the grid scrolls inside its own box.
 */
export function CoverageGrid({ model, now, staleAfterDays, describedBy, selectable }: Props) {
  const { rows } = model;
  const active = useAppStore((s) => s.matrixActive);
  const sort = useAppStore((s) => s.matrixFilters.sort);
  const setActive = useAppStore((s) => s.setMatrixActive);
  const toggleOrg = useAppStore((s) => s.toggleMatrixOrg);
  const openTarget = useAppStore((s) => s.openFleetTarget);
  const selected = useAppStore((s) => s.matrixSelected);
  const toggleSelected = useAppStore((s) => s.toggleMatrixSelected);
  const scrollRef = useRef<HTMLDivElement>(null);
  /** Set by a key that moved the tab stop: the next render focuses it (once it exists). */
  const focusPending = useRef(false);

  const rowIndex = useMemo(() => new Map(rows.map((row, index) => [row.key, index] as const)), [rows]);
  const activeRow = rows.length === 0 ? -1 : Math.min(rows.length - 1, (active && rowIndex.get(active.rowKey)) ?? 0);
  const activeCol = Math.min(COLUMN_COUNT - 1, active?.col ?? 0);

  // The row with the tab stop stays rendered even when scrolled away, so Tab can always reach the grid.
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      if (activeRow < 0 || indexes.includes(activeRow)) return indexes;
      return [...indexes, activeRow].sort((a, b) => a - b);
    },
    [activeRow],
  );

  // TanStack Virtual keeps its own mutable state; the React Compiler lint cannot see through it.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    rangeExtractor,
    getItemKey: (index) => rows[index]?.key ?? index,
  });

  /** Scrolls the grid (only as far as needed) so the cell is not under the sticky header or org column. */
  const reveal = useCallback((row: number, col: number) => {
    const box = scrollRef.current;
    if (!box) return;
    const top = HEADER_HEIGHT + row * ROW_HEIGHT;
    if (top < box.scrollTop + HEADER_HEIGHT) box.scrollTop = top - HEADER_HEIGHT;
    else if (top + ROW_HEIGHT > box.scrollTop + box.clientHeight) box.scrollTop = top + ROW_HEIGHT - box.clientHeight;
    if (col === 0) return;
    const left = COLUMN_LEFTS[col] ?? 0;
    const right = left + (COLUMN_WIDTHS[col] ?? 0);
    if (left < box.scrollLeft + ORG_COLUMN_WIDTH) box.scrollLeft = left - ORG_COLUMN_WIDTH;
    else if (right > box.scrollLeft + box.clientWidth) box.scrollLeft = right - box.clientWidth;
  }, []);

  // Back on this screen (from a cell opened earlier): the cell that holds the tab stop is in view.
  const shownOnce = useRef(false);
  useLayoutEffect(() => {
    if (shownOnce.current || activeRow < 0) return;
    shownOnce.current = true;
    if (activeRow > 0 || activeCol > 0) reveal(activeRow, activeCol);
  }, [activeRow, activeCol, reveal]);

  useLayoutEffect(() => {
    if (!focusPending.current || activeRow < 0) return;
    focusPending.current = false;
    const box = scrollRef.current;
    // Only moves focus that is still in the grid (or was lost with a cell scrolled away): never steals it.
    const focused = document.activeElement;
    if (!box || (focused && focused !== document.body && !box.contains(focused))) return;
    reveal(activeRow, activeCol);
    box.querySelector<HTMLElement>(`[data-row="${activeRow}"][data-col="${activeCol}"]`)?.focus({ preventScroll: true });
  });

  function act(row: MatrixRow, col: number) {
    if (col === 0 && row.kind === 'org' && row.domainCount > 0) {
      toggleOrg(row.orgId);
      return;
    }
    const entry = col >= FIRST_SECRET_COLUMN && col < CUSTOM_COLUMN ? COLUMN_ENTRIES[col - FIRST_SECRET_COLUMN] : undefined;
    if (!entry) {
      openTarget({ orgId: row.orgId, domainId: row.domainId });
      return;
    }
    const cell = cellOf(row.entry.index, row.domainId, entry.secretName, now, staleAfterDays, row.listed);
    // A scheduled secret cannot be written: its card (with Restore) is shown instead.
    openTarget({ orgId: row.orgId, domainId: row.domainId, secretName: entry.secretName, write: cell.state !== 'scheduled' });
  }

  function positionOf(target: EventTarget | null): { row: number; col: number } | null {
    // The target may be an icon's SVG inside the cell: any Element, not only HTML ones.
    const cell = target instanceof Element ? target.closest<HTMLElement>('[data-col]') : null;
    if (!cell) return null;
    const row = Number(cell.dataset.row);
    const col = Number(cell.dataset.col);
    return Number.isInteger(row) && Number.isInteger(col) ? { row, col } : null;
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const at = positionOf(event.target);
    if (!at) return;
    const row = rows[at.row];
    if (!row) return;
    // Shift+Space selects the row (WAI-ARIA Authoring Practices, "Data Grid"): an org, for a change across orgs.
    if (event.key === ' ' && event.shiftKey) {
      event.preventDefault();
      // An org still being listed is not offered: a change across orgs must not rest on keys not seen yet.
      if (selectable && row.kind === 'org' && row.listed) toggleSelected(row.orgId);
      return;
    }
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      act(row, at.col);
      return;
    }
    const box = scrollRef.current;
    const pageRows = box ? Math.max(1, Math.floor((box.clientHeight - HEADER_HEIGHT) / ROW_HEIGHT) - 1) : 10;
    const next = moveFor(event.key, event.ctrlKey || event.metaKey, at, { rows: rows.length, cols: COLUMN_COUNT, pageRows });
    if (!next) return;
    event.preventDefault();
    const target = rows[next.row];
    if (!target) return;
    if (next.row === at.row && next.col === at.col) {
      // Already there (an edge): nothing moves, but it is kept in view.
      reveal(next.row, next.col);
      return;
    }
    focusPending.current = true;
    setActive({ rowKey: target.key, col: next.col });
  }

  function onClick(event: MouseEvent<HTMLDivElement>) {
    const at = positionOf(event.target);
    const row = at ? rows[at.row] : undefined;
    if (!at || !row) return;
    setActive({ rowKey: row.key, col: at.col });
    // A click on an org's box selects it; anywhere else in the cell acts as Enter does.
    if (selectable && row.kind === 'org' && event.target instanceof Element && event.target.closest('[data-select-box]')) {
      if (row.listed) toggleSelected(row.orgId);
      return;
    }
    act(row, at.col);
  }

  function onFocus(event: FocusEvent<HTMLDivElement>) {
    // A cell focused by a click or by the screen reader's own navigation takes the tab stop.
    const at = positionOf(event.target);
    const row = at ? rows[at.row] : undefined;
    if (at && row) setActive({ rowKey: row.key, col: at.col });
  }

  const items = virtualizer.getVirtualItems();
  return (
    <div
      ref={scrollRef}
      role="grid"
      aria-label="Coverage matrix"
      aria-describedby={describedBy}
      aria-rowcount={rows.length + HEADER_ROWS}
      aria-colcount={COLUMN_COUNT}
      aria-multiselectable={selectable || undefined}
      data-testid="coverage-grid"
      className="relative min-h-72 flex-1 overflow-auto overscroll-contain rounded-lg border border-slate-300 bg-white dark:border-slate-700 dark:bg-slate-900"
      onKeyDown={onKeyDown}
      onClick={onClick}
      onFocus={onFocus}
    >
      <GridHeader model={model} sort={sort} />
      <div role="rowgroup" className="relative" style={{ width: GRID_WIDTH, height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const row = rows[item.index];
          if (!row) return null;
          return (
            <GridRow
              key={row.key}
              row={row}
              index={item.index}
              top={item.start - HEADER_HEIGHT}
              activeCol={item.index === activeRow ? activeCol : -1}
              now={now}
              staleAfterDays={staleAfterDays}
              selectable={selectable}
              selected={selected[row.orgId] === true}
            />
          );
        })}
      </div>
    </div>
  );
}
