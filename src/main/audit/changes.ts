/**
 * The log as changes: each attempt with its outcome (the outcome names its attempt by `attemptSeq`),
 * so the audit view shows one row per change and a page never splits a pair — pairing happens here,
 * over the whole log, before paging.
 *
 * The index is kept between calls like the verified log it is built from (scan-cache.ts): the scan
 * hands back the same entries array, grown by appends, so only the new entries are paired. When the
 * array was rebuilt or cut back (a file changed on disk, new keys), the index is built again.
 */
import type { AuditChange, AuditEntry, AuditFilters } from '../../shared/audit';
import { hasFilters, inTimeRange, isNonChange, matchesSubject, newestFirst } from './query';

/** Mutable while its outcome is awaited; copied before it leaves (see `changePage`). */
interface ChangeRow {
  attempt?: AuditEntry;
  outcome?: AuditEntry;
}

export interface ChangeLists {
  /** Every change in log order (by its first entry). */
  readonly all: readonly ChangeRow[];
  /** Only those that change something (not NON_CHANGE_ACTIONS): the view's default, kept ready. */
  readonly changing: readonly ChangeRow[];
}

export interface ChangeIndex {
  update(entries: readonly AuditEntry[]): ChangeLists;
}

export function createChangeIndex(): ChangeIndex {
  let source: readonly AuditEntry[] | undefined;
  let seen = 0;
  let last: AuditEntry | undefined;
  let all: ChangeRow[] = [];
  let changing: ChangeRow[] = [];
  /** Attempts still waiting for their outcome, by seq. */
  let open = new Map<number, ChangeRow>();

  function add(entry: AuditEntry): void {
    if (entry.outcome !== 'attempt') {
      const row = entry.attemptSeq === undefined ? undefined : open.get(entry.attemptSeq);
      if (row) {
        row.outcome = entry;
        open.delete(entry.attemptSeq as number);
        return;
      }
    }
    const row: ChangeRow = entry.outcome === 'attempt' ? { attempt: entry } : { outcome: entry };
    all.push(row);
    if (!isNonChange(entry.action)) changing.push(row);
    if (entry.outcome === 'attempt') open.set(entry.seq, row);
  }

  return {
    update(entries) {
      // Entries are only ever appended to the same array; anything else (a new array, a cut) starts over.
      if (entries !== source || entries.length < seen || (seen > 0 && entries[seen - 1] !== last)) {
        source = entries;
        seen = 0;
        all = [];
        changing = [];
        open = new Map();
      }
      for (let i = seen; i < entries.length; i += 1) add(entries[i] as AuditEntry);
      seen = entries.length;
      last = entries.at(-1);
      return { all, changing };
    },
  };
}

/** What a change is, for the filters: `attempt` as its outcome means none was recorded. Subject and time are its first entry's. */
function matchesChange(row: ChangeRow, filters: AuditFilters): boolean {
  const first = (row.attempt ?? row.outcome) as AuditEntry;
  // The change's action is what it turned out to be (the outcome's: a write that was a rotation).
  if (filters.actions !== undefined && !filters.actions.includes(row.outcome?.action ?? first.action)) return false;
  if (filters.outcomes !== undefined && !filters.outcomes.includes(row.outcome?.outcome ?? 'attempt')) return false;
  return matchesSubject(first, filters) && inTimeRange(first.time, filters);
}

const copy = (row: ChangeRow): AuditChange => ({ ...(row.attempt && { attempt: row.attempt }), ...(row.outcome && { outcome: row.outcome }) });

/** Every entry of the matching changes, in log order: what an export of the changes view writes. */
export function changeEntries(lists: ChangeLists, filters: AuditFilters): AuditEntry[] {
  const { hideNonChanges } = filters;
  const rows = (hideNonChanges === true ? lists.changing : lists.all).filter((row) => matchesChange(row, filters));
  return rows.flatMap((row) => [row.attempt, row.outcome].filter((entry): entry is AuditEntry => entry !== undefined)).sort((a, b) => a.seq - b.seq);
}

/** One page of the matching changes, newest first (by attempt), and how many match in all. */
export function changePage(lists: ChangeLists, filters: AuditFilters, offset: number, limit: number): { changes: AuditChange[]; total: number } {
  const { hideNonChanges, ...rest } = filters;
  // The view's usual first pages (nothing but the default hiding): a slice, not a pass over every change.
  let matching: readonly ChangeRow[];
  if (!hasFilters(rest)) matching = hideNonChanges === true ? lists.changing : lists.all;
  else matching = (hideNonChanges === true ? lists.changing : lists.all).filter((row) => matchesChange(row, filters));
  return { changes: newestFirst(matching, offset, limit).map(copy), total: matching.length };
}
