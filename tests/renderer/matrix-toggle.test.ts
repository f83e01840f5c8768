/**
 * Expanding and selecting orgs on the matrix (review finding): `constructor` is a valid org id, and
 * a plain object's prototype answered for it, so toggling it did nothing and it counted as selected.
 * Run on the real store slice (its api module is only imported, not called).
 */
import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { createFleetSlice, toggled } from '../../src/renderer/src/store/fleet';
import type { AppState } from '../../src/renderer/src/store/types';

describe('toggling an org on the matrix', () => {
  it('adds and removes own keys only, whatever the org is called', () => {
    for (const id of ['constructor', 'toString', 'hasOwnProperty', 'valueOf', 'acme']) {
      const on = toggled({}, id);
      expect(Object.hasOwn(on, id)).toBe(true);
      expect(on[id]).toBe(true);
      expect(toggled(on, id)).toEqual({});
      expect(toggled({ other: true }, id)).toEqual({ other: true, [id]: true });
    }
    // Entries left false (the expanded map may hold them) do not come back as true.
    expect(toggled({ a: false, b: true }, 'c')).toEqual({ b: true, c: true });
  });

  it('selects and expands an org called constructor on the store', () => {
    const store = createStore<AppState>()((...args) => ({ ...createFleetSlice(...args) }) as AppState);
    store.getState().toggleMatrixSelected('constructor');
    expect(Object.hasOwn(store.getState().matrixSelected, 'constructor')).toBe(true);
    store.getState().toggleMatrixSelected('constructor');
    expect(store.getState().matrixSelected).toEqual({});
    store.getState().toggleMatrixOrg('constructor');
    expect(store.getState().matrixExpanded).toEqual({ constructor: true });
  });
});
