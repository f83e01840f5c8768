import { createHash } from 'node:crypto';
import { ListSecretsCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AppError } from '../../shared/errors';
import { parseSecretId, type ParsedSecretId } from '../../shared/naming';
import { LISTING_PAGE_SIZE, ListingBudget, MAX_LISTING_BYTES, checkPageSize } from './listing-limits';
import { fromListEntry, type SecretMetadata } from './status';

export interface ListedSecret {
  readonly id: ParsedSecretId;
  readonly meta: SecretMetadata;
}

/**
 * Pages of ListSecrets one listing may take before it is given up: 10,000 pages of 100 is a
 * million secrets under one prefix, far beyond any fleet of this app (AWS may also answer pages
 * with fewer entries than asked, even none, so the bound is on pages, not on secrets). A backend
 * that keeps handing out fresh NextTokens past it is not Secrets Manager, or is broken: without the
 * bound it would keep main paging forever.
 */
export const MAX_LISTING_PAGES = 10_000;

/** The error of a listing stopped at its page bound: names the bound and what to check. */
export function tooManyPages(prefix: string, limit: number, unit: 'pages' | 'requests' = 'pages'): AppError {
  return new AppError(
    'UNREACHABLE',
    `Listing the secrets under ${prefix} was stopped after ${limit.toLocaleString('en-US')} ListSecrets ${unit} (the limit): the backend kept answering with another page. Secrets Manager does not do that for any fleet this app can hold; check that the profile's endpoint is the backend you meant, then test the connection.`,
    { prefix, [unit === 'pages' ? 'pageLimit' : 'requestLimit']: limit },
  );
}

/**
 * A NextToken as kept to spot a repeat: its digest, so a bound number of pages is a bound amount of
 * memory whatever length the backend makes its tokens.
 */
export function tokenKey(token: string): string {
  return createHash('sha256').update(token).digest('base64');
}

/**
 * Every secret of this app whose name starts with `prefix`, including those scheduled for
 * deletion: one ListSecrets call per 100 secrets, paginated to the end (never one call per
 * secret). Names that do not parse as ours are foreign and skipped, not errors. Paging stops at a
 * token already seen (an emulator bug) and fails past `maxPages`, on a page with more entries than
 * asked for, or once what it keeps passes `maxBytes` (UNREACHABLE, naming the bound; listing-limits.ts).
 */
export async function listUnderPrefix(client: SecretsManagerClient, prefix: string, options: { maxPages?: number; maxBytes?: number } = {}): Promise<ListedSecret[]> {
  const maxPages = options.maxPages ?? MAX_LISTING_PAGES;
  const budget = new ListingBudget(prefix, options.maxBytes ?? MAX_LISTING_BYTES);
  const found: ListedSecret[] = [];
  const seenTokens = new Set<string>();
  let pages = 0;
  let NextToken: string | undefined;
  do {
    // A backend that hands back a token it already gave (an emulator bug) must not loop forever.
    if (NextToken !== undefined) {
      const key = tokenKey(NextToken);
      if (seenTokens.has(key)) break;
      seenTokens.add(key);
    }
    if (pages >= maxPages) throw tooManyPages(prefix, maxPages);
    const page = await client.send(
      new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [prefix] }], IncludePlannedDeletion: true, MaxResults: LISTING_PAGE_SIZE, NextToken }),
    );
    pages += 1;
    const entries = page.SecretList ?? [];
    checkPageSize(prefix, entries.length);
    const kept: ListedSecret[] = [];
    for (const entry of entries) {
      const id = parseSecretId(entry.Name);
      // AWS matches the name filter by prefix; the check below also guards emulators that once matched "contains".
      if (id && id.secretId.startsWith(prefix)) kept.push({ id, meta: fromListEntry(entry) });
    }
    budget.add(kept);
    for (const secret of kept) found.push(secret);
    NextToken = page.NextToken;
  } while (NextToken);
  return found;
}
