import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareKeys, sortKey, type SortBy } from '../../src/main/vault/list-order';
import { VaultState, type SecretMeta, type SecretRecord } from '../../src/main/vault/model';
import { PAGE_SCAN_BUDGET, listSecrets } from '../../src/main/vault/operations/list-secrets';
import type { OperationContext } from '../../src/main/vault/operation';
import { PageTokens } from '../../src/main/vault/page-tokens';

/**
 * ListSecrets from the indexes, against a plain reference: filter every secret, sort them all,
 * concatenate. The indexes use tiny chunks here (3 secrets), so a few dozen secrets span many
 * chunks, and queries run between changes, so the orders are built early and then maintained.
 */

const NOW = Date.parse('2026-11-24T10:00:00.000Z');
const tokens = new PageTokens(Buffer.alloc(32, 3));
const context = (state: VaultState): OperationContext => ({ state, now: NOW, region: 'us-east-1', accountId: '000000000000', tokens });

interface Query {
  Filters?: { Key: 'name' | 'description'; Values: string[] }[];
  SortBy?: SortBy;
  SortOrder?: 'asc' | 'desc';
  IncludePlannedDeletion?: boolean;
  MaxResults: number;
}

function walk(state: VaultState, query: Query, between?: (page: number) => void): string[] {
  const arns: string[] = [];
  let NextToken: string | undefined;
  let page = 0;
  do {
    between?.(page);
    const { output } = listSecrets(context(state), { ...query, ...(NextToken && { NextToken }) });
    arns.push(...(output.SecretList as { ARN: string }[]).map((secret) => secret.ARN));
    NextToken = output.NextToken as string | undefined;
    page += 1;
  } while (NextToken);
  return arns;
}

function prefixMatch(key: 'name' | 'description', record: SecretRecord, value: string): boolean {
  const negated = value.startsWith('!');
  const term = negated ? value.slice(1) : value;
  const hit = key === 'name' ? record.meta.name.startsWith(term) : (record.meta.description ?? '').toLowerCase().startsWith(term.toLowerCase());
  return negated ? !hit : hit;
}

function reference(state: VaultState, query: Query): string[] {
  const sortBy = query.SortBy ?? 'created-date';
  const direction = query.SortOrder === 'desc' ? -1 : 1;
  return [...state.byArn.values()]
    .filter((record) => query.IncludePlannedDeletion === true || record.meta.deletedAt === undefined)
    .filter((record) => (query.Filters ?? []).every((filter) => filter.Values.some((value) => prefixMatch(filter.Key, record, value))))
    .sort((a, b) => compareKeys(sortKey(a, sortBy), sortKey(b, sortBy)) * direction)
    .map((record) => record.meta.arn);
}

// Names over a few characters that stress prefix runs: shared prefixes, and "-" < "." < "/" next to
// each other in code-unit order. (Filter values are ASCII by AWS's pattern; tests/vault/name-index
// covers non-ASCII names against the index directly.)
const nameArb = fc.array(fc.constantFrom('a', 'b', '/', '-', '.'), { minLength: 1, maxLength: 4 }).map((parts) => parts.join(''));
const prefixArb = fc.array(fc.constantFrom('a', 'b', '/', '-', '.'), { maxLength: 3 }).map((parts) => parts.join(''));
const timeArb = fc.integer({ min: 0, max: 4 }).map((step) => NOW + step * 1000);
const queryArb: fc.Arbitrary<Query> = fc.record(
  {
    Filters: fc.array(
      fc.oneof(
        fc.record({ Key: fc.constant('name' as const), Values: fc.array(fc.tuple(fc.boolean(), prefixArb).map(([not, value]) => (not ? `!${value}` : value)), { minLength: 1, maxLength: 3 }) }),
        fc.record({ Key: fc.constant('description' as const), Values: fc.array(fc.constantFrom('o', 'OL', 'new', '!o'), { minLength: 1, maxLength: 2 }) }),
      ),
      { maxLength: 2 },
    ),
    SortBy: fc.constantFrom<SortBy>('created-date', 'last-accessed-date', 'last-changed-date', 'name'),
    SortOrder: fc.constantFrom('asc' as const, 'desc' as const),
    IncludePlannedDeletion: fc.boolean(),
    MaxResults: fc.integer({ min: 1, max: 7 }),
  },
  { requiredKeys: ['MaxResults'] },
);

