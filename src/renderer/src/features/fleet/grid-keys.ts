/**
 * Where a key moves the grid's focus (WAI-ARIA Authoring Practices, "Data Grid"): arrows by one
 * cell, Home/End to the row's ends, Ctrl+Home/End to the grid's corners, PageUp/PageDown by a
 * screenful. null for any other key (the grid lets it through). Never leaves the grid.
 */
export interface GridPosition {
  readonly row: number;
  readonly col: number;
}

export interface GridSize {
  readonly rows: number;
  readonly cols: number;
  /** Rows that fit in view, for PageUp / PageDown. */
  readonly pageRows: number;
}

export function moveFor(key: string, ctrl: boolean, at: GridPosition, size: GridSize): GridPosition | null {
  if (size.rows === 0 || size.cols === 0) return null;
  const clampRow = (row: number): number => Math.max(0, Math.min(size.rows - 1, row));
  const clampCol = (col: number): number => Math.max(0, Math.min(size.cols - 1, col));
  const page = Math.max(1, size.pageRows);
  switch (key) {
    case 'ArrowRight':
      return { row: at.row, col: clampCol(at.col + 1) };
    case 'ArrowLeft':
      return { row: at.row, col: clampCol(at.col - 1) };
    case 'ArrowDown':
      return { row: clampRow(at.row + 1), col: at.col };
    case 'ArrowUp':
      return { row: clampRow(at.row - 1), col: at.col };
    case 'Home':
      return ctrl ? { row: 0, col: 0 } : { row: at.row, col: 0 };
    case 'End':
      return ctrl ? { row: size.rows - 1, col: size.cols - 1 } : { row: at.row, col: size.cols - 1 };
    case 'PageDown':
      return { row: clampRow(at.row + page), col: at.col };
    case 'PageUp':
      return { row: clampRow(at.row - page), col: at.col };
    default:
      return null;
  }
}
