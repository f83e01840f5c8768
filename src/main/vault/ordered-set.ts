/**
 * A sorted set kept in chunks of at most 2 × CHUNK items (a two-level B-tree), so that adding or
 * removing one item costs a binary search plus a copy within one chunk — O(log n + CHUNK) —
 * instead of re-sorting or shifting the whole set, and reading k items from a position costs
 * O(log n + k) (after a change, the first rank lookup also re-adds up the chunk sizes: n / CHUNK
 * steps). Positions are ranks (0 … size); they are valid until the next change.
 *
 * Items are compared with `compare`, which must be a total order in which no two distinct items
 * are equal (the vault's orders all end with the ARN, which is unique). An item's sort key must
 * not change while it is in the set: remove it, change it, add it again.
 *
 * Each chunk can also keep its items sorted in another order (`runsInOrder`), built on first use
 * and dropped when the chunk changes or `touch` says that order went stale: the vault's name index
 * uses this to page a name range in creation order without sorting the range on every page.
 */
export type Compare<T> = (a: T, b: T) => number;

export const CHUNK = 512;
/** Cached runs per chunk (whole-chunk orders and parts of it), before the cache is emptied. */
const MAX_ORDERS_PER_CHUNK = 16;

interface Chunk<T> {
  items: T[];
  /** This chunk's items in other orders, by order name. */
  orders: Map<string, readonly T[]> | undefined;
}

export class OrderedSet<T> {
  private chunks: Chunk<T>[] = [];
  private count = 0;
  /** starts[i] = rank of chunks[i]'s first item; rebuilt after a change, when a rank is asked for. */
  private starts: number[] | undefined = [];

  /** `chunk`: the chunk size (tests use a small one, so a few items span many chunks). */
  constructor(
    readonly compare: Compare<T>,
    private readonly chunk = CHUNK,
  ) {}

  /** A set of `items` (no duplicates; sorts the array in place): O(n log n), O(n) if already sorted. */
  static of<T>(items: T[], compare: Compare<T>, chunk = CHUNK): OrderedSet<T> {
    const set = new OrderedSet(compare, chunk);
    items.sort(compare);
    for (let start = 0; start < items.length; start += chunk) set.chunks.push({ items: items.slice(start, start + chunk), orders: undefined });
    set.count = items.length;
    set.starts = undefined;
    return set;
  }

  get size(): number {
    return this.count;
  }

  get chunkCount(): number {
    return this.chunks.length;
  }

  add(item: T): void {
    if (this.chunks.length === 0) {
      this.chunks.push({ items: [item], orders: undefined });
    } else {
      const index = Math.min(this.chunkFor(item), this.chunks.length - 1);
      const chunk = this.chunks[index] as Chunk<T>;
      chunk.items.splice(lowerBound(chunk.items, (other) => this.compare(other, item) < 0), 0, item);
      chunk.orders = undefined;
      if (chunk.items.length > 2 * this.chunk) {
        this.chunks.splice(index + 1, 0, { items: chunk.items.splice(this.chunk), orders: undefined });
      }
    }
    this.count += 1;
    this.starts = undefined;
  }

  /** Removes `item` (found by `compare`, so its sort key must be what it was when added). */
  delete(item: T): boolean {
    const index = this.chunkFor(item);
    const chunk = this.chunks[index];
    if (!chunk) return false;
    const offset = lowerBound(chunk.items, (other) => this.compare(other, item) < 0);
    if (offset >= chunk.items.length || this.compare(chunk.items[offset] as T, item) !== 0) return false;
    chunk.items.splice(offset, 1);
    chunk.orders = undefined;
    if (chunk.items.length === 0) this.chunks.splice(index, 1);
    else if (chunk.items.length < this.chunk / 2) this.mergeSmall(index);
    this.count -= 1;
    this.starts = undefined;
    return true;
  }

  /** Drops the cached `order` runs of the chunk holding `item` (its key in that order changed). */
  touch(item: T, order: string): void {
    const orders = this.chunks[this.chunkFor(item)]?.orders;
    if (!orders) return;
    for (const key of [...orders.keys()]) if (key === order || key.startsWith(`${order}@`)) orders.delete(key);
  }

