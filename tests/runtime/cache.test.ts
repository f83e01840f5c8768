/**
 * The reader's cache on its own (src/runtime/cache.ts), with a clock the tests move:
 *  - its size stays bounded however many distinct ids are read (org ids come from requests):
 *    expired entries are swept as new ones arrive, and a cap evicts the oldest when all are live;
 *  - invalidation is scoped: invalidating one org drops that org's answers in flight, not another's.
 */
import { describe, expect, it } from 'vitest';
import { MAX_CACHE_ENTRIES, OutcomeCache, type SecretOutcome } from '../../src/runtime/cache';

const MISS: SecretOutcome = { kind: 'missing' };
const id = (org: string, name = 'openai_api_key'): string => `agentfoundry/dev/${org}/shared/${name}`;
const prefix = (org: string): string => `agentfoundry/dev/${org}/`;

/** A load that resolves when the test says so. */
function deferred(): { load: () => Promise<SecretOutcome>; answer: (outcome: SecretOutcome) => void } {
  let answer: (outcome: SecretOutcome) => void = () => undefined;
  const promise = new Promise<SecretOutcome>((resolve) => {
    answer = resolve;
  });
  return { load: () => promise, answer };
}

describe('the cache stays bounded', () => {
  it('200,000 distinct misses, 1 ms apart (30 s miss TTL): expired entries are swept as new ones come in', async () => {
    let now = 0;
    const cache = new OutcomeCache({ valueMs: 300_000, missMs: 30_000 }, () => now);
    let largest = 0;
    for (let n = 0; n < 200_000; n++) {
      await cache.get(id(`org-${n}`), async () => MISS);
      now += 1;
      largest = Math.max(largest, cache.size);
    }
    // At most 30,000 are live at any time; expired ones linger at most about as many again.
    expect(largest).toBeLessThanOrEqual(2 * 30_000 + 2_048);
    expect(cache.size).toBeLessThanOrEqual(2 * 30_000 + 2_048);
    // The cache still answers from memory what is live.
    let loads = 0;
    await cache.get(id('org-199999'), async () => (loads++, MISS));
    expect(loads).toBe(0);
  });

  it(`with every entry still live, the size is capped (${MAX_CACHE_ENTRIES} entries) and the oldest go first`, () => {
    const now = 0;
    const cache = new OutcomeCache({ valueMs: 300_000, missMs: 300_000 }, () => now);
    const total = MAX_CACHE_ENTRIES + 10_000;
    for (let n = 0; n < total; n++) cache.set(id(`org-${n}`), { kind: 'value', value: `v${n}` });
    expect(cache.size).toBe(MAX_CACHE_ENTRIES);
    expect(cache.peek(id('org-0'))).toBeUndefined();
    expect(cache.peek(id('org-9999'))).toBeUndefined();
    expect(cache.peek(id('org-10000'))).toEqual({ kind: 'value', value: 'v10000' });
    expect(cache.peek(id(`org-${total - 1}`))).toEqual({ kind: 'value', value: `v${total - 1}` });
  });

  it('a cache that went quiet gives its memory back: the first write after the TTL has passed sweeps what expired', async () => {
    let now = 0;
    const cache = new OutcomeCache({ valueMs: 300_000, missMs: 30_000 }, () => now);
    for (let n = 0; n < 20_000; n++) await cache.get(id(`org-${n}`), async () => MISS);
    expect(cache.size).toBeGreaterThan(10_000);
    now += 24 * 3_600_000; // a day later, every entry long expired
    await cache.get(id('acme'), async () => MISS);
    expect(cache.size).toBe(1);
  });

  it('a key written again counts as new (it is not the next one evicted)', () => {
    const cache = new OutcomeCache({ valueMs: 300_000, missMs: 300_000 }, () => 0);
    for (let n = 0; n < MAX_CACHE_ENTRIES; n++) cache.set(id(`org-${n}`), MISS);
    cache.set(id('org-0'), { kind: 'value', value: 'rewritten' });
    cache.set(id('one-more'), MISS);
    expect(cache.size).toBe(MAX_CACHE_ENTRIES);
    expect(cache.peek(id('org-0'))).toEqual({ kind: 'value', value: 'rewritten' });
    expect(cache.peek(id('org-1'))).toBeUndefined();
  });
});

describe('invalidation is scoped', () => {
  it("invalidating another org keeps this org's answer in flight", async () => {
    const cache = new OutcomeCache({ valueMs: 60_000, missMs: 30_000 }, () => 0);
    const pending = deferred();
    const read = cache.get(id('acme'), pending.load);
    cache.invalidate(prefix('globex'));
    pending.answer({ kind: 'value', value: 'acme-value' });
    expect(await read).toEqual({ kind: 'value', value: 'acme-value' });
    expect(cache.peek(id('acme'))).toEqual({ kind: 'value', value: 'acme-value' });
  });

  it("invalidating an org (or everything) drops that org's answer in flight, and a new read does not join it", async () => {
    for (const scope of [prefix('acme'), undefined]) {
      const cache = new OutcomeCache({ valueMs: 60_000, missMs: 30_000 }, () => 0);
      const stale = deferred();
      const read = cache.get(id('acme'), stale.load);
      cache.invalidate(scope);
      let loads = 0;
      const fresh = cache.get(id('acme'), async () => (loads++, { kind: 'value', value: 'fresh' }));
      stale.answer({ kind: 'value', value: 'stale' });
      expect(await read).toEqual({ kind: 'value', value: 'stale' });
      expect(await fresh).toEqual({ kind: 'value', value: 'fresh' });
      expect(loads).toBe(1);
      expect(cache.peek(id('acme'))).toEqual({ kind: 'value', value: 'fresh' });
    }
  });

  it('an org whose id starts like another is its own scope (acme is not acme-corp)', async () => {
    const cache = new OutcomeCache({ valueMs: 60_000, missMs: 30_000 }, () => 0);
    const pending = deferred();
    const read = cache.get(id('acme-corp'), pending.load);
    cache.invalidate(prefix('acme'));
    pending.answer(MISS);
    await read;
    expect(cache.peek(id('acme-corp'))).toEqual(MISS);
  });
});
