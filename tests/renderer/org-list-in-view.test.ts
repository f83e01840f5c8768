/**
 * The org list scrolls to the selected org only when it is not already in view, judged without
 * asking the page for layout (see OrgList.tsx). The scrolling itself is tested in Chromium
 * (tests/e2e/ui/navigation.test.ts); these are the edges of the judgement.
 */
import { describe, expect, it } from 'vitest';
import { ORG_ROW_HEIGHT, rowInView } from '../../src/renderer/src/features/orgs/org-rows';

describe('rowInView', () => {
  it('is true for a row wholly inside the viewport, at its edges too', () => {
    expect(rowInView(0, 400, 0)).toBe(true);
    expect(rowInView(0, 400, 9)).toBe(true); // 360–400: ends exactly at the bottom edge
    expect(rowInView(ORG_ROW_HEIGHT * 5, 400, 5)).toBe(true);
  });

  it('is false for a row cut by an edge or outside', () => {
    expect(rowInView(0, 400, 10)).toBe(false);
    expect(rowInView(10, 400, 0)).toBe(false); // its top 10 px scrolled away
    expect(rowInView(0, 410, 10)).toBe(false); // 400–440 against a 410 px viewport
    expect(rowInView(ORG_ROW_HEIGHT * 50, 400, 3)).toBe(false);
  });

  it('is false while the list has not been measured', () => {
    expect(rowInView(null, 400, 0)).toBe(false);
    expect(rowInView(0, undefined, 0)).toBe(false);
    expect(rowInView(0, 0, 0)).toBe(false);
  });
});