  /**
   * The number of leading items for which `before` holds, i.e. the rank of the first item for
   * which it does not. `before` must hold for a prefix of the set and for nothing after it.
   */
  rankWhere(before: (item: T) => boolean): number {
    let low = 0;
    let high = this.chunks.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const items = (this.chunks[middle] as Chunk<T>).items;
      if (before(items[items.length - 1] as T)) low = middle + 1;
      else high = middle;
    }
    const chunk = this.chunks[low];
    if (!chunk) return this.count;
    return this.startOf(low) + lowerBound(chunk.items, before);
  }

  /** The item at `rank`, or undefined past either end. */
  at(rank: number): T | undefined {
    if (rank < 0 || rank >= this.count) return undefined;
    const index = this.chunkOfRank(rank);
    return (this.chunks[index] as Chunk<T>).items[rank - this.startOf(index)];
  }

  /** Items with rank in [from, to), ascending; or descending from to − 1 down to from. */
  *range(from: number, to: number, descending = false): Generator<T, void, undefined> {
    from = Math.max(0, from);
    to = Math.min(this.count, to);
    if (from >= to) return;
    if (!descending) {
      let index = this.chunkOfRank(from);
      let offset = from - this.startOf(index);
      for (let left = to - from; left > 0; index += 1, offset = 0) {
        const items = (this.chunks[index] as Chunk<T>).items;
        const end = Math.min(items.length, offset + left);
        for (let at = offset; at < end; at += 1) yield items[at] as T;
        left -= end - offset;
      }
    } else {
      let index = this.chunkOfRank(to - 1);
      let offset = to - 1 - this.startOf(index);
      for (let left = to - from; left > 0; ) {
        const items = (this.chunks[index] as Chunk<T>).items;
        const stop = Math.max(-1, offset - left);
        for (let at = offset; at > stop; at -= 1) yield items[at] as T;
        left -= offset - stop;
        index -= 1;
        offset = index >= 0 ? (this.chunks[index] as Chunk<T>).items.length - 1 : -1;
      }
    }
  }

  /**
   * The items with rank in [from, to) sorted by `compare`, as runs of at most one chunk each. Each
   * run is sorted once (O(CHUNK log CHUNK)) and cached in its chunk until the chunk changes: a
   * whole chunk under `order`, a part of one (where the range starts or ends) under `order` and
   * its offsets — paging through one range asks for the same parts on every page.
   */
  runsInOrder(from: number, to: number, order: string, compare: Compare<T>): (readonly T[])[] {
    from = Math.max(0, from);
    to = Math.min(this.count, to);
    const runs: (readonly T[])[] = [];
    if (from >= to) return runs;
    for (let index = this.chunkOfRank(from); index < this.chunks.length; index += 1) {
      const start = this.startOf(index);
      if (start >= to) break;
      const chunk = this.chunks[index] as Chunk<T>;
      const low = Math.max(0, from - start);
      const high = Math.min(chunk.items.length, to - start);
      const whole = low === 0 && high === chunk.items.length;
      const key = whole ? order : `${order}@${low}-${high}`;
      chunk.orders ??= new Map();
      let sorted = chunk.orders.get(key);
      if (!sorted) {
        // Parts of a chunk asked for by many different ranges must not pile up.
        if (chunk.orders.size >= MAX_ORDERS_PER_CHUNK) chunk.orders.clear();
        sorted = chunk.items.slice(low, high).sort(compare);
        chunk.orders.set(key, sorted);
      }
      runs.push(sorted);
    }
    return runs;
  }

  /** Joins a small chunk with a neighbour, so churn cannot leave many near-empty chunks behind. */
  private mergeSmall(index: number): void {
    const chunk = this.chunks[index] as Chunk<T>;
    const next = this.chunks[index + 1];
    const previous = this.chunks[index - 1];
    if (next && next.items.length <= (3 * this.chunk) / 2) {
      chunk.items.push(...next.items);
      this.chunks.splice(index + 1, 1);
    } else if (previous && previous.items.length <= (3 * this.chunk) / 2) {
      previous.items.push(...chunk.items);
      previous.orders = undefined;
      this.chunks.splice(index, 1);
    }
  }

  /** The chunk `item` belongs in: the first whose last item is ≥ item (chunks.length if none). */
  private chunkFor(item: T): number {
    let low = 0;
    let high = this.chunks.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const items = (this.chunks[middle] as Chunk<T>).items;
      if (this.compare(items[items.length - 1] as T, item) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private startOf(index: number): number {
    return this.rankIndex()[index] ?? this.count;
  }

  private chunkOfRank(rank: number): number {
    const starts = this.rankIndex();
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if ((starts[middle] as number) <= rank) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  /** O(number of chunks) after a change: about n / 512, far less than the change itself moved. */
  private rankIndex(): number[] {
    if (!this.starts) {
      const starts: number[] = new Array<number>(this.chunks.length);
      let rank = 0;
      for (let index = 0; index < this.chunks.length; index += 1) {
        starts[index] = rank;
        rank += (this.chunks[index] as Chunk<T>).items.length;
      }
      this.starts = starts;
    }
    return this.starts;
  }
}

/** The first index in `items` for which `before` is false (`before` holds for a prefix only). */
export function lowerBound<T>(items: readonly T[], before: (item: T) => boolean): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (before(items[middle] as T)) low = middle + 1;
    else high = middle;
  }
  return low;
}
