/**
 * What one ListSecrets listing may take in from a backend, whatever the backend answers. The byte
 * cap on an answer (shared/node/bounded-http-handler.ts) and the page bound (listing.ts) leave a hole:
 * a page of 8 MiB can hold 177,000 tiny names, or 100 entries of 1,000 version ids each, and a
 * listing keeps what it lists — 412 MB of heap after 6 such pages, out of memory long before the
 * 10,000th. So:
 *
 *  - a page may hold no more entries than the MaxResults the listing asked for (Secrets Manager
 *    never answers more); a page with more is refused before anything of it is kept;
 *  - what a listing keeps is counted as it goes, in estimated bytes of heap (`retainedBytes`), and
 *    the listing fails past MAX_LISTING_BYTES. A count of entries would not do: an entry's size is
 *    the backend's choice (measured on Node 20: 480 B for a tiny entry, 750 B for a typical one,
 *    133 KB for one with 1,000 version ids, all within the byte cap of a page).
 *
 * Both fail as UNREACHABLE, naming the limit: the fix is the same as for any backend that is not
 * Secrets Manager — check the profile's endpoint.
 */
import { AppError } from '../../shared/errors';
import type { ListedSecret } from './listing';
import type { SecretMetadata } from './status';

/** The MaxResults every listing of the app asks for (AWS's largest page is 100). */
export const LISTING_PAGE_SIZE = 100;

/**
 * Estimated heap one listing may keep: 512 MiB. A typical secret of this app (a 48-character name,
 * two versions) is estimated at about 1 KB, so this is room for about 496,000 of them: 2.5 times a
 * fleet of 5,000 orgs × 4 domains × 10 secrets, 55 times the bench fleet (9,003 secrets). And it
 * is an eighth of a V8 heap's limit (about 4 GiB: 4,144 MiB measured for Node 20 here), so a
 * backend that fills it leaves main running and able to say why. Heap, not entries, is what runs
 * out; and heap, not entries, is what a hostile backend chooses the size of.
 */
export const MAX_LISTING_BYTES = 512 * 1024 * 1024;

/**
 * The heap a listed secret keeps, estimated from above (measured on Node 20 with --expose-gc):
 * ~480 B for its objects and dates, 2 B a character (strings may be two-byte), ~130 B a version
 * (its key and stages array in the map), ~16 B a stage label. Conservative for every shape measured.
 */
export function retainedBytes(secret: { readonly meta: SecretMetadata }): number {
  let bytes = 512 + 2 * (secret.meta.name.length + (secret.meta.description?.length ?? 0));
  for (const [versionId, stages] of Object.entries(secret.meta.stages)) {
    bytes += 128 + 2 * versionId.length;
    for (const stage of stages) bytes += 16 + 2 * stage.length;
  }
  return bytes;
}

/** A typical secret of this app as a listing keeps it: a current and a previous version. */
const TYPICAL_SECRET_BYTES = retainedBytes({
  meta: {
    name: 'agentfoundry/prod/org-0001/shared/openai_api_key',
    stages: { '0b4cd4a6-5d1e-4f8e-9a43-2f1c7e0d9b11': ['AWSCURRENT'], '6f2a9c3e-8b7d-4e1a-b5c0-d9e8f7a6b5c4': ['AWSPREVIOUS'] },
  },
});

/** How many typical secrets fit `bytes`, rounded to thousands: what a limit means to the person reading it. */
export function typicalSecretsIn(bytes: number): number {
  return Math.round(bytes / TYPICAL_SECRET_BYTES / 1000) * 1000;
}

const mib = (bytes: number): string => `${Math.round(bytes / (1024 * 1024)).toLocaleString('en-US')} MiB`;

/** Refuses a page with more entries than were asked for (before the listing keeps any of it). */
export function checkPageSize(prefix: string, entries: number, asked: number = LISTING_PAGE_SIZE): void {
  if (entries <= asked) return;
  throw new AppError(
    'UNREACHABLE',
    `The backend answered a ListSecrets page of ${entries.toLocaleString('en-US')} entries under ${prefix} where at most ${asked} were asked for (MaxResults, the limit): Secrets Manager never does that. Check that the profile's endpoint is the backend you meant, then test the connection.`,
    { prefix, pageEntries: entries, maxResults: asked },
  );
}

/** The estimated heap a listing keeps, failing it once past its limit. */
export class ListingBudget {
  private bytes = 0;
  private secrets = 0;

  constructor(
    private readonly prefix: string,
    private readonly limitBytes: number = MAX_LISTING_BYTES,
  ) {}

  /** Counts secrets the listing is about to keep; throws once the listing keeps more than its limit. */
  add(secrets: readonly ListedSecret[]): void {
    for (const secret of secrets) this.bytes += retainedBytes(secret);
    this.secrets += secrets.length;
    if (this.bytes <= this.limitBytes) return;
    throw new AppError(
      'UNREACHABLE',
      `Listing the secrets under ${this.prefix} was stopped after ${this.secrets.toLocaleString('en-US')} secrets that would take about ${mib(this.bytes)} of memory (the limit is ${mib(this.limitBytes)}, room for about ${typicalSecretsIn(this.limitBytes).toLocaleString('en-US')} secrets of this app): the backend kept listing more, or larger, entries than Secrets Manager holds for any fleet this app can have. Check that the profile's endpoint is the backend you meant, then test the connection.`,
      { prefix: this.prefix, byteLimit: this.limitBytes, secretsListed: this.secrets },
    );
  }
}