type Step =
  | { kind: 'create'; name: string; createdAt: number; description?: string }
  | { kind: 'purge'; pick: number }
  | { kind: 'change'; pick: number; lastChangedAt: number; lastAccessedAt: number | undefined; deletedAt: number | undefined; description?: string }
  | { kind: 'query'; query: Query };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('create' as const), name: nameArb, createdAt: timeArb, description: fc.option(fc.constantFrom('old key', 'New key'), { nil: undefined }) }, { requiredKeys: ['kind', 'name', 'createdAt'] }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('purge' as const), pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record(
      {
        kind: fc.constant('change' as const),
        pick: fc.nat(),
        lastChangedAt: timeArb,
        lastAccessedAt: fc.option(timeArb, { nil: undefined }),
        deletedAt: fc.option(timeArb, { nil: undefined }),
        description: fc.option(fc.constantFrom('old key', 'New key'), { nil: undefined }),
      },
      { requiredKeys: ['kind', 'pick', 'lastChangedAt', 'lastAccessedAt', 'deletedAt'] },
    ),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('query' as const), query: queryArb }) },
);

let serial = 0;
function apply(state: VaultState, step: Exclude<Step, { kind: 'query' }>): void {
  const records = [...state.byArn.values()];
  if (step.kind === 'create') {
    if (state.arnByName.has(step.name)) return;
    serial += 1;
    const meta: SecretMeta = {
      arn: `arn:aws:secretsmanager:us-east-1:000000000000:secret:${step.name}-${String(serial).padStart(6, '0')}`,
      name: step.name,
      createdAt: step.createdAt,
      lastChangedAt: step.createdAt,
      tags: [],
      ...(step.description !== undefined && { description: step.description }),
    };
    state.apply([{ op: 'putSecret', meta }]);
  } else if (records.length > 0) {
    const record = records[step.pick % records.length] as SecretRecord;
    if (step.kind === 'purge') {
      state.apply([{ op: 'purge', arn: record.meta.arn }]);
    } else {
      const { lastAccessedAt: _a, deletedAt: _d, description: _e, ...base } = record.meta;
      const meta: SecretMeta = {
        ...base,
        lastChangedAt: step.lastChangedAt,
        ...(step.lastAccessedAt !== undefined && { lastAccessedAt: step.lastAccessedAt }),
        ...(step.deletedAt !== undefined && { deletedAt: step.deletedAt }),
        ...(step.description !== undefined && { description: step.description }),
      };
      state.apply([{ op: 'putSecret', meta }]);
    }
  }
}

