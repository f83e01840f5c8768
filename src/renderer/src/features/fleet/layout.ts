/**
 * The matrix's fixed geometry: every row has one height and every column one width, so the
 * virtualised rows and the sticky header and org column line up without measuring anything.
 */
import { COLUMN_ENTRIES } from './matrix-model';

export const ROW_HEIGHT = 36;
/** The category row above the column headers. */
export const GROUP_ROW_HEIGHT = 28;
export const COLUMN_ROW_HEIGHT = 80;
export const HEADER_HEIGHT = GROUP_ROW_HEIGHT + COLUMN_ROW_HEIGHT;
/** Header rows before the first data row (aria-rowindex of data rows starts after them). */
export const HEADER_ROWS = 2;

export const ORG_COLUMN_WIDTH = 208;
export const COVERAGE_COLUMN_WIDTH = 104;
export const SECRET_COLUMN_WIDTH = 92;
export const CUSTOM_COLUMN_WIDTH = 80;

/** Column 0: org / domain; 1: coverage; then one per catalog secret; last: custom secrets. */
export const COLUMN_WIDTHS: readonly number[] = [ORG_COLUMN_WIDTH, COVERAGE_COLUMN_WIDTH, ...COLUMN_ENTRIES.map(() => SECRET_COLUMN_WIDTH), CUSTOM_COLUMN_WIDTH];
export const COLUMN_COUNT = COLUMN_WIDTHS.length;
export const FIRST_SECRET_COLUMN = 2;
export const CUSTOM_COLUMN = COLUMN_COUNT - 1;
export const GRID_WIDTH = COLUMN_WIDTHS.reduce((sum, width) => sum + width, 0);
export const GRID_TEMPLATE = COLUMN_WIDTHS.map((width) => `${width}px`).join(' ');

/** Where each column starts, from the grid's left edge. */
export const COLUMN_LEFTS: readonly number[] = COLUMN_WIDTHS.map((_, index) => COLUMN_WIDTHS.slice(0, index).reduce((sum, width) => sum + width, 0));
