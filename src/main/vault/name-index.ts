import { ORDERS, SORT_BY, keyChanged, type SortBy } from './list-order';
import type { SecretMeta, SecretRecord } from './model';
import { CHUNK, OrderedSet } from './ordered-set';

/** Ranks [from, to) in the name order. */
export type RankRange = readonly [number, number];

/**
 * The orders ListSecrets pages through, kept sorted as secrets come and go instead of being
 * rebuilt per request: a full walk of 50,000 secrets used to scan and sort the whole vault on
 * every one of its 500 pages.
 *
 * - `names()`: every secret by name (then ARN). A `name` filter is a case-sensitive prefix match
 *   (AWS), and under code-unit order (JavaScript's `<`) all names with one prefix are one
 *   contiguous run, found with two binary searches; a negated prefix is the two runs around it.
 *   Within a run, each chunk of the name order also keeps its secrets in the other orders, so a
 *   name-filtered page in creation order merges a few sorted runs instead of sorting the range.
 * - `order(sortBy)`: every secret in one SortBy order, for listings without a name filter.
 *
 * Each order is built on first use (one sort; opening the vault builds none) and from then on
 * kept up to date by `added`, `removed` and `changing`/`changed`.
 */
export class ListIndexes {
  private byName: OrderedSet<SecretRecord> | undefined;
  private readonly bySort = new Map<SortBy, OrderedSet<SecretRecord>>();

  constructor(
    private readonly records: () => Iterable<SecretRecord>,
    private readonly chunk = CHUNK,
  ) {}

  names(): OrderedSet<SecretRecord> {
    this.byName ??= OrderedSet.of([...this.records()], ORDERS.name, this.chunk);
    return this.byName;
  }

  order(sortBy: SortBy): OrderedSet<SecretRecord> {
    if (sortBy === 'name') return this.names();
    let set = this.bySort.get(sortBy);
    if (!set) {
      set = OrderedSet.of([...this.records()], ORDERS[sortBy], this.chunk);
      this.bySort.set(sortBy, set);
    }
    return set;
  }

  /** How many orders are built (tests: opening the vault builds none). */
  get built(): number {
    return this.bySort.size + (this.byName ? 1 : 0);
  }

  added(record: SecretRecord): void {
    if (this.byName === undefined && this.bySort.size === 0) return; // nothing built yet (opening)
    this.byName?.add(record);
    for (const set of this.bySort.values()) set.add(record);
  }

  removed(record: SecretRecord): void {
    this.byName?.delete(record);
    for (const set of this.bySort.values()) set.delete(record);
  }

  /**
   * Call before a secret's metadata changes to `next` (its record still holds the old one), then
   * `changed` after: a secret whose sort key moves leaves its orders and comes back in its new place.
   */
  changing(record: SecretRecord, next: SecretMeta): SortBy[] {
    if (this.byName === undefined && this.bySort.size === 0) return [];
    const moved = SORT_BY.filter((sortBy) => keyChanged(record.meta, next, sortBy));
    if (moved.length === 0) return moved;
    if (moved.includes('name')) this.byName?.delete(record);
    for (const sortBy of moved) this.bySort.get(sortBy)?.delete(record);
    return moved;
  }

  changed(record: SecretRecord, moved: readonly SortBy[]): void {
    if (moved.length === 0) return;
    if (moved.includes('name')) this.byName?.add(record);
    // Its name chunk's other orders are stale (a re-add above already dropped them all).
    else for (const sortBy of moved) this.byName?.touch(record, sortBy);
    for (const sortBy of moved) this.bySort.get(sortBy)?.add(record);
  }

  /** The ranks of the names starting with `prefix`. */
  prefixRange(prefix: string): RankRange {
    const names = this.names();
    const from = names.rankWhere((record) => record.meta.name < prefix);
    const to = names.rankWhere((record) => record.meta.name < prefix || record.meta.name.startsWith(prefix));
    return [from, to];
  }

  /**
   * The ranks of the names a `name` filter's values select (alternatives; "!" negates a value),
   * as ascending, non-overlapping ranges: each secret in them once.
   */
  nameFilterRanges(values: readonly string[]): RankRange[] {
    const size = this.names().size;
    const ranges: RankRange[] = [];
    for (const value of values) {
      if (value.startsWith('!')) {
        const [from, to] = this.prefixRange(value.slice(1));
        ranges.push([0, from], [to, size]);
      } else {
        ranges.push(this.prefixRange(value));
      }
    }
    ranges.sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const [from, to] of ranges) {
      if (from >= to) continue;
      const last = merged.at(-1);
      if (last && from <= last[1]) last[1] = Math.max(last[1], to);
      else merged.push([from, to]);
    }
    return merged;
  }
}
