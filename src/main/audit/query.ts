/** Filters and paging over audit entries (pure). */
import type { AuditEntry, AuditFilters } from '../../shared/audit';
import { parseSecretId } from '../../shared/naming';

function orgOf(entry: AuditEntry): string | undefined {
  return entry.orgId ?? (entry.secretId === undefined ? undefined : parseSecretId(entry.secretId)?.orgId);
}

export function matchesFilters(entry: AuditEntry, filters: AuditFilters): boolean {
  if (filters.orgId !== undefined && orgOf(entry) !== filters.orgId) return false;
  if (filters.secretId !== undefined && entry.secretId !== filters.secretId) return false;
  if (filters.profileId !== undefined && entry.profileId !== filters.profileId) return false;
  if (filters.actions !== undefined && !filters.actions.includes(entry.action)) return false;
  if (filters.outcomes !== undefined && !filters.outcomes.includes(entry.outcome)) return false;
  const time = Date.parse(entry.time);
  if (filters.from !== undefined && time < Date.parse(filters.from)) return false;
  if (filters.to !== undefined && time >= Date.parse(filters.to)) return false;
  return true;
}

const hasFilters = (filters: AuditFilters): boolean => Object.values(filters).some((value) => value !== undefined);

/** The matching entries in log order (oldest first). */
export function filterEntries(entries: readonly AuditEntry[], filters: AuditFilters): AuditEntry[] {
  return hasFilters(filters) ? entries.filter((entry) => matchesFilters(entry, filters)) : entries.slice();
}

/** One page of the matching entries, newest first, and how many match in all. */
export function pageOf(entries: readonly AuditEntry[], filters: AuditFilters, offset: number, limit: number): { entries: AuditEntry[]; total: number } {
  // Unfiltered (the audit view's first page): a slice, not a pass over every entry.
  const matching = hasFilters(filters) ? filterEntries(entries, filters) : entries;
  const end = matching.length - offset;
  const start = Math.max(0, end - limit);
  return { entries: end > 0 ? matching.slice(start, end).reverse() : [], total: matching.length };
}
