/**
 * A listing ends on a backend that never stops paging: endless fresh NextTokens fail it at its
 * page bound with an UNREACHABLE error naming the bound, and a token handed back twice stops it.
 * Nor can a backend fill main's memory within those pages: a page with more entries than asked
 * for is refused, and a listing fails once what it keeps passes its byte budget.
 * Real SDK against a fake hostile server, and the default bound on an in-memory stand-in (10,000
 * pages over HTTP would take the suite's time, not prove more).
 */
import type { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors';
import type { Profile } from '../../../src/shared/profiles';
import { createSecretsClient } from '../../../src/main/backends/client-factory';
import { createSecretsService } from '../../../src/main/secrets/service';
import { MAX_LISTING_PAGES, listUnderPrefix } from '../../../src/main/secrets/listing';
import { MAX_LISTING_BYTES, retainedBytes, typicalSecretsIn } from '../../../src/main/secrets/listing-limits';
import { fatListingClient } from '../../fakes/fake-fat-listing-client';
import { hostileBackendPerTest } from '../../fakes/fake-hostile-backend';
import { rejectionOf } from '../../vault/helpers';

const PREFIX = 'agentfoundry/dev/';
const profile: Profile = { kind: 'localstack', id: 'local', name: 'LocalStack', env: 'dev', readOnly: false, endpoint: 'http://127.0.0.1:1', region: 'us-east-1' };

/** ListSecrets answered in memory: `token(n)` is the NextToken of the n-th page (1-based). */
function pagingForever(token: (page: number) => string | undefined): { client: SecretsManagerClient; pages: () => number } {
  let pages = 0;
  const client = {
    send: async (_command: ListSecretsCommand) => {
      pages += 1;
      // A turn of the event loop per page, as a network answer takes: a listing that never ends
      // then times the test out instead of starving its timers.
      await new Promise((resolve) => setImmediate(resolve));
      const NextToken = token(pages);
      return { SecretList: [], ...(NextToken !== undefined && { NextToken }), $metadata: {} };
    },
  } as unknown as SecretsManagerClient;
  return { client, pages: () => pages };
}

const hostile = hostileBackendPerTest();


describe('listUnderPrefix against a backend that never stops paging', () => {
  it('fresh NextTokens forever (real SDK, over HTTP): fails at the page bound, naming it', async () => {
    const backend = await hostile.start('endless-tokens');
    const client = await createSecretsClient({ ...profile, endpoint: backend.endpoint }, { getVault: () => Promise.reject(new Error('unused')) });
    try {
      const failure = await rejectionOf(listUnderPrefix(client, PREFIX, { maxPages: 40 }));
      expect(failure).toBeInstanceOf(AppError);
      expect((failure as AppError).code).toBe('UNREACHABLE');
      expect((failure as AppError).message).toContain('40 ListSecrets pages');
      expect((failure as AppError).details).toMatchObject({ prefix: PREFIX, pageLimit: 40 });
    } finally {
      client.destroy();
    }
    expect(backend.requests).toHaveLength(40);
  });

  it(`by default the bound is MAX_LISTING_PAGES (${MAX_LISTING_PAGES.toLocaleString('en-US')}) pages`, async () => {
    const { client, pages } = pagingForever((page) => `fresh-${page}`);
    const failure = await rejectionOf(listUnderPrefix(client, PREFIX));
    expect((failure as AppError).message).toContain(`${MAX_LISTING_PAGES.toLocaleString('en-US')} ListSecrets pages`);
    expect(pages()).toBe(MAX_LISTING_PAGES);
  });

  it('listOrgs through the secrets service fails the same way instead of paging forever', async () => {
    const { client, pages } = pagingForever((page) => `fresh-${page}`);
    const failure = await rejectionOf(createSecretsService(client, profile).listOrgs([]));
    expect((failure as AppError).code).toBe('UNREACHABLE');
    expect(pages()).toBe(MAX_LISTING_PAGES);
  });

  it('a token handed back again stops the listing (what was listed stands)', async () => {
    const { client, pages } = pagingForever((page) => (page === 1 ? 'a' : page === 2 ? 'b' : 'a'));
    await expect(listUnderPrefix(client, PREFIX)).resolves.toEqual([]);
    expect(pages()).toBe(3);
  });

  it('a listing that ends under the bound is not affected by it', async () => {
    const { client, pages } = pagingForever((page) => (page < 40 ? `t${page}` : undefined));
    await expect(listUnderPrefix(client, PREFIX, { maxPages: 40 })).resolves.toEqual([]);
    expect(pages()).toBe(40);
  });
});

describe('listUnderPrefix against a backend that answers fat pages', () => {
  it('a page with more entries than MaxResults (real SDK, over HTTP): refused at the first page, naming the limit', async () => {
    const backend = await hostile.start('fat-pages', { entriesPerPage: 5_000 });
    const client = await createSecretsClient({ ...profile, endpoint: backend.endpoint }, { getVault: () => Promise.reject(new Error('unused')) });
    try {
      const failure = await rejectionOf(listUnderPrefix(client, PREFIX, { maxPages: 6 }));
      expect(failure).toBeInstanceOf(AppError);
      expect((failure as AppError).code).toBe('UNREACHABLE');
      expect((failure as AppError).message).toContain('a ListSecrets page of 5,000 entries');
      expect((failure as AppError).message).toContain('at most 100 were asked for');
      expect((failure as AppError).details).toMatchObject({ prefix: PREFIX, pageEntries: 5_000, maxResults: 100 });
    } finally {
      client.destroy();
    }
    expect(backend.requests).toHaveLength(1);
  });

  it('pages of 100 fat entries: fails once what it keeps passes MAX_LISTING_BYTES, naming the limit', async () => {
    // A description of a million characters an entry: 2 MB each by the estimate, passed on page 3.
    const fat = fatListingClient({ versionsPerEntry: 1, descriptionChars: 1_000_000, maxPages: 50 });
    const failure = await rejectionOf(listUnderPrefix(fat.client, PREFIX));
    expect((failure as AppError).code).toBe('UNREACHABLE');
    expect((failure as AppError).message).toContain(`the limit is ${MAX_LISTING_BYTES / 2 ** 20} MiB`);
    expect((failure as AppError).details).toMatchObject({ prefix: PREFIX, byteLimit: MAX_LISTING_BYTES });
    expect(fat.pages()).toBeLessThanOrEqual(4);
  });

  it('the budget can be set lower, and counts what is kept, not what is foreign', async () => {
    const fat = fatListingClient({ versionsPerEntry: 1, maxPages: 50 });
    const failure = await rejectionOf(listUnderPrefix(fat.client, PREFIX, { maxBytes: 300 * 1_000 }));
    // ~800 B an entry by the estimate: 300 kB is passed during the fourth page of 100.
    expect((failure as AppError).details).toMatchObject({ byteLimit: 300_000 });
    expect(fat.pages()).toBe(4);
    const foreign = fatListingClient({ versionsPerEntry: 1, descriptionChars: 1_000_000, maxPages: 20 });
    // Names that are not this app's are skipped, not kept, so they do not count.
    const failureForeign = await rejectionOf(listUnderPrefix(foreign.client, 'otherapp/', { maxPages: 10, maxBytes: 1 }));
    expect((failureForeign as AppError).details).toMatchObject({ pageLimit: 10 });
  });

  it('the budget is far above the real scale: room for more than 450,000 typical secrets of this app', () => {
    expect(typicalSecretsIn(MAX_LISTING_BYTES)).toBeGreaterThan(450_000);
    const typical = {
      meta: {
        name: 'agentfoundry/prod/customer-1234/billing/stripe_secret_key',
        description: 'Stripe live key for the billing domain',
        stages: { '0b4cd4a6-5d1e-4f8e-9a43-2f1c7e0d9b11': ['AWSCURRENT'], '6f2a9c3e-8b7d-4e1a-b5c0-d9e8f7a6b5c4': ['AWSPREVIOUS'] },
      },
    };
    expect(MAX_LISTING_BYTES / retainedBytes(typical)).toBeGreaterThan(400_000);
  });
});
