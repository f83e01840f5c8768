/**
 * The sharded fleet listing against the real vault through the real SDK, in process and over HTTP
 * through the latency proxy: every app secret of the env exactly once, foreign names never; a
 * skewed fleet; throttling absorbed by the SDK's retries; cancel; a refused listing.
 */
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { beforeAll, describe, expect, it } from 'vitest';
import { deny, throttle } from '../../../bench/latency-proxy';
import { listFleet, listFleetSequentially, shardedListing, type FleetRequestTrace } from '../../../src/main/fleet/list';
import { inProcess, listAll, proxied, seededFleet, type SeededFleet } from './helpers';

/** The client, counting the requests the listing starts. */
function countingSends(client: SecretsManagerClient): { client: SecretsManagerClient; sends: () => number } {
  let sends = 0;
  const counted = { send: (...args: Parameters<SecretsManagerClient['send']>) => ((sends += 1), client.send(...args)) } as unknown as SecretsManagerClient;
  return { client: counted, sends: () => sends };
}

function expectEachOnce(counts: ReadonlyMap<string, number>, fleet: SeededFleet): void {
  const expected = fleet.secrets.map((secret) => secret.name).sort();
  expect([...counts.keys()].sort()).toEqual(expected);
  expect([...counts.values()].every((count) => count === 1)).toBe(true);
  for (const name of fleet.foreign) expect(counts.has(name)).toBe(false);
}

describe('a natural fleet of 400 orgs (3,000+ secrets) and foreign names', () => {
  let fleet: SeededFleet;
  beforeAll(async () => {
    fleet = await seededFleet('natural', 400, { min: 6, max: 12, foreign: 150 });
    expect(fleet.secrets.length).toBeGreaterThan(3000);
  });

  it('in process: every app secret exactly once, no foreign name, fewer round trips than a scan', async () => {
    const traces: FleetRequestTrace[] = [];
    const { counts, reports } = await listAll(shardedListing({ onRequest: (trace) => traces.push(trace) }), inProcess(fleet.vault));
    expectEachOnce(counts, fleet);
    const rounds = Math.max(...traces.map((trace) => trace.depth));
    const last = reports.at(-1);
    expect(last?.requests).toBe(traces.length);
    expect(last?.shardsDone).toBe(last?.shardsTotal);
    // The scan needs one request per 100 names, one after the other.
    const scan = Math.ceil((fleet.secrets.length + 150) / 100);
    expect(rounds).toBeLessThan(scan / 2);
    // Overlap between shards costs requests, but not many.
    expect(traces.length).toBeLessThan(scan * 2);
  });

  it('over HTTP through the proxy: the same, and no more than 16 requests in flight', async () => {
    const { proxy, client } = await proxied(fleet.vault, { delayMs: 5 });
    const { counts } = await listAll(listFleet, client);
    expectEachOnce(counts, fleet);
    expect(proxy.maxInFlight).toBeLessThanOrEqual(16);
    expect(proxy.maxInFlight).toBeGreaterThan(1);
    expect(proxy.log.every((entry) => entry.operation === 'ListSecrets')).toBe(true);
  });

  it('the sequential scan (the baseline) lists the same set', async () => {
    const { counts } = await listAll(listFleetSequentially, inProcess(fleet.vault));
    expectEachOnce(counts, fleet);
  });

  it('each strategy of the bench lists the same set', async () => {
    const client = inProcess(fleet.vault);
    for (const options of [{ split: 'never' as const }, { split: 1 }, { split: 2 }, { estimate: false }, { jump: false }, { concurrency: 3, firstWave: 36 }]) {
      const { counts } = await listAll(shardedListing(options), client);
      expectEachOnce(counts, fleet);
    }
  });

  it('reports the first page as soon as it returns, before the first wave is over', async () => {
    const { client } = await proxied(fleet.vault, { delayMs: 20 });
    const { reports } = await listAll(listFleet, client);
    const first = reports.find((report) => report.secrets.length > 0);
    // Sent after one answer: the first wave's 16 requests were all sent, none had been answered twice.
    expect(first?.requests).toBeLessThanOrEqual(16);
    expect(reports.indexOf(first as (typeof reports)[number])).toBeLessThan(3);
  });

  it('absorbs throttling: 30% of ListSecrets refused with ThrottlingException, retried by the SDK, no error', async () => {
    const { proxy, client } = await proxied(fleet.vault, { delayMs: 2, intercept: throttle(0.3, { seed: 42 }) });
    const traces: FleetRequestTrace[] = [];
    const { counts } = await listAll(shardedListing({ onRequest: (trace) => traces.push(trace) }), client);
    expectEachOnce(counts, fleet);
    expect(proxy.intercepted('ThrottlingException')).toBeGreaterThan(0);
    const retries = traces.reduce((sum, trace) => sum + trace.attempts - 1, 0);
    expect(retries).toBe(proxy.intercepted('ThrottlingException'));
    expect(traces.every((trace) => trace.next !== 'failed')).toBe(true);
  }, 120_000);

  it('cancel: the signal stops the requests in flight, and none start after the listing settles', async () => {
    const { proxy, client } = await proxied(fleet.vault, { delayMs: 80 });
    const counted = countingSends(client);
    const controller = new AbortController();
    const done = listAll(listFleet, counted.client, controller.signal).then(() => 'settled');
    // Cancel mid-build: once the first answers are in and a request is on its way (on a loaded
    // machine the next requests may not have left yet when the second answer lands).
    const started = Date.now();
    const midBuild = (): boolean =>
      proxy.log.filter((entry) => entry.endedAt !== undefined).length >= 2 && proxy.log.some((entry) => entry.endedAt === undefined);
    while (!midBuild() && Date.now() - started < 10_000) await new Promise((resolve) => setTimeout(resolve, 2));
    controller.abort();
    expect(await done).toBe('settled');
    const sends = counted.sends();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(counted.sends()).toBe(sends);
    // Far fewer than a full listing, and the requests still in flight were dropped by the client.
    expect(sends).toBeLessThan(40);
    expect(proxy.count()).toBeLessThanOrEqual(sends);
    expect(proxy.log.some((entry) => entry.aborted)).toBe(true);
  });

  it('a refused ListSecrets fails the listing with the SDK error, and stops the other requests', async () => {
    const { proxy, client } = await proxied(fleet.vault, { delayMs: 5, intercept: deny('ListSecrets', { allowFirst: 20 }) });
    const counted = countingSends(client);
    const failure = await listAll(listFleet, counted.client).catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'AccessDeniedException' });
    const sends = counted.sends();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(counted.sends()).toBe(sends);
    expect(proxy.count()).toBeLessThanOrEqual(sends);
  });
});

