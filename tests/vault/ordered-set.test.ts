import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OrderedSet } from '../../src/main/vault/ordered-set';
import { mergeRuns } from '../../src/main/vault/merge-runs';

/** Items are [key, tiebreak] pairs so that a second order (by tiebreak) differs from the first. */
type Item = readonly [number, number];
const byKey = (a: Item, b: Item): number => a[0] - b[0] || a[1] - b[1];
const byTiebreak = (a: Item, b: Item): number => a[1] - b[1] || a[0] - b[0];

const command = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), item: fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 5 })) }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('check' as const), from: fc.integer({ min: -2, max: 80 }), to: fc.integer({ min: -2, max: 80 }), bound: fc.integer({ min: -1, max: 61 }) }),
);

describe('OrderedSet (chunked sorted set behind the vault indexes)', () => {
  it('behaves like a sorted array under adds, deletes, rank searches, ranges and per-chunk orders', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 5 }))), fc.array(command, { maxLength: 120 }), (chunk, initial, commands) => {
        const unique = [...new Map(initial.map((item) => [item.join(','), item as Item])).values()];
        const set = OrderedSet.of([...unique], byKey, chunk);
        let model = [...unique].sort(byKey);
        for (const step of commands) {
          if (step.kind === 'add') {
            if (model.some((item) => byKey(item, step.item) === 0)) continue;
            set.add(step.item);
            model = [...model, step.item].sort(byKey);
          } else if (step.kind === 'delete') {
            if (model.length === 0) {
              expect(set.delete([0, 0])).toBe(false);
              continue;
            }
            const victim = model[step.pick % model.length] as Item;
            expect(set.delete([victim[0], victim[1]])).toBe(true);
            expect(set.delete(victim)).toBe(false);
            model = model.filter((item) => item !== victim);
          } else {
            // A cached per-chunk order must not survive changes: ask for it, then keep going.
            const runs = set.runsInOrder(step.from, step.to, 'tiebreak', byTiebreak);
            const slice = model.slice(Math.max(0, step.from), Math.max(0, Math.min(model.length, step.to)));
            expect(runs.flat().sort(byKey)).toEqual(slice);
            for (const run of runs) expect([...run]).toEqual([...run].sort(byTiebreak));
            expect([...mergeRuns(runs, byTiebreak, undefined, false)]).toEqual([...slice].sort(byTiebreak));
            expect([...mergeRuns(runs, byTiebreak, undefined, true)]).toEqual([...slice].sort(byTiebreak).reverse());
            // Starting past a cursor, both ways.
            const cursor: Item = [step.bound, 2];
            const vsCursor = (item: Item): number => byTiebreak(item, cursor);
            expect([...mergeRuns(runs, byTiebreak, vsCursor, false)]).toEqual([...slice].sort(byTiebreak).filter((item) => vsCursor(item) > 0));
            expect([...mergeRuns(runs, byTiebreak, vsCursor, true)]).toEqual([...slice].sort(byTiebreak).filter((item) => vsCursor(item) < 0).reverse());
          }
          expect(set.size).toBe(model.length);
          expect([...set.range(0, set.size)]).toEqual(model);
          expect([...set.range(-5, set.size + 5, true)]).toEqual([...model].reverse());
          const bound = step.kind === 'check' ? step.bound : 30;
          const rank = set.rankWhere((item) => item[0] < bound);
          expect(rank).toBe(model.filter((item) => item[0] < bound).length);
          expect(set.at(rank)).toEqual(model[rank]);
          if (step.kind === 'check') {
            expect([...set.range(step.from, step.to)]).toEqual(model.slice(Math.max(0, step.from), Math.max(0, step.to)));
            expect([...set.range(step.from, step.to, true)]).toEqual(model.slice(Math.max(0, step.from), Math.max(0, step.to)).reverse());
          }
        }
        // Churn never leaves a trail of tiny chunks: about size / chunk of them, plus a few.
        expect(set.chunkCount).toBeLessThanOrEqual(Math.ceil((2 * set.size) / chunk) + 2);
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['the next chunk', 0],
    ['the previous chunk (the last chunk has no next)', 11],
  ])('a chunk emptied below half is joined with %s, whose cached orders are dropped', (_label, victimStart) => {
    // Chunks of 4: [0..3] [4..7] [8..11]. Cache every chunk's order, then shrink one chunk to 1 item.
    const set = OrderedSet.of(Array.from({ length: 12 }, (_, index): Item => [index, 11 - index]), byKey, 4);
    expect(set.runsInOrder(0, 12, 'tiebreak', byTiebreak)).toHaveLength(3);
    const step = victimStart === 0 ? 1 : -1;
    for (let offset = 0; offset < 3; offset += 1) set.delete([victimStart + step * offset, 11 - (victimStart + step * offset)]);
    expect(set.chunkCount).toBe(2);
    const runs = set.runsInOrder(0, set.size, 'tiebreak', byTiebreak);
    expect(runs.flat()).toHaveLength(9);
    expect([...mergeRuns(runs, byTiebreak, undefined, false)].map((item) => item[0])).toEqual([...set.range(0, set.size)].map((item) => item[0]).reverse());
  });

  it('touch drops the cached order of the chunk holding an item whose other key changed', () => {
    const items: [number, number][] = Array.from({ length: 20 }, (_, index) => [index, index]);
    const set = OrderedSet.of([...items], byKey, 4);
    const second = (a: [number, number], b: [number, number]) => a[1] - b[1] || a[0] - b[0];
    expect(set.runsInOrder(0, 20, 'second', second).flat().map((item) => item[1])).toHaveLength(20);
    const moved = items[5] as [number, number];
    moved[1] = -1; // its key in the "second" order changed (its place in the set's own order did not)
    set.touch(moved, 'second');
    const runs = set.runsInOrder(0, 20, 'second', second);
    expect([...mergeRuns(runs, second, undefined, false)][0]).toBe(moved);
  });
});
