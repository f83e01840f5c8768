import { z } from 'zod';
import type { SecretRecord, VaultState } from '../model';
import { stagesByVersion, type Operation } from '../operation';
import { FILTER_VALUE_PATTERN, maxResultsSchema, nextTokenSchema, parseInput } from '../validation';
import { describeFields } from './read';

const FILTER_KEYS = ['description', 'name', 'tag-key', 'tag-value', 'primary-region', 'owning-service', 'all'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

const schema = z.object({
  MaxResults: maxResultsSchema.optional(),
  NextToken: nextTokenSchema.optional(),
  Filters: z
    .array(z.object({ Key: z.enum(FILTER_KEYS), Values: z.array(z.string().max(512).regex(FILTER_VALUE_PATTERN)).min(1).max(10) }))
    .max(10)
    .optional(),
  SortOrder: z.enum(['asc', 'desc']).optional(),
  SortBy: z.enum(['created-date', 'last-accessed-date', 'last-changed-date', 'name']).optional(),
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

/**
 * The secrets a query can match. A `name` filter with no negated value limits the answer to its
 * prefixes, so the name index answers it without reading the rest of the vault; every filter is
 * still applied to each candidate afterwards.
 */
function candidates(state: VaultState, filters: readonly { Key: FilterKey; Values: readonly string[] }[]): Iterable<SecretRecord> {
  const byName = filters.find((filter) => filter.Key === 'name' && filter.Values.every((value) => !value.startsWith('!')));
  return byName ? state.byName.withPrefixes(byName.Values) : state.byArn.values();
}

type SortKey = [number | string, string, string];

function sortKey(secret: SecretRecord, sortBy: string): SortKey {
  const { meta } = secret;
  const primary =
    sortBy === 'name' ? meta.name : sortBy === 'last-changed-date' ? meta.lastChangedAt : sortBy === 'last-accessed-date' ? (meta.lastAccessedAt ?? 0) : meta.createdAt;
  return [primary, meta.name, meta.arn];
}

function compareKeys(a: SortKey, b: SortKey): number {
  for (let index = 0; index < a.length; index += 1) {
    const left = a[index] as number | string;
    const right = b[index] as number | string;
    if (left < right) return -1;
    if (left > right) return 1;
  }
  return 0;
}

export const listSecrets: Operation = (ctx, raw) => {
  const input = parseInput(schema, raw);
  const filters = input.Filters ?? [];
  const sortBy = input.SortBy ?? 'created-date';
  const direction = input.SortOrder === 'desc' ? -1 : 1;
  const query = JSON.stringify(['secrets', filters, sortBy, direction, input.IncludePlannedDeletion ?? false]);
  const cursor = input.NextToken === undefined ? undefined : (ctx.tokens.read(query, input.NextToken) as SortKey);

  const matching: { secret: SecretRecord; key: SortKey }[] = [];
  for (const secret of candidates(ctx.state, filters)) {
    if (secret.meta.deletedAt !== undefined && !input.IncludePlannedDeletion) continue;
    if (!filters.every((filter) => filter.Values.some((value) => matchesValue(filter.Key, secret, value)))) continue;
    const key = sortKey(secret, sortBy);
    // Keyset paging: each secret appears once even if others are created between pages.
    if (cursor && compareKeys(key, cursor) * direction <= 0) continue;
    matching.push({ secret, key });
  }
  matching.sort((a, b) => compareKeys(a.key, b.key) * direction);

  const limit = input.MaxResults ?? 100;
  const page = matching.slice(0, limit);
  const last = page.at(-1);
  const next = matching.length > limit && last ? ctx.tokens.issue(query, last.key) : undefined;
  return {
    output: {
      SecretList: page.map(({ secret }) => {
        const stages = stagesByVersion(secret);
        return { ...describeFields(secret), ...(Object.keys(stages).length > 0 && { SecretVersionsToStages: stages }) };
      }),
      ...(next !== undefined && { NextToken: next }),
    },
  };
};
