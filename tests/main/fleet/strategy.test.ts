/**
 * The sharding strategy on a fake backend (ListSecrets over an in-memory list, each answer after
 * 10 ms, pages in creation order unless told otherwise): how many requests and round trips it
 * takes on 1,000-org fleets of three shapes, and that it lists every secret exactly once whatever
 * order the backend pages in. The bench measures the same against the vault over HTTP.
 */
import type { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { fleetSecrets, foreignNames, orgIds, type FleetShape } from '../../../bench/fleet-fixtures';
import { seededRandom } from '../../../bench/latency-proxy';
import { nextCharacters, shardedListing, type FleetRequestTrace, type ShardedListingOptions } from '../../../src/main/fleet/list';

type Order = 'created' | 'name' | 'random';

/** ListSecrets over `names` (listed in creation order), with AWS's prefix filter and 100 to a page. */
function fakeBackend(names: readonly string[], options: { order?: Order; contains?: boolean; repeatToken?: boolean } = {}): SecretsManagerClient {
  const created = new Map(names.map((name, index) => [name, index]));
  const shuffled = [...names].sort((a, b) => seededRandom(a.length * 7919 + (created.get(a) ?? 0))() - seededRandom(b.length * 7919 + (created.get(b) ?? 0))());
  const ordered = options.order === 'name' ? [...names].sort() : options.order === 'random' ? shuffled : names;
  return {
    send: async (command: ListSecretsCommand) => {
      const { Filters, NextToken, MaxResults } = command.input;
      const values = Filters?.[0]?.Values ?? [];
      const matching = ordered.filter((name) => values.some((value) => (options.contains ? name.includes(value.slice(13)) : name.startsWith(value))));
      const start = Number(NextToken ?? 0);
      const size = MaxResults ?? 100;
      await new Promise((resolve) => setTimeout(resolve, 10));
      const more = matching.length > start + size;
      return {
        SecretList: matching.slice(start, start + size).map((Name) => ({ Name, CreatedDate: new Date(1_790_000_000_000 + (created.get(Name) ?? 0) * 1000) })),
        ...(more && { NextToken: options.repeatToken && start > 0 ? String(start) : String(start + size) }),
        $metadata: { attempts: 1 },
      };
    },
  } as unknown as SecretsManagerClient;
}

async function measure(names: readonly string[], client: SecretsManagerClient, options: ShardedListingOptions = {}) {
  const traces: FleetRequestTrace[] = [];
  const counts = new Map<string, number>();
  await shardedListing({ ...options, onRequest: (trace) => traces.push(trace) })({
    client,
    env: 'dev',
    signal: new AbortController().signal,
    onProgress: (progress) => {
      for (const secret of progress.secrets) counts.set(secret.id.secretId, (counts.get(secret.id.secretId) ?? 0) + 1);
    },
  });
  const app = names.filter((name) => name.startsWith('agentfoundry/dev/') && !foreign.has(name));
  expect([...counts.keys()].sort()).toEqual([...app].sort());
  expect([...counts.values()].every((count) => count === 1)).toBe(true);
  return { requests: traces.length, rounds: Math.max(...traces.map((trace) => trace.depth)), minimum: Math.ceil(app.length / 100) };
}

const foreign = new Set(foreignNames(200));
const fleetOf = (shape: FleetShape, orgs = 1000): string[] => [...fleetSecrets('dev', orgIds(shape, orgs), 6, 12).map((secret) => secret.name), ...foreign];

describe('round trips and requests on 1,000 orgs × 6–12 secrets (16 in flight)', () => {
  it('natural org names (first letters as in English: s, c, p common): ≤ 10 round trips', async () => {
    const names = fleetOf('natural');
    const { requests, rounds, minimum } = await measure(names, fakeBackend(names));
    expect(rounds).toBeLessThanOrEqual(10);
    expect(requests).toBeLessThan(minimum * 1.6);
  });

  it('uniformly random org ids: ≤ 10 round trips', async () => {
    const names = fleetOf('uniform');
    const { requests, rounds, minimum } = await measure(names, fakeBackend(names));
    expect(rounds).toBeLessThanOrEqual(10);
    expect(requests).toBeLessThan(minimum * 1.4);
  });

  it('skewed ids (org-0001…org-1000, one first character): far fewer round trips than a scan', async () => {
    const names = fleetOf('skewed');
    const { requests, rounds, minimum } = await measure(names, fakeBackend(names));
    expect(rounds).toBeLessThanOrEqual(16);
    expect(requests).toBeLessThan(minimum * 2.2);
  });

  it('a tiny fleet takes one round trip', async () => {
    const names = fleetOf('natural', 5);
    const { requests, rounds } = await measure(names, fakeBackend(names));
    expect(rounds).toBe(1);
    expect(requests).toBe(16);
  });
});

describe('every secret exactly once, whatever the backend does', () => {
  const names = fleetOf('natural', 300);
  for (const order of ['name', 'random'] as const) {
    it(`pages sorted by ${order} (no size estimate then)`, async () => {
      await measure(names, fakeBackend(names, { order }));
    });
  }

  it('a name filter that matches "contains" instead of a prefix', async () => {
    await measure(names, fakeBackend(names, { contains: true }));
  });

  it('a backend that hands back the same NextToken again stops paging that shard instead of looping', async () => {
    const traces: FleetRequestTrace[] = [];
    await shardedListing({ split: 'never', onRequest: (trace) => traces.push(trace) })({
      client: fakeBackend(names, { repeatToken: true }),
      env: 'dev',
      signal: new AbortController().signal,
      onProgress: () => undefined,
    });
    expect(traces.length).toBeLessThan(100);
  });

  it('with every knob of the bench', async () => {
    for (const options of [{ split: 'never' as const }, { split: 1 }, { split: 3 }, { estimate: false }, { jump: false }, { backoff: false }, { concurrency: 1, firstWave: 1 }, { concurrency: 40 }]) {
      await measure(names, fakeBackend(names), options);
    }
  });
});

describe('nextCharacters: what an app name can have after a prefix', () => {
  const base = 'agentfoundry/dev/';
  it('a segment starts with a letter or digit', () => {
    expect(nextCharacters(base, base)).toBe('0123456789abcdefghijklmnopqrstuvwxyz');
    expect(nextCharacters(`${base}acme/`, base)).toBe('0123456789abcdefghijklmnopqrstuvwxyz');
  });
  it('continues with letters, digits, - and _, and ends (/) only after a letter or digit', () => {
    expect(nextCharacters(`${base}acme`, base)).toBe('-0123456789abcdefghijklmnopqrstuvwxyz_/');
    expect(nextCharacters(`${base}acme-`, base)).toBe('-0123456789abcdefghijklmnopqrstuvwxyz_');
    expect(nextCharacters(`${base}acme/cards`, base)).toContain('/');
  });
  it('is never split where the prefix may itself be a whole secret name', () => {
    expect(nextCharacters(`${base}acme/shared/openai`, base)).toBeNull();
    expect(nextCharacters(`${base}acme/shared/openai_`, base)).toBe('-0123456789abcdefghijklmnopqrstuvwxyz_');
    expect(nextCharacters(`${base}acme/shared/key/x`, base)).toBeNull();
  });
});