describe('a skewed fleet: 500 orgs all named org-NNNN', () => {
  let fleet: SeededFleet;
  beforeAll(async () => {
    fleet = await seededFleet('skewed', 500, { min: 6, max: 9 });
  });

  it('lists every secret exactly once, splitting the one busy prefix instead of paging it end to end', async () => {
    const traces: FleetRequestTrace[] = [];
    const { counts } = await listAll(shardedListing({ onRequest: (trace) => traces.push(trace) }), inProcess(fleet.vault));
    expectEachOnce(counts, fleet);
    const pages = Math.ceil((fleet.secrets.length + 120) / 100);
    expect(Math.max(...traces.map((trace) => trace.depth))).toBeLessThan(pages / 2);
    // It went straight to the prefix every name shares.
    expect(traces.some((trace) => trace.prefixes.includes('agentfoundry/dev/org-0'))).toBe(true);
  });

  it('still lists every secret exactly once when every creation date is the same (no size estimate)', async () => {
    const frozen = await seededFleet('skewed', 150, { min: 6, max: 9, foreign: 20, clock: () => new Date('2026-01-01T00:00:00Z') });
    const traces: FleetRequestTrace[] = [];
    const { counts } = await listAll(shardedListing({ onRequest: (trace) => traces.push(trace) }), inProcess(frozen.vault));
    expectEachOnce(counts, frozen);
    expect(Math.max(...traces.map((trace) => trace.depth))).toBeLessThan(Math.ceil(frozen.secrets.length / 100));
  });
});
