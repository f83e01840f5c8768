/** The org list's fixed row height, and what follows from it without asking the page for layout. */
export const ORG_ROW_HEIGHT = 40;

/** Whether row `index` lies wholly inside the list's viewport (unknown sizes: no). */
export function rowInView(scrollOffset: number | null, viewportHeight: number | undefined, index: number): boolean {
  if (scrollOffset === null || !viewportHeight) return false;
  const top = index * ORG_ROW_HEIGHT;
  return top >= scrollOffset && top + ORG_ROW_HEIGHT <= scrollOffset + viewportHeight;
}
