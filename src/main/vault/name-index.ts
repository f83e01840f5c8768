import type { SecretRecord } from './model';

/**
 * The vault's secrets ordered by name, so a ListSecrets `name` filter (a case-sensitive prefix
 * match, as AWS defines it) reads only the secrets in its prefix range instead of scanning and
 * sorting the whole vault on every page. The fleet snapshot lists one env in dozens of prefix
 * shards; with a full scan per page, a vault of 10,000 secrets spent most of each request
 * scanning names it then discarded.
 *
 * Names compare by UTF-16 code unit (JavaScript's `<`), and under that order every string that
 * starts with `prefix` lies in one contiguous run beginning at the first name ≥ `prefix`.
 * The order is rebuilt lazily after a secret is added or purged, not on every write: a metadata
 * change keeps the record (and its name), so the index still holds it.
 */
export class NameIndex {
  private sorted: SecretRecord[] | undefined;

  constructor(private readonly records: () => Iterable<SecretRecord>) {}

  /** Call when a secret is added or removed (its name enters or leaves the set). */
  invalidate(): void {
    this.sorted = undefined;
  }

  /** Every record whose name starts with one of `prefixes`, each once. */
  withPrefixes(prefixes: readonly string[]): SecretRecord[] {
    const sorted = this.order();
    const found = new Set<SecretRecord>();
    for (const prefix of prefixes) {
      for (let index = lowerBound(sorted, prefix); index < sorted.length; index += 1) {
        const record = sorted[index] as SecretRecord;
        if (!record.meta.name.startsWith(prefix)) break;
        found.add(record);
      }
    }
    return [...found];
  }

  private order(): SecretRecord[] {
    this.sorted ??= [...this.records()].sort((a, b) => compare(a.meta.name, b.meta.name) || compare(a.meta.arn, b.meta.arn));
    return this.sorted;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The first index whose name is ≥ `name`. */
function lowerBound(sorted: readonly SecretRecord[], name: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as SecretRecord).meta.name < name) low = middle + 1;
    else high = middle;
  }
  return low;
}
