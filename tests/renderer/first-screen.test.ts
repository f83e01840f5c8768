/**
 * The window's first render waits for the start-up data (a bounded wait), so it renders once with
 * the org list and the first org's secrets instead of an empty shell that is redrawn for each
 * answer. These are the rules of that wait, on a real zustand store.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { FIRST_RENDER_WAIT_MS, firstScreenReady, whenFirstScreenReady, type FirstScreenState } from '../../src/renderer/src/first-screen';
import type { ProfileList } from '../../src/shared/contract';

const PROFILES: ProfileList = {
  profiles: [{ kind: 'embedded', id: 'default', name: 'Built-in vault', env: 'dev', readOnly: false }],
  activeId: 'default',
  awsProfiles: [],
  warnings: [],
  defaults: { localstackEndpoint: 'http://localhost:4566', region: 'us-east-1' },
};
const FAILED = { code: 'UNREACHABLE', message: 'The backend did not answer.' } as const;
const loading = { data: null, loading: true, error: null };

const starting = (): FirstScreenState => ({
  view: 'secrets',
  profiles: loading,
  catalog: loading,
  orgs: loading,
  selectedOrgId: null,
  secrets: { ...loading, key: null },
});
/** Everything answered: one org, selected, with its secrets listed. */
const answered = (): FirstScreenState => ({
  view: 'secrets',
  profiles: { data: PROFILES, loading: false, error: null },
  catalog: { data: { categories: [] }, loading: false, error: null },
  orgs: { data: { env: 'dev', orgs: [{ orgId: 'acme', domains: ['shared'], secretCount: 1, added: false }] }, loading: false, error: null },
  selectedOrgId: 'acme',
  secrets: { data: { env: 'dev', orgId: 'acme', domainId: 'shared', domains: ['shared'], secrets: [] }, loading: false, error: null, key: 'default|acme|shared' },
});

afterEach(() => {
  vi.useRealTimers();
});

describe('when the first screen is ready', () => {
  it('waits for the profiles, the catalog, the org list and the selected org’s secrets', () => {
    expect(firstScreenReady(starting())).toBe(false);
    const all = answered();
    expect(firstScreenReady(all)).toBe(true);
    expect(firstScreenReady({ ...all, catalog: loading })).toBe(false);
    expect(firstScreenReady({ ...all, orgs: loading })).toBe(false);
    expect(firstScreenReady({ ...all, secrets: { ...loading, key: 'default|acme|shared' } })).toBe(false);
  });

  it('waits for the first org’s secrets only when the first screen shows them (the matrix home does not)', () => {
    const stillListing = { ...answered(), secrets: { ...loading, key: 'default|acme|shared' } };
    expect(firstScreenReady(stillListing)).toBe(false);
    expect(firstScreenReady({ ...stillListing, view: 'fleet' })).toBe(true);
    expect(firstScreenReady({ ...stillListing, view: 'fleet', orgs: loading })).toBe(false);
    expect(firstScreenReady({ ...stillListing, view: 'fleet', catalog: loading })).toBe(false);
  });

  it('does not wait for what will never come: a failure, no active profile, no org', () => {
    expect(firstScreenReady({ ...starting(), profiles: { data: null, loading: false, error: FAILED } })).toBe(true);
    const all = answered();
    expect(firstScreenReady({ ...all, profiles: { data: { ...PROFILES, activeId: 'gone' }, loading: false, error: null }, catalog: loading, orgs: loading })).toBe(true);
    expect(firstScreenReady({ ...all, orgs: { data: null, loading: false, error: FAILED }, selectedOrgId: null, secrets: { ...loading, key: null } })).toBe(true);
    expect(firstScreenReady({ ...all, orgs: { data: { env: 'dev', orgs: [] }, loading: false, error: null }, selectedOrgId: null, secrets: { ...loading, key: null } })).toBe(true);
    expect(firstScreenReady({ ...all, secrets: { data: null, loading: false, error: FAILED, key: 'default|acme|shared' } })).toBe(true);
  });

  it('resolves as soon as the store becomes ready, not at the end of the wait', async () => {
    vi.useFakeTimers();
    const store = createStore<FirstScreenState>()(starting);
    let done = false;
    const waiting = whenFirstScreenReady(store).then(() => {
      done = true;
    });
    store.setState({ profiles: answered().profiles });
    await vi.advanceTimersByTimeAsync(10);
    expect(done).toBe(false);
    store.setState(answered());
    await vi.advanceTimersByTimeAsync(0);
    expect(done).toBe(true);
    await waiting;
  });

  it('gives up after the bounded wait: a slow backend gets its loading screens', async () => {
    vi.useFakeTimers();
    const store = createStore<FirstScreenState>()(starting);
    let done = false;
    void whenFirstScreenReady(store).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(FIRST_RENDER_WAIT_MS - 1);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
    expect(FIRST_RENDER_WAIT_MS).toBeLessThanOrEqual(300);
  });

  it('resolves at once when the data is already in', async () => {
    const store = createStore<FirstScreenState>()(answered);
    await expect(whenFirstScreenReady(store, 60_000)).resolves.toBeUndefined();
  });
});
