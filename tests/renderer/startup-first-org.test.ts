/**
 * The first org's secrets are on the way with the other start-up reads. The window opens on the
 * first org of the list, and that is the same org from one start to the next: its id (an id, never
 * a value) is remembered in the window's storage, and on the next start its secrets are asked for
 * at once instead of only once the org list has come back — while the app is still being
 * evaluated, that answer used to wait for the page's main thread (70 ms on a quiet 2-core machine,
 * 300 ms on a busy one) before the request could even leave.
 *
 * In Node with a recording bridge and storage: startup-reads.ts sends its reads when imported.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

type Call = { channel: string; input: unknown };

/** A bridge whose answers the test releases; records every call in order. */
function fakeBridge() {
  const calls: Call[] = [];
  let answerOrgs: (orgIds: string[]) => void = () => undefined;
  const orgs = new Promise<unknown>((resolve) => {
    answerOrgs = (orgIds) => resolve({ ok: true, value: { env: 'dev', orgs: orgIds.map((orgId) => ({ orgId, domains: ['shared'], secretCount: 1, added: false })) } });
  });
  const bridge = new Proxy({} as Record<string, (input: unknown) => Promise<unknown>>, {
    get: (_target, channel: string) => (input: unknown) => {
      calls.push({ channel, input });
      return channel === 'listOrgs' ? orgs : Promise.resolve({ ok: true, value: { channel } });
    },
  });
  return { bridge, calls, answerOrgs };
}

function fakeStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, String(value)),
    removeItem: (key: string) => void items.delete(key),
  };
}

async function start(storage: ReturnType<typeof fakeStorage>) {
  const fake = fakeBridge();
  vi.resetModules();
  vi.stubGlobal('window', { foundry: fake.bridge });
  vi.stubGlobal('localStorage', storage);
  const module = await import('../../src/renderer/src/startup-reads');
  return { ...fake, module };
}

const secretsCalls = (calls: Call[]) => calls.filter((call) => call.channel === 'listSecretStatus').map((call) => call.input);
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the first org’s secrets at start', () => {
  it('are asked for with the other reads when the first org is remembered, before the org list is back', async () => {
    const { calls, answerOrgs, module } = await start(fakeStorage({ 'foundry.firstOrgId': 'acme' }));
    await settle();
    expect(secretsCalls(calls)).toEqual([{ orgId: 'acme', domainId: 'shared' }]);
    answerOrgs(['acme', 'globex']);
    await settle();
    // The guess was right: no second request; the store's first call gets that answer.
    expect(secretsCalls(calls)).toHaveLength(1);
    expect(module.takeStartupAnswer('listSecretStatus', { orgId: 'acme', domainId: 'shared' })).toBeDefined();
  });

  it('remembers the first org of the list for the next start', async () => {
    const storage = fakeStorage();
    const { calls, answerOrgs } = await start(storage);
    await settle();
    expect(secretsCalls(calls)).toEqual([]);
    answerOrgs(['acme', 'globex']);
    await settle();
    expect(secretsCalls(calls)).toEqual([{ orgId: 'acme', domainId: 'shared' }]);
    expect(storage.items.get('foundry.firstOrgId')).toBe('acme');
  });

  it('asks for the right org too when the remembered one is no longer first, and the store gets the right answer', async () => {
    const storage = fakeStorage({ 'foundry.firstOrgId': 'gone' });
    const { calls, answerOrgs, module } = await start(storage);
    answerOrgs(['acme']);
    await settle();
    expect(secretsCalls(calls)).toEqual([
      { orgId: 'gone', domainId: 'shared' },
      { orgId: 'acme', domainId: 'shared' },
    ]);
    expect(storage.items.get('foundry.firstOrgId')).toBe('acme');
    expect(module.takeStartupAnswer('listSecretStatus', { orgId: 'acme', domainId: 'shared' })).toBeDefined();
  });

  it('sends nothing for a remembered id that is not an org id (storage edited by hand)', async () => {
    const { calls } = await start(fakeStorage({ 'foundry.firstOrgId': '../../etc' }));
    await settle();
    expect(secretsCalls(calls)).toEqual([]);
  });

  it('starts as before without storage (it may be unavailable)', async () => {
    const fake = fakeBridge();
    vi.resetModules();
    vi.stubGlobal('window', { foundry: fake.bridge });
    vi.stubGlobal('localStorage', {
      getItem: () => {
        throw new Error('storage is disabled');
      },
      setItem: () => {
        throw new Error('storage is disabled');
      },
    });
    await import('../../src/renderer/src/startup-reads');
    fake.answerOrgs(['acme']);
    await settle();
    expect(secretsCalls(fake.calls)).toEqual([{ orgId: 'acme', domainId: 'shared' }]);
  });
});
