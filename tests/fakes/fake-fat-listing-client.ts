/**
 * A FAKE Secrets Manager client (tests only) whose ListSecrets pages keep to MaxResults but whose
 * entries may be fat: each of the 100 entries a page holds is a fresh, valid app name carrying
 * `versionsPerEntry` version ids and a description of `descriptionChars` characters — what a
 * hostile backend can send within the byte cap of an answer to grow main's heap one page at a time.
 * Every entry shares one stages object and one description, so the listing's estimate of what it
 * keeps grows as it would against such a backend while this fake's (and the test's) real memory
 * stays small. It answers at most `maxPages` pages and then fails, so a listing
 * without a budget ends the test instead of the machine.
 */
import type { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

export interface FatListingClient {
  readonly client: SecretsManagerClient;
  pages(): number;
}

export function fatListingClient(options: { versionsPerEntry: number; descriptionChars?: number; entriesPerPage?: number; maxPages?: number }): FatListingClient {
  const entriesPerPage = options.entriesPerPage ?? 100;
  const maxPages = options.maxPages ?? 200;
  const stages = Object.fromEntries(Array.from({ length: options.versionsPerEntry }, (_, index) => [`v${String(index).padStart(8, '0')}`, ['AWSCURRENT']]));
  const description = 'd'.repeat(options.descriptionChars ?? 0);
  let pages = 0;
  const client = {
    send: async (command: ListSecretsCommand) => {
      pages += 1;
      // A turn of the event loop per page, as a network answer takes.
      await new Promise((resolve) => setImmediate(resolve));
      if (pages > maxPages) throw new Error(`fake: the listing kept going past ${maxPages} pages of fat entries`);
      // Names under the first prefix asked for, fresh on every page (a listing dedupes by name).
      const prefix = command.input.Filters?.[0]?.Values?.[0] ?? 'agentfoundry/dev/';
      const SecretList = Array.from({ length: entriesPerPage }, (_, index) => ({ Name: `${prefix}p${pages}x${index}/shared/k`, SecretVersionsToStages: stages, Description: description }));
      return { SecretList, NextToken: `fresh-${pages}`, $metadata: { attempts: 1 } };
    },
  } as unknown as SecretsManagerClient;
  return { client, pages: () => pages };
}
