import { useSyncExternalStore } from 'react';

/** Tailwind's `lg`: from here the audit table has room for its Time, Profile and Who columns. */
const WIDE = '(min-width: 64rem)';

function subscribe(onChange: () => void): () => void {
  const query = window.matchMedia(WIDE);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

/**
 * Whether the window is wide enough for every column. The columns are left out of the DOM when it
 * is not (rather than hidden with CSS), because a row's `colSpan` must match the columns drawn:
 * spanning hidden ones makes phantom columns that take the width the secret's id needs.
 */
export function useWide(): boolean {
  return useSyncExternalStore(subscribe, () => window.matchMedia(WIDE).matches);
}
