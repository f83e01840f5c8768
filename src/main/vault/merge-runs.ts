import { lowerBound, type Compare } from './ordered-set';

/** Where an item lies against a page cursor: < 0 before it, 0 at it, > 0 after it (ascending). */
export type VersusCursor<T> = (item: T) => number;

interface Head<T> {
  readonly run: readonly T[];
  at: number;
}

/**
 * The items of several runs, each sorted by `compare`, as one sorted sequence — ascending, or
 * descending — that starts past `cursor` (after it ascending, before it descending). Costs
 * O(r log m) to start (r runs of at most m items) and O(log r) per item taken, so a page of k
 * items costs O(r log m + k log r) however long the runs are.
 */
export function* mergeRuns<T>(
  runs: readonly (readonly T[])[],
  compare: Compare<T>,
  cursor: VersusCursor<T> | undefined,
  descending: boolean,
): Generator<T, void, undefined> {
  const step = descending ? -1 : 1;
  const heap: Head<T>[] = [];
  const less = (a: Head<T>, b: Head<T>): boolean => compare(a.run[a.at] as T, b.run[b.at] as T) * step < 0;
  const swap = (i: number, j: number): void => {
    const held = heap[i] as Head<T>;
    heap[i] = heap[j] as Head<T>;
    heap[j] = held;
  };
  const siftUp = (child: number): void => {
    while (child > 0) {
      const parent = (child - 1) >>> 1;
      if (!less(heap[child] as Head<T>, heap[parent] as Head<T>)) return;
      swap(child, parent);
      child = parent;
    }
  };
  const siftDown = (parent: number): void => {
    for (;;) {
      let first = parent;
      for (const child of [2 * parent + 1, 2 * parent + 2]) {
        if (child < heap.length && less(heap[child] as Head<T>, heap[first] as Head<T>)) first = child;
      }
      if (first === parent) return;
      swap(first, parent);
      parent = first;
    }
  };

  for (const run of runs) {
    let at: number;
    if (!descending) at = cursor ? lowerBound(run, (item) => cursor(item) <= 0) : 0;
    else at = (cursor ? lowerBound(run, (item) => cursor(item) < 0) : run.length) - 1;
    if (at >= 0 && at < run.length) {
      heap.push({ run, at });
      siftUp(heap.length - 1);
    }
  }
  while (heap.length > 0) {
    const top = heap[0] as Head<T>;
    yield top.run[top.at] as T;
    top.at += step;
    if (top.at < 0 || top.at >= top.run.length) {
      const last = heap.pop() as Head<T>;
      if (heap.length === 0) return;
      heap[0] = last;
    }
    siftDown(0);
  }
}