describe('ListSecrets from the indexes equals filtering and sorting every secret', () => {
  it('for any filters, order and page size, after any creates, purges and metadata changes', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 60 }), queryArb, (steps, finalQuery) => {
        const state = new VaultState({ chunkSize: 3 });
        for (const step of steps) {
          if (step.kind === 'query') expect(walk(state, step.query)).toEqual(reference(state, step.query));
          else apply(state, step);
        }
        expect(walk(state, finalQuery)).toEqual(reference(state, finalQuery));
      }),
      { numRuns: 400 },
    );
  });

  it('pages stay valid while secrets are created and purged between them: none twice, none still there missed', () => {
    fc.assert(
      fc.property(
        fc.array(nameArb, { minLength: 5, maxLength: 40 }),
        fc.array(fc.oneof(fc.record({ kind: fc.constant('create' as const), name: nameArb, createdAt: timeArb }), fc.record({ kind: fc.constant('purge' as const), pick: fc.nat() })), { maxLength: 20 }),
        queryArb,
        (names, changes, query) => {
          const state = new VaultState({ chunkSize: 3 });
          for (const name of names) apply(state, { kind: 'create', name, createdAt: NOW + (name.length % 3) * 1000 });
          const before = new Set(reference(state, query));
          const purged = new Set<string>();
          const listed = walk(state, query, (page) => {
            const change = changes[page - 1];
            if (page === 0 || !change) return;
            if (change.kind === 'purge') {
              const records = [...state.byArn.values()];
              const record = records[change.pick % Math.max(1, records.length)];
              if (record) purged.add(record.meta.arn);
            }
            apply(state, change);
          });
          expect(new Set(listed).size).toBe(listed.length);
          for (const arn of before) if (!purged.has(arn)) expect(listed).toContain(arn);
          // Keyset order: what was listed is in the query's order.
          const sortBy = query.SortBy ?? 'created-date';
          const direction = query.SortOrder === 'desc' ? -1 : 1;
          const keyOf = new Map(reference({ byArn: state.byArn } as VaultState, { ...query, Filters: [], IncludePlannedDeletion: true }).map((arn) => [arn, sortKey(state.byArn.get(arn) as SecretRecord, sortBy)]));
          const keys = listed.filter((arn) => keyOf.has(arn)).map((arn) => keyOf.get(arn) as ReturnType<typeof sortKey>);
          for (let index = 1; index < keys.length; index += 1) expect(compareKeys(keys[index - 1] as ReturnType<typeof sortKey>, keys[index] as ReturnType<typeof sortKey>) * direction).toBeLessThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it.each(['last-changed-date', 'last-accessed-date'] as const)('a write moves a secret in a name-filtered listing sorted by %s', (SortBy) => {
    const state = new VaultState({ chunkSize: 4 });
    const names = Array.from({ length: 30 }, (_, index) => `agentfoundry/dev/org${String(index).padStart(2, '0')}/shared/key`);
    for (const name of names) apply(state, { kind: 'create', name, createdAt: NOW });
    const query: Query = { Filters: [{ Key: 'name', Values: ['agentfoundry/dev/'] }], SortBy, MaxResults: 7 };
    expect(walk(state, query)).toEqual(reference(state, query)); // builds and caches the chunks' orders
    const moved = state.byArn.get(state.arnByName.get(names[9] as string) as string) as SecretRecord;
    state.apply([{ op: 'putSecret', meta: { ...moved.meta, lastChangedAt: NOW + 5000, lastAccessedAt: NOW + 5000 } }]);
    const after = walk(state, query);
    expect(after).toEqual(reference(state, query));
    expect(after.at(-1)).toBe(moved.meta.arn);
  });

  it('a filter the indexes cannot answer reads at most a budget per page, then hands back a NextToken', () => {
    const state = new VaultState();
    const count = 2 * PAGE_SCAN_BUDGET + 10;
    state.apply(
      Array.from({ length: count }, (_, index) => ({
        op: 'putSecret' as const,
        meta: { arn: `arn:aws:secretsmanager:us-east-1:000000000000:secret:s${index}-abcdef`, name: `s${index}`, createdAt: NOW + index, lastChangedAt: NOW, tags: [], ...(index >= count - 3 && { description: 'needle' }) },
      })),
    );
    const query: Query = { Filters: [{ Key: 'description', Values: ['needle'] }], MaxResults: 100 };
    const first = listSecrets(context(state), query).output;
    // The first page passed over a budget of haystack and found nothing yet: an empty page with a token (as AWS may answer).
    expect(first.SecretList).toEqual([]);
    expect(first.NextToken).toBeTypeOf('string');
    expect(walk(state, query)).toEqual(reference(state, query));
    expect(walk(state, query)).toHaveLength(3);
  });
});
