/**
 * The fleet listings end on a backend that never stops paging: the sharded listing fails once it
 * has sent its request bound (however the endless pages make it split), the sequential one at its
 * page bound; both with an UNREACHABLE error naming the bound. Nor can fat pages fill main's
 * memory: a page with more entries than asked for is refused, and a listing fails once what it
 * reports passes its byte budget. Real SDK against a fake hostile server, and the default bounds on
 * in-memory stand-ins.
 */
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors';
import { createSecretsClient } from '../../../src/main/backends/client-factory';
import { MAX_FLEET_REQUESTS, listFleetSequentially, shardedListing, type FleetListProgress, type FleetListing } from '../../../src/main/fleet/list';
import { MAX_LISTING_PAGES } from '../../../src/main/secrets/listing';
import { MAX_LISTING_BYTES } from '../../../src/main/secrets/listing-limits';
import { fatListingClient } from '../../fakes/fake-fat-listing-client';
import { hostileBackendPerTest } from '../../fakes/fake-hostile-backend';

/** Every ListSecrets answered in memory with an empty page and a fresh NextToken. */
function freshTokensForever(): { client: SecretsManagerClient; requests: () => number } {
  let requests = 0;
  const client = {
    send: async () => {
      requests += 1;
      // A turn of the event loop per answer, as a network answer takes: a listing that never ends
      // then times the test out instead of starving its timers.
      await new Promise((resolve) => setImmediate(resolve));
      return { SecretList: [], NextToken: `fresh-${requests}`, $metadata: { attempts: 1 } };
    },
  } as unknown as SecretsManagerClient;
  return { client, requests: () => requests };
}

async function failureOf(listing: FleetListing, client: SecretsManagerClient, onProgress: (progress: FleetListProgress) => void = () => undefined): Promise<AppError> {
  try {
    await listing({ client, env: 'dev', signal: new AbortController().signal, onProgress });
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the listing to fail');
}

const hostile = hostileBackendPerTest();

describe('fleet listings against endless fresh NextTokens', () => {
  it('sharded (real SDK, over HTTP): fails at its request bound, naming it', async () => {
    const backend = await hostile.start('endless-tokens');
    const client = await createSecretsClient(
      { kind: 'localstack', id: 'local', name: 'LocalStack', env: 'dev', readOnly: false, endpoint: backend.endpoint, region: 'us-east-1' },
      { getVault: () => Promise.reject(new Error('unused')) },
    );
    try {
      const error = await failureOf(shardedListing({ maxRequests: 120 }), client);
      expect(error.code).toBe('UNREACHABLE');
      expect(error.message).toContain('120 ListSecrets requests');
      expect(error.details).toMatchObject({ prefix: 'agentfoundry/dev/', requestLimit: 120 });
    } finally {
      client.destroy();
    }
    expect(backend.requests.length).toBeLessThanOrEqual(120);
  });

  it(`sharded, by default: at most MAX_FLEET_REQUESTS (${MAX_FLEET_REQUESTS.toLocaleString('en-US')}) requests`, async () => {
    const { client, requests } = freshTokensForever();
    const error = await failureOf(shardedListing(), client);
    expect(error.message).toContain(`${MAX_FLEET_REQUESTS.toLocaleString('en-US')} ListSecrets requests`);
    expect(requests()).toBe(MAX_FLEET_REQUESTS);
  }, 60_000);

  it(`sequential: at most MAX_LISTING_PAGES (${MAX_LISTING_PAGES.toLocaleString('en-US')}) pages`, async () => {
    const { client, requests } = freshTokensForever();
    const error = await failureOf(listFleetSequentially, client);
    expect(error.message).toContain(`${MAX_LISTING_PAGES.toLocaleString('en-US')} ListSecrets pages`);
    expect(requests()).toBe(MAX_LISTING_PAGES);
  });
});

describe('fleet listings against fat pages', () => {
  it('sharded (real SDK, over HTTP): a page of 101 entries where 100 were asked for fails the listing, naming the limit', async () => {
    const backend = await hostile.start('fat-pages', { entriesPerPage: 101 });
    const client = await createSecretsClient(
      { kind: 'localstack', id: 'local', name: 'LocalStack', env: 'dev', readOnly: false, endpoint: backend.endpoint, region: 'us-east-1' },
      { getVault: () => Promise.reject(new Error('unused')) },
    );
    let reported = 0;
    try {
      const error = await failureOf(shardedListing({ maxRequests: 120 }), client, (progress) => (reported += progress.secrets.length));
      expect(error.code).toBe('UNREACHABLE');
      expect(error.message).toContain('a ListSecrets page of 101 entries');
      expect(error.details).toMatchObject({ pageEntries: 101, maxResults: 100 });
    } finally {
      client.destroy();
    }
    // Refused before anything of it was reported; the first wave (16 requests) is all that went out.
    expect(reported).toBe(0);
    expect(backend.requests.length).toBeLessThanOrEqual(16);
  });

  it('sequential: a page with more entries than asked for is refused', async () => {
    const fat = fatListingClient({ versionsPerEntry: 1, entriesPerPage: 5_000 });
    const error = await failureOf(listFleetSequentially, fat.client);
    expect(error.details).toMatchObject({ prefix: 'agentfoundry/dev/', pageEntries: 5_000, maxResults: 100 });
    expect(fat.pages()).toBe(1);
  });

  it(`sharded: fails once what it reported passes MAX_LISTING_BYTES (${MAX_LISTING_BYTES / 2 ** 20} MiB)`, async () => {
    const fat = fatListingClient({ versionsPerEntry: 1, descriptionChars: 1_000_000, maxPages: 100 });
    let reported = 0;
    const error = await failureOf(shardedListing(), fat.client, (progress) => (reported += progress.secrets.length));
    expect(error.code).toBe('UNREACHABLE');
    expect(error.details).toMatchObject({ prefix: 'agentfoundry/dev/', byteLimit: MAX_LISTING_BYTES });
    // 2 MB an entry by the estimate: under 300 of them fit, and the page that passed it is not reported.
    expect(reported).toBeLessThan(300);
  });

  it('sequential: fails once what it reported passes MAX_LISTING_BYTES', async () => {
    const fat = fatListingClient({ versionsPerEntry: 1, descriptionChars: 1_000_000, maxPages: 100 });
    const error = await failureOf(listFleetSequentially, fat.client);
    expect(error.details).toMatchObject({ byteLimit: MAX_LISTING_BYTES });
    expect(fat.pages()).toBeLessThanOrEqual(4);
  });
});
