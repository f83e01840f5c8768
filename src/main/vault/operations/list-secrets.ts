import { z } from 'zod';
import { ORDERS, SORT_BY, compareToKey, sortKey, type SortBy, type SortKey } from '../list-order';
import { mergeRuns, type VersusCursor } from '../merge-runs';
import type { SecretRecord, VaultState } from '../model';
import type { RankRange } from '../name-index';
import type { OrderedSet } from '../ordered-set';
import type { Operation } from '../operation';
import { FILTER_VALUE_PATTERN, maxResultsSchema, nextTokenSchema, parseInput } from '../validation';
import { withJsonBytes } from '../serialised';
import { listPageBody } from '../list-entry';

const FILTER_KEYS = ['description', 'name', 'tag-key', 'tag-value', 'primary-region', 'owning-service', 'all'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

/** ListSecrets' `Filters`; BatchGetSecretValue takes the same shape. */
export const filtersSchema = z
  .array(z.object({ Key: z.enum(FILTER_KEYS), Values: z.array(z.string().max(512).regex(FILTER_VALUE_PATTERN)).min(1).max(10) }))
  .max(10);

const schema = z.object({
  MaxResults: maxResultsSchema.optional(),
  NextToken: nextTokenSchema.optional(),
  Filters: filtersSchema.optional(),
  SortOrder: z.enum(['asc', 'desc']).optional(),
  SortBy: z.enum(SORT_BY).optional(),
  IncludePlannedDeletion: z.boolean().optional(),
});

/** Words of an attribute, for the `all` filter: "agentfoundry/dev/acme" → agentfoundry, dev, acme. */
function words(text: string): string[] {
  const lower = text.toLowerCase();
  return [lower, ...lower.split(/[^a-z0-9]+/).filter(Boolean)];
}

/** AWS filter semantics: prefix matches; name and tags case-sensitive; description and `all` not. */
function matchesOne(key: FilterKey, secret: SecretRecord, term: string): boolean {
  const { meta } = secret;
  switch (key) {
    case 'name':
      return meta.name.startsWith(term);
    case 'description':
      return (meta.description ?? '').toLowerCase().startsWith(term.toLowerCase());
    case 'tag-key':
      return meta.tags.some((tag) => tag.Key.startsWith(term));
    case 'tag-value':
      return meta.tags.some((tag) => tag.Value.startsWith(term));
    case 'primary-region':
    case 'owning-service':
      return false; // the vault neither replicates nor has managed secrets
    case 'all': {
      const attributes = [meta.name, meta.description ?? '', ...meta.tags.flatMap((tag) => [tag.Key, tag.Value])].flatMap(words);
      return term
        .toLowerCase()
        .split(/\s+/)
        .filter(Boolean)
        .every((word) => attributes.some((attribute) => attribute.startsWith(word)));
    }
  }
}

function matchesValue(key: FilterKey, secret: SecretRecord, value: string): boolean {
  // "!" negates a value.
  return value.startsWith('!') ? !matchesOne(key, secret, value.slice(1)) : matchesOne(key, secret, value);
}

export type Filters = readonly { Key: FilterKey; Values: readonly string[] }[];

/**
 * Records a page may pass over without returning them (a filter the indexes cannot answer, or
 * secrets scheduled for deletion) before it ends early with a NextToken: AWS may answer a page with
 * fewer results, even none, and a NextToken, so no request has to read the whole vault.
 */
export const PAGE_SCAN_BUDGET = 5_000;

/**
 * The secrets a query can match, in its order, starting past the cursor. A `name` filter (its
 * values, negated ones included, are runs of the name order) is answered from the name index:
 * sorted by name, its runs are read in place; in another order, the sorted runs of each chunk of
 * the name order are merged. Without one, the whole vault is read in that order's own index.
 * Every filter is still applied to each candidate afterwards.
 */
function candidates(state: VaultState, filters: Filters, sortBy: SortBy, descending: boolean, cursor: SortKey | undefined): Iterable<SecretRecord> {
  const vsCursor = cursor && ((secret: SecretRecord): number => compareToKey(secret, sortBy, cursor));
  const nameFilter = filters.find((filter) => filter.Key === 'name');
  if (!nameFilter) return fromCursor(state.listing.order(sortBy), vsCursor, descending);
  const ranges = state.listing.nameFilterRanges(nameFilter.Values);
  const names = state.listing.names();
  if (sortBy === 'name') return rangesFromCursor(names, ranges, vsCursor, descending);
  const runs = ranges.flatMap(([from, to]) => names.runsInOrder(from, to, sortBy, ORDERS[sortBy]));
  return mergeRuns(runs, ORDERS[sortBy], vsCursor, descending);
}

function fromCursor(set: OrderedSet<SecretRecord>, vsCursor: VersusCursor<SecretRecord> | undefined, descending: boolean): Iterable<SecretRecord> {
  if (!descending) return set.range(vsCursor ? set.rankWhere((secret) => vsCursor(secret) <= 0) : 0, set.size);
  return set.range(0, vsCursor ? set.rankWhere((secret) => vsCursor(secret) < 0) : set.size, true);
}

function* rangesFromCursor(names: OrderedSet<SecretRecord>, ranges: readonly RankRange[], vsCursor: VersusCursor<SecretRecord> | undefined, descending: boolean) {
  if (!descending) {
    const start = vsCursor ? names.rankWhere((secret) => vsCursor(secret) <= 0) : 0;
    for (const [from, to] of ranges) yield* names.range(Math.max(from, start), to);
  } else {
    const end = vsCursor ? names.rankWhere((secret) => vsCursor(secret) < 0) : names.size;
    for (const [from, to] of [...ranges].reverse()) yield* names.range(from, Math.min(to, end), true);
  }
}

export interface PageQuery {
  readonly filters: Filters;
  readonly sortBy: SortBy;
  readonly descending: boolean;
  readonly includePlannedDeletion: boolean;
  readonly cursor: SortKey | undefined;
  readonly limit: number;
}

/**
 * One page of the secrets a query matches, and where the next page starts (undefined: no more).
 * Keyset paging: the caller's token holds the last place read, so each secret appears once even
 * if others are created or removed between pages. Shared by ListSecrets and BatchGetSecretValue.
 */
export function matchingPage(state: VaultState, query: PageQuery): { page: SecretRecord[]; resumeAfter: SecretRecord | undefined } {
  const page: SecretRecord[] = [];
  let resumeAfter: SecretRecord | undefined;
  let passed = 0;
  for (const secret of candidates(state, query.filters, query.sortBy, query.descending, query.cursor)) {
    const wanted =
      (secret.meta.deletedAt === undefined || query.includePlannedDeletion) &&
      query.filters.every((filter) => filter.Values.some((value) => matchesValue(filter.Key, secret, value)));
    if (wanted) {
      if (page.length < query.limit) {
        page.push(secret);
        continue;
      }
      resumeAfter = page.at(-1);
      break;
    }
    passed += 1;
    if (passed >= PAGE_SCAN_BUDGET) {
      resumeAfter = secret;
      break;
    }
  }
  return { page, resumeAfter };
}

export const listSecrets: Operation = (ctx, raw) => {
  const input = parseInput(schema, raw);
  const filters = input.Filters ?? [];
  const sortBy = input.SortBy ?? 'created-date';
  const direction = input.SortOrder === 'desc' ? -1 : 1;
  const query = JSON.stringify(['secrets', filters, sortBy, direction, input.IncludePlannedDeletion ?? false]);
  const cursor = input.NextToken === undefined ? undefined : (ctx.tokens.read(query, input.NextToken) as SortKey);

  const { page, resumeAfter } = matchingPage(ctx.state, {
    filters,
    sortBy,
    descending: direction < 0,
    includePlannedDeletion: input.IncludePlannedDeletion === true,
    cursor,
    limit: input.MaxResults ?? 100,
  });
  const next = resumeAfter ? ctx.tokens.issue(query, sortKey(resumeAfter, sortBy)) : undefined;
  const body = listPageBody(page, next);
  // The wire takes the bytes; the entries as objects are read back from them only when something
  // in this process asks for them (tests), so the two cannot differ.
  const output = {
    get SecretList(): Record<string, unknown>[] {
      return (JSON.parse(body.toString('utf8')) as { SecretList: Record<string, unknown>[] }).SecretList;
    },
    ...(next !== undefined && { NextToken: next }),
  };
  return { output: withJsonBytes(output, body) };
};
