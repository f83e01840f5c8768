/** Filters and paging over audit entries (pure). */
import { NON_CHANGE_ACTIONS, type AuditAction, type AuditEntry, type AuditFilters } from '../../shared/audit';
import { parseSecretId } from '../../shared/naming';

function orgOf(entry: AuditEntry): string | undefined {
  return entry.orgId ?? (entry.secretId === undefined ? undefined : parseSecretId(entry.secretId)?.orgId);
}

export function isNonChange(action: AuditAction): boolean {
  return (NON_CHANGE_ACTIONS as readonly AuditAction[]).includes(action);
}

/** Ids are validated (agentfoundry/{env}/{org}/{domain}/{name}), so the name is what follows the last "/". */
function hasName(secretId: string | undefined, name: string): boolean {
  return secretId !== undefined && secretId.length > name.length && secretId.endsWith(name) && secretId[secretId.length - name.length - 1] === '/';
}

function actorMatches(entry: AuditEntry, needle: string): boolean {
  const { osUser, callerArn, callerAccount } = entry.actor;
  return [osUser, callerArn, callerAccount].some((text) => text !== undefined && text.toLowerCase().includes(needle));
}

/**
 * Whether an entry is about the subject the filters name: org, secret (id, name or id prefix),
 * profile, actor, and not a non-change when those are hidden. Action, outcome and time are left to
 * the caller: a change (attempt and outcome) matches them as a whole.
 */
export function matchesSubject(entry: AuditEntry, filters: AuditFilters): boolean {
  if (filters.hideNonChanges === true && isNonChange(entry.action)) return false;
  if (filters.orgId !== undefined && orgOf(entry) !== filters.orgId) return false;
  if (filters.secretId !== undefined && entry.secretId !== filters.secretId) return false;
  if (filters.secretName !== undefined && !hasName(entry.secretId, filters.secretName)) return false;
  if (filters.secretPrefix !== undefined && !(entry.secretId?.startsWith(filters.secretPrefix) ?? false)) return false;
  if (filters.profileId !== undefined && entry.profileId !== filters.profileId) return false;
  if (filters.actor !== undefined && !actorMatches(entry, filters.actor.toLowerCase())) return false;
  return true;
}

export function inTimeRange(time: string, filters: AuditFilters): boolean {
  if (filters.from === undefined && filters.to === undefined) return true;
  const at = Date.parse(time);
  if (filters.from !== undefined && at < Date.parse(filters.from)) return false;
  if (filters.to !== undefined && at >= Date.parse(filters.to)) return false;
  return true;
}

export function matchesFilters(entry: AuditEntry, filters: AuditFilters): boolean {
  if (filters.actions !== undefined && !filters.actions.includes(entry.action)) return false;
  if (filters.outcomes !== undefined && !filters.outcomes.includes(entry.outcome)) return false;
  return matchesSubject(entry, filters) && inTimeRange(entry.time, filters);
}

export const hasFilters = (filters: AuditFilters): boolean => Object.values(filters).some((value) => value !== undefined);

/** The matching entries in log order (oldest first). */
export function filterEntries(entries: readonly AuditEntry[], filters: AuditFilters): AuditEntry[] {
  return hasFilters(filters) ? entries.filter((entry) => matchesFilters(entry, filters)) : entries.slice();
}

/** The page `offset`..`offset + limit` of `items` counted from the newest (the end), newest first. */
export function newestFirst<T>(items: readonly T[], offset: number, limit: number): T[] {
  const end = items.length - offset;
  const start = Math.max(0, end - limit);
  return end > 0 ? items.slice(start, end).reverse() : [];
}

/** One page of the matching entries, newest first, and how many match in all. */
export function pageOf(entries: readonly AuditEntry[], filters: AuditFilters, offset: number, limit: number): { entries: AuditEntry[]; total: number } {
  // Unfiltered (the audit view's first page): a slice, not a pass over every entry.
  const matching = hasFilters(filters) ? filterEntries(entries, filters) : entries;
  return { entries: newestFirst(matching, offset, limit), total: matching.length };
}
