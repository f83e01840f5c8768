/**
 * Expanding and selecting orgs on the matrix (review finding): `constructor` is a valid org id, and
 * a plain object's prototype answered for it, so toggling it did nothing and it counted as selected.
 * Run on the real store slice (its api module is only imported, not called).
 */
import { describe, expect, it, vi } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { createFleetSlice, toggled } from '../../src/renderer/src/store/fleet';
import { entriesOf } from '../../src/renderer/src/features/fleet/fleet-model';
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

describe('the orgs selected on the matrix', () => {
  it('lose an org that leaves the complete fleet, and keep the others (review finding)', async () => {
    const store = createStore<AppState>()((...args) => ({ ...createFleetSlice(...args) }) as AppState);
    const header = { snapshotId: '6f1c1f0e-8a4b-4c51-9a44-2f4f8f3f0b11', profileId: 'p1', env: 'dev' as const, state: 'complete' as const, shardsDone: 1, shardsTotal: 1, pendingPrefixes: [], requests: 1, startedAt: 1 };
    const secret = { domainId: 'shared', secretName: 'openai_api_key', hasValue: true };
    store.setState({
      profiles: { data: { activeId: 'p1' }, loading: false, error: null },
      selectedOrgId: 'acme',
      listedOrgs: null,
      fleet: { header, orgs: entriesOf({ orgs: [{ orgId: 'acme', secrets: [secret] }, { orgId: 'beta', secrets: [secret] }] }), addedOrgs: [], loading: false, error: null },
      matrixSelected: { acme: true, beta: true },
    } as unknown as Partial<AppState>);
    // beta's only secret is deleted (as main says after a forced delete).
    store.getState().receiveFleetProgress({ ...header, orgs: [], removed: [{ orgId: 'beta', domainId: 'shared', secretName: 'openai_api_key' }] });
    await vi.waitFor(() => expect(store.getState().matrixSelected).toEqual({ acme: true }), { timeout: 2_000 });
  });
});
