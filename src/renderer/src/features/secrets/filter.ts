import type { CatalogEntry } from '../../../../shared/contract';

/** Whether a secret matches the filter box: its name, label, provider or description. */
export function matchesFilter(filter: string, secretName: string, entry: CatalogEntry | undefined): boolean {
  const query = filter.trim().toLowerCase();
  if (!query) return true;
  const haystack = [secretName, entry?.displayName, entry?.provider, entry?.description].filter(Boolean).join(' ').toLowerCase();
  return query.split(/\s+/).every((word) => haystack.includes(word));
}
