import type { SecretRecord } from './model';
import type { Compare } from './ordered-set';

/**
 * The orders ListSecrets can answer in (`SortBy`), as record comparators for the indexes and as
 * keys for page cursors. Every order breaks ties by name, then ARN, so no two secrets are equal
 * and a cursor names one exact place in the order.
 */
export const SORT_BY = ['created-date', 'last-accessed-date', 'last-changed-date', 'name'] as const;
export type SortBy = (typeof SORT_BY)[number];

/** What a NextToken remembers: the last secret's [primary key, name, ARN]. */
export type SortKey = readonly [number | string, string, string];

function compareStrings(a: string, b: string): number {
  // Code-unit order (JavaScript's <), under which all names with one prefix are contiguous.
  return a < b ? -1 : a > b ? 1 : 0;
}

function primary(record: SecretRecord, sortBy: SortBy): number | string {
  const { meta } = record;
  switch (sortBy) {
    case 'name':
      return meta.name;
    case 'last-changed-date':
      return meta.lastChangedAt;
    case 'last-accessed-date':
      return meta.lastAccessedAt ?? 0;
    case 'created-date':
      return meta.createdAt;
  }
}

export function sortKey(record: SecretRecord, sortBy: SortBy): SortKey {
  return [primary(record, sortBy), record.meta.name, record.meta.arn];
}

/** compareKeys(sortKey(record, sortBy), key) without building the tuple (a page's searches make many). */
export function compareToKey(record: SecretRecord, sortBy: SortBy, key: SortKey): number {
  const own = primary(record, sortBy);
  if (own !== key[0]) return own < key[0] ? -1 : 1;
  return compareStrings(record.meta.name, key[1]) || compareStrings(record.meta.arn, key[2]);
}

export function compareKeys(a: SortKey, b: SortKey): number {
  for (let index = 0; index < a.length; index += 1) {
    const left = a[index] as number | string;
    const right = b[index] as number | string;
    if (left < right) return -1;
    if (left > right) return 1;
  }
  return 0;
}

const byNameThenArn: Compare<SecretRecord> = (a, b) => compareStrings(a.meta.name, b.meta.name) || compareStrings(a.meta.arn, b.meta.arn);

/** Comparators equal to comparing `sortKey`s, without building the tuples. */
export const ORDERS: Readonly<Record<SortBy, Compare<SecretRecord>>> = {
  name: byNameThenArn,
  'created-date': (a, b) => a.meta.createdAt - b.meta.createdAt || byNameThenArn(a, b),
  'last-changed-date': (a, b) => a.meta.lastChangedAt - b.meta.lastChangedAt || byNameThenArn(a, b),
  'last-accessed-date': (a, b) => (a.meta.lastAccessedAt ?? 0) - (b.meta.lastAccessedAt ?? 0) || byNameThenArn(a, b),
};

/** Whether `before` and `after` metadata put a secret in different places in `sortBy`'s order. */
export function keyChanged(before: SecretRecord['meta'], after: SecretRecord['meta'], sortBy: SortBy): boolean {
  if (before.name !== after.name || before.arn !== after.arn) return true;
  switch (sortBy) {
    case 'name':
      return false;
    case 'last-changed-date':
      return before.lastChangedAt !== after.lastChangedAt;
    case 'last-accessed-date':
      return (before.lastAccessedAt ?? 0) !== (after.lastAccessedAt ?? 0);
    case 'created-date':
      return before.createdAt !== after.createdAt;
  }
}
