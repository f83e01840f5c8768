import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretsEngine } from '../../src/main/vault/engine';
import { VaultState, type Op, type SecretMeta, type SecretRecord } from '../../src/main/vault/model';
import { listSecrets } from '../../src/main/vault/operations/list-secrets';
import type { OperationContext } from '../../src/main/vault/operation';
import { PageTokens } from '../../src/main/vault/page-tokens';
import { VaultStore } from '../../src/main/vault/store';
import { tempDir } from './helpers';

/**
 * The vault at scale, asserted by work done rather than by time: how many distinct secrets a
 * request reads. Every index or scan must read a secret's `meta` to place or filter it, so each
 * record's `meta` is watched. A full scan reads every secret on every request; the indexes read
 * about a page's worth plus a logarithmic number of neighbours.
 */

const NOW = Date.parse('2026-11-24T10:00:00.000Z');
const DAY = 86_400_000;
const ACCOUNT = '000000000000';

function meta(name: string, extra: Partial<SecretMeta> = {}): SecretMeta {
  return { arn: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:${name}-${randomUUID().slice(0, 6)}`, name, createdAt: NOW, lastChangedAt: NOW, tags: [], ...extra };
}

function context(state: VaultState, now = NOW): OperationContext {
  return { state, now, region: 'us-east-1', accountId: ACCOUNT, tokens: new PageTokens(Buffer.alloc(32, 7)) };
}

/** Org-style names, created one second apart in an order unrelated to their names. */
function fleet(count: number): SecretMeta[] {
  return Array.from({ length: count }, (_, index) => {
    const org = (index * 7919) % count; // a permutation: name order ≠ creation order
    return meta(`agentfoundry/${org % 3 === 0 ? 'prod' : 'dev'}/org${String(org).padStart(5, '0')}/shared/key`, { createdAt: NOW - (count - index) * 1000 });
  });
}

/** Counts the distinct secrets whose metadata is read, from now on. */
function watchReads(state: VaultState): Set<SecretRecord> {
  const read = new Set<SecretRecord>();
  for (const record of state.byArn.values()) {
    let current = record.meta;
    Object.defineProperty(record, 'meta', {
      configurable: true,
      enumerable: true,
      get: () => {
        read.add(record);
        return current;
      },
      set: (next: SecretMeta) => {
        current = next;
      },
    });
  }
  return read;
}

/** Walks a listing page by page, recording how many distinct secrets each page read. */
function walk(state: VaultState, input: Record<string, unknown>, read: Set<SecretRecord>, between?: (page: number) => void) {
  const names: string[] = [];
  const readPerPage: number[] = [];
  let NextToken: string | undefined;
  let page = 0;
  do {
    between?.(page);
    read.clear();
    const { output } = listSecrets(context(state), { ...input, ...(NextToken && { NextToken }) });
    readPerPage.push(read.size);
    names.push(...(output.SecretList as { Name: string }[]).map((secret) => secret.Name));
    NextToken = output.NextToken as string | undefined;
    page += 1;
  } while (NextToken);
  return { names, readPerPage };
}

describe('vault at scale: work per request does not grow with the vault', () => {
  const COUNT = 5000;

  it('a full ListSecrets walk reads about one page of secrets per page, not the whole vault each time', () => {
    const state = new VaultState();
    state.apply(fleet(COUNT).map((m): Op => ({ op: 'putSecret', meta: m })));
    const read = watchReads(state);
    const { names, readPerPage } = walk(state, { MaxResults: 100 }, read);
    expect(names).toHaveLength(COUNT);
    expect(new Set(names).size).toBe(COUNT);
    // The first page builds the order (one sort); every later page reads its 100 plus a binary search.
    const later = readPerPage.slice(1);
    expect(Math.max(...later)).toBeLessThanOrEqual(100 + 40);
  });

  it("the fleet's env-prefix walk (name filter, creation order) reads about one page per page", () => {
    const state = new VaultState();
    state.apply(fleet(COUNT).map((m): Op => ({ op: 'putSecret', meta: m })));
    const read = watchReads(state);
    const input = { Filters: [{ Key: 'name', Values: ['agentfoundry/dev/'] }], IncludePlannedDeletion: true, SortOrder: 'asc', MaxResults: 100 };
    const { names, readPerPage } = walk(state, input, read);
    const expected = [...state.byArn.values()].filter((record) => record.meta.name.startsWith('agentfoundry/dev/'));
    expect(names).toHaveLength(expected.length);
    // The ~3,300 names in the range span 7–8 chunks of the name order, whose runs are merged: each
    // page reads its 100, plus each run's head and binary search (≤ 10 runs × log2 512 + slack).
    expect(Math.max(...readPerPage.slice(1))).toBeLessThanOrEqual(100 + 10 * 12 + 40);
  });

  it('a secret created or purged between pages does not make the next page re-sort the vault', () => {
    const state = new VaultState();
    state.apply(fleet(COUNT).map((m): Op => ({ op: 'putSecret', meta: m })));
    const read = watchReads(state);
    const doomed = [...state.byArn.values()].filter((record) => record.meta.name.startsWith('agentfoundry/dev/org00'))[0] as SecretRecord;
    const input = { Filters: [{ Key: 'name', Values: ['agentfoundry/dev/'] }], SortBy: 'name', MaxResults: 100 };
    const { readPerPage } = walk(state, input, read, (page) => {
      if (page === 3) state.apply([{ op: 'putSecret', meta: meta(`agentfoundry/dev/late${page}/shared/key`, { createdAt: NOW + page }) }]);
      if (page === 5) state.apply([{ op: 'purge', arn: doomed.meta.arn }]);
    });
    // The create and the purge each cost a binary search and one chunk; the next page reads its own.
    expect(Math.max(...readPerPage.slice(1))).toBeLessThanOrEqual(100 + 60);
  });

  describe('the purge check before each request', () => {
    let store: VaultStore;
    let state: VaultState;

    beforeAll(async () => {
      ({ store, state } = await VaultStore.open(await tempDir(), Buffer.alloc(32, 9)));
    });
    afterAll(async () => {
      await store.close();
    });

    it('reads the earliest deadline, not every secret scheduled for deletion', async () => {
      // Thousands of secrets waiting out a recovery window (set up directly: the journal is not what is measured).
      state.apply(fleet(3000).map((m, index): Op => ({ op: 'putSecret', meta: index % 2 === 0 ? { ...m, deletedAt: NOW + ((index % 29) + 1) * DAY } : m })));
      const engine = new SecretsEngine(state, store, { region: 'us-east-1', accountId: ACCOUNT, clock: () => new Date(NOW), tokens: new PageTokens(Buffer.alloc(32, 7)) });
      const target = [...state.byArn.values()].find((record) => record.meta.deletedAt === undefined) as SecretRecord;
      const read = watchReads(state);
      await engine.execute('PutSecretValue', { SecretId: target.meta.arn, SecretString: 'sk-rotated', ClientRequestToken: randomUUID() });
      read.delete(target);
      expect(read.size).toBeLessThanOrEqual(5);

      // And when deadlines pass, exactly the due ones are purged, earliest first, the rest kept.
      const dueBy = NOW + 3 * DAY;
      const due = [...state.byArn.values()].filter((record) => record.meta.deletedAt !== undefined && record.meta.deletedAt <= dueBy).length;
      const before = state.size;
      const later = new SecretsEngine(state, store, { region: 'us-east-1', accountId: ACCOUNT, clock: () => new Date(dueBy), tokens: new PageTokens(Buffer.alloc(32, 7)) });
      await later.execute('DescribeSecret', { SecretId: target.meta.arn });
      expect(due).toBeGreaterThan(0);
      expect(state.size).toBe(before - due);
      expect([...state.byArn.values()].every((record) => record.meta.deletedAt === undefined || record.meta.deletedAt > dueBy)).toBe(true);
    });
  });

  it('a snapshot holds one op per secret (its ARN written once), so opening parses less', () => {
    const state = new VaultState();
    const metas = fleet(50);
    state.apply(metas.flatMap((m): Op[] => [
      { op: 'putSecret', meta: m },
      { op: 'putVersion', arn: m.arn, version: { id: randomUUID(), createdAt: NOW, stages: ['AWSCURRENT'], value: { kind: 'string', text: 'sk-a' } } },
      { op: 'putVersion', arn: m.arn, version: { id: randomUUID(), createdAt: NOW + 1, stages: ['AWSPREVIOUS'], value: { kind: 'string', text: 'sk-b' } } },
    ]));
    const ops = [...state.toOps()];
    expect(ops).toHaveLength(50);
    // The snapshot's ops rebuild the same state.
    const reopened = new VaultState();
    reopened.apply(ops);
    for (const record of state.byArn.values()) {
      const again = reopened.byArn.get(record.meta.arn) as SecretRecord;
      expect(again.meta).toEqual(record.meta);
      expect([...again.versions.values()]).toEqual([...record.versions.values()]);
    }
  });
});
