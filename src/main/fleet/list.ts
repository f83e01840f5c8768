/**
 * How the fleet's secrets are listed: ListSecrets only (metadata, never a value), under the env's
 * name prefix, reporting each page as it arrives so the window shows orgs before the env is read.
 *
 * `listFleet`, the sharded listing: the env's name space is split into shards by name prefix and
 * the shards are listed in parallel, at most 16 requests in flight.
 *
 *  - First wave. App names are `agentfoundry/{env}/{org}/…` and an org id starts with [a-z0-9], so
 *    the 36 one-character prefixes cover every app secret. A name filter takes up to 10 prefixes
 *    (OR), so they go out as 16 requests of 2–3 prefixes, all at once: the first page (and the
 *    first orgs) come back after one round trip whatever the fleet's size, and a fleet of a few
 *    hundred secrets is done in that one round trip.
 *  - A shard that answers with a NextToken either keeps paging (its next page is queued) or is
 *    split, and the rest of it is listed again by smaller shards: a group into its prefixes, a
 *    prefix into its children (the prefix plus each character an app name can have next: [a-z0-9]
 *    to start a segment, then [a-z0-9_-] or "/"), 10 prefixes to a request at most. Overlap costs
 *    requests, never correctness: each name is reported once (deduplicated by name), and nothing
 *    assumes how the backend orders a page to decide that a shard is done (only its last page is).
 *  - When to split ('adaptive'): when the shard would outlast the rest of the listing. Its size is
 *    estimated from creation dates: pages come oldest first (AWS's default order), so a shard
 *    whose 100 listed entries were all made before 10% of the env's secrets (judged from the
 *    dates of the shards already listed to the end) holds about 1,000. It is split when its
 *    remaining pages exceed the round trips the whole listing still needs (remaining pages of
 *    every shard / slots); its children are packed by their share of what was listed so that
 *    none should take longer than that. Without a usable estimate (too few dates yet, dates all
 *    alike, pages not in date order), a shard is split only when a slot would otherwise idle.
 *  - Prefixes the pages never showed share requests (they are mostly empty); those that showed
 *    get their own. When every name listed shares a longer prefix (`org-0001`, `org-0002`, …),
 *    the split jumps to it, listing that prefix alone and the other branches of each level on
 *    the way (mostly empty) together, instead of one level per round trip.
 *  - The queue serves the shards expected to take longest first (the critical path).
 *  - A prefix that may itself be a whole secret name (inside the name segment) is never split: no
 *    child prefix would list it. It keeps paging.
 *  - Throttling: the SDK retries a throttled request (backends/client-factory.ts); the listing
 *    halves the requests it keeps in flight when an answer needed retries, and grows them back by
 *    one per round trip of answers that did not (at least 2 in flight).
 *  - Cancel: the signal aborts the requests in flight and no other starts; the promise settles
 *    once every request has. A request that fails after its retries fails the listing the same way.
 *  - A hostile or broken backend: a shard stops paging at a NextToken it already gave, and the
 *    whole listing fails (UNREACHABLE, naming the bound) once it has sent `maxRequests` requests —
 *    by default twice the pages of the sequential bound (MAX_LISTING_PAGES), since splitting costs
 *    up to about twice the requests of paging (table below). Endless fresh tokens would otherwise
 *    keep it paging, and splitting, forever. A page with more entries than the 100 asked for fails
 *    it, and so does passing MAX_LISTING_BYTES of reported secrets (secrets/listing-limits.ts):
 *    within the byte cap of an answer, fat pages would otherwise fill main's memory first.
 *
 * Measured with `npm run bench:fleet` (vault over HTTP behind a proxy adding 50 ms per round trip,
 * 1,000 orgs × 6–12 secrets = 9,003 secrets + 200 foreign names; requests / round trips):
 *
 *                                natural names     uniform ids      skewed (org-0001…)
 *    sequential scan (before)        92 / 92          92 / 92           92 / 92
 *    keep paging                    100 / 15         100 / 9           106 / 91
 *    split after page 1             487 / 31         316 / 20          250 / 22
 *    split after page 2             349 / 22         244 / 16          273 / 35
 *    split when a slot idles        211 / 14         146 / 10          246 / 17
 *    adaptive (this)                132 / 10         113 / 9       179–184 / 15
 *
 * Wall time there is bound by the vault's own CPU (one process answering ~7 ms per ListSecrets
 * over 9,200 names, SigV4 included): ~0.9 s for the natural fleet even with no added delay, and
 * 1.0 s (natural) / 0.76 s (uniform) with it, against 5.6 s for the sequential scan.
 *
 * Keep paging is cheapest in requests but a big first letter (s: 107 orgs, 10 pages) or a single
 * one (org-…: 91 pages) is a chain of that many round trips; splitting on a fixed page count
 * re-lists what was paged and fragments the fleet into many small requests; the size estimate
 * splits only the shards that would be on the critical path, and about as finely as needed.
 *
 * Why 16 in flight: at least 91 pages of 100 must be fetched, so 8 in flight cannot take fewer
 * than 12 round trips (measured: 17), 12 takes 12, 16 takes 9–10; 24 takes 7 but with more
 * requests (the split is finer), and against AWS's quota of 100 ListSecrets/s per account
 * (shared with every other caller) a bigger burst only brings throttling sooner.
 */
import { setMaxListeners } from 'node:events';
import { ListSecretsCommand, type ListSecretsCommandOutput, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { envPrefix, parseSecretId, type Env } from '../../shared/naming';
import { MAX_LISTING_PAGES, tokenKey, tooManyPages, type ListedSecret } from '../secrets/listing';
import { LISTING_PAGE_SIZE, ListingBudget, MAX_LISTING_BYTES, checkPageSize } from '../secrets/listing-limits';
import { fromListEntry } from '../secrets/status';

export interface FleetListProgress {
  /** Secrets listed since the last report (foreign names already left out, each name once). */
  readonly secrets: readonly ListedSecret[];
  readonly shardsDone: number;
  readonly shardsTotal: number;
  /**
   * The name prefixes (after the env's prefix) of the shards queued or in flight after this
   * report: the parts of the name space not listed to their end yet ('' is the whole env).
   */
  readonly pending: readonly string[];
  readonly requests: number;
  /** When the request that listed them was sent: a change made after it wins over them. */
  readonly listedAt: number;
}

export interface FleetListOptions {
  readonly client: SecretsManagerClient;
  readonly env: Env;
  readonly signal: AbortSignal;
  readonly onProgress: (progress: FleetListProgress) => void;
  /** The clock `listedAt` is read from (the fleet service's, so it compares with its writes). */
  readonly now?: () => number;
}

export type FleetListing = (options: FleetListOptions) => Promise<void>;

/** One ListSecrets call as the bench and tests see it. */
export interface FleetRequestTrace {
  /** The prefixes of the name filter (OR). */
  readonly prefixes: readonly string[];
  /** 1 for a shard's first page. */
  readonly page: number;
  /**
   * Its place on the critical path: 1 + the depth of the request whose answer made it (the page
   * before, or the page that split its parent), or of the request whose end freed its slot when
   * it had to wait for one. The largest depth is the number of round trips the listing needed.
   */
  readonly depth: number;
  readonly startedAt: number;
  readonly endedAt: number;
  /** Entries in the answer, and how many of them were app secrets not listed before. */
  readonly listed: number;
  readonly fresh: number;
  /** What followed: the shard ended, paged on, was split, or the request failed. */
  readonly next: 'done' | 'page' | 'split' | 'failed';
  /** Attempts the SDK made (retries of a throttled request included). */
  readonly attempts: number;
}

const PAGE_SIZE = LISTING_PAGE_SIZE;
/** AWS: up to 10 values per filter. */
const MAX_PREFIXES_PER_REQUEST = 10;
const ALNUM = '0123456789abcdefghijklmnopqrstuvwxyz';
const INNER = `-${ALNUM}_`;

/**
 * One page of the secrets under `prefixes` (any of them), scheduled deletions included, oldest
 * first (AWS's default order, asked for explicitly: the size estimate reads creation dates).
 */
function listCommand(prefixes: readonly string[], NextToken: string | undefined): ListSecretsCommand {
  return new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [...prefixes] }], IncludePlannedDeletion: true, MaxResults: PAGE_SIZE, SortOrder: 'asc', NextToken });
}

/** App secrets of a page (foreign names left out); `under` guards emulators that match "contains". */
function appSecrets(page: ListSecretsCommandOutput, under: (name: string) => boolean): ListedSecret[] {
  const found: ListedSecret[] = [];
  for (const entry of page.SecretList ?? []) {
    const id = parseSecretId(entry.Name);
    if (id && under(id.secretId)) found.push({ id, meta: fromListEntry(entry) });
  }
  return found;
}

/** Requests one sharded listing may send (see the top): twice the sequential bound. */
export const MAX_FLEET_REQUESTS = 2 * MAX_LISTING_PAGES;

/** The env's whole name space as one shard, paged in order: one request at a time (the bench's baseline). */
export const listFleetSequentially: FleetListing = async ({ client, env, signal, onProgress, now = Date.now }) => {
  const prefix = envPrefix(env);
  const seenTokens = new Set<string>();
  const budget = new ListingBudget(prefix);
  let requests = 0;
  let NextToken: string | undefined;
  do {
    if (NextToken !== undefined) {
      const key = tokenKey(NextToken);
      if (seenTokens.has(key)) break;
      seenTokens.add(key);
    }
    if (requests >= MAX_LISTING_PAGES) throw tooManyPages(prefix, MAX_LISTING_PAGES);
    const listedAt = now();
    const page = await client.send(listCommand([prefix], NextToken), { abortSignal: signal });
    requests += 1;
    checkPageSize(prefix, page.SecretList?.length ?? 0);
    const secrets = appSecrets(page, (name) => name.startsWith(prefix));
    budget.add(secrets);
    NextToken = page.NextToken;
    onProgress({ secrets, shardsDone: NextToken ? 0 : 1, shardsTotal: 1, pending: NextToken ? [''] : [], requests, listedAt });
  } while (NextToken && !signal.aborted);
};

/**
 * The characters an app name can have right after `prefix` (which starts with `base`, the env's
 * prefix), or null when the prefix must not be split: inside the secret name, where the prefix may
 * itself be a complete name that no child prefix would list.
 */
export function nextCharacters(prefix: string, base: string): string | null {
  const segments = prefix.slice(base.length).split('/');
  const index = segments.length - 1; // 0: org id, 1: domain id, 2: secret name
  const current = segments[index] ?? '';
  if (index > 2) return null;
  if (current === '') return ALNUM; // a segment starts with a letter or digit
  const endsClean = /[a-z0-9]$/.test(current); // a segment ends with a letter or digit
  if (index === 2) return endsClean ? null : INNER;
  return endsClean ? `${INNER}/` : INNER;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

export interface ShardedListingOptions {
  /** Requests in flight at most (default 16). */
  readonly concurrency?: number;
  /** Requests of the first wave, which lists the 36 one-character prefixes (default: `concurrency`, at most 36). */
  readonly firstWave?: number;
  /**
   * When a paging shard is split (default 'adaptive'): 'adaptive' as described at the top; 'never'
   * (keep paging); or a number of pages after which every paging shard is split.
   */
  readonly split?: 'adaptive' | 'never' | number;
  /** Estimate shard sizes from creation dates (default true; 'adaptive' only). */
  readonly estimate?: boolean;
  /** Jump to the prefix every listed name of a shard shares (default true). */
  readonly jump?: boolean;
  /** Fewer requests in flight while the backend throttles (default true). */
  readonly backoff?: boolean;
  /** Every request, when it ends (bench, tests). */
  readonly onRequest?: (trace: FleetRequestTrace) => void;
  /** Requests the listing may send before it fails as a backend that never stops paging (default MAX_FLEET_REQUESTS). */
  readonly maxRequests?: number;
  /** Estimated bytes of reported secrets past which the listing fails (default MAX_LISTING_BYTES). */
  readonly maxBytes?: number;
}

interface Shard {
  readonly prefixes: readonly string[];
  token?: string;
  pages: number;
  /** Entries listed so far (foreign names included: they fill pages too). */
  entries: number;
  /** Entries so far by the member prefix (several prefixes) or child prefix (one) they fall in. */
  readonly counts: Map<string, number>;
  /** The prefix every name listed so far shares (undefined before the first). */
  common?: string;
  /** The latest creation date listed so far (epoch ms). */
  newest: number;
  /** The creation dates of its entries: they join the sample once the shard is listed to its end. */
  readonly createdSeen: number[];
  /** Depth of the request whose answer made this shard or its next page (0: the first wave). */
  causeDepth: number;
  readonly seenTokens: Set<string>;
  /** Made of prefixes the parent's pages never showed: expected to be small or empty. */
  readonly small: boolean;
  /** Pages it is expected to take still: the queue serves the longest first. */
  expect: number;
}

/** Below this many creation dates (or distinct ones) from fully listed shards, sizes are not estimated. */
const MIN_SAMPLE = 20;
const MIN_DISTINCT = 10;
/** In flight at least, however much the backend throttles. */
const MIN_IN_FLIGHT = 2;

function commonPrefix(a: string, b: string): string {
  let index = 0;
  while (index < a.length && index < b.length && a[index] === b[index]) index += 1;
  return a.slice(0, index);
}

/** `items` in `parts` contiguous groups of near-equal size. */
function spread<T>(items: readonly T[], parts: number): T[][] {
  const out: T[][] = [];
  const count = Math.max(1, Math.min(parts, items.length));
  let start = 0;
  for (let index = 0; index < count; index += 1) {
    const size = Math.floor(items.length / count) + (index < items.length % count ? 1 : 0);
    out.push(items.slice(start, start + size));
    start += size;
  }
  return out.filter((group) => group.length > 0);
}

/** The sharded listing, with its knobs (the bench compares them). */
export function shardedListing(options: ShardedListingOptions = {}): FleetListing {
  const concurrency = Math.max(1, options.concurrency ?? 16);
  const policy = options.split ?? 'adaptive';
  const useEstimate = (options.estimate ?? true) && policy === 'adaptive';
  const jump = options.jump ?? true;
  const useBackoff = options.backoff ?? true;
  const maxRequests = Math.max(1, options.maxRequests ?? MAX_FLEET_REQUESTS);

  return ({ client, env, signal, onProgress, now = Date.now }) =>
    new Promise<void>((resolve, reject) => {
      const base = envPrefix(env);
      const firstWave = Math.max(1, Math.min(options.firstWave ?? concurrency, ALNUM.length));
      const listed = new Set<string>();
      const budget = new ListingBudget(base, options.maxBytes ?? MAX_LISTING_BYTES);
      const queue: Shard[] = [];
      const running = new Set<Shard>();
      // Creation dates of every entry of the shards listed to their end: a sample of when the env's
      // secrets were made, to tell how much of a paging shard its pages so far cover.
      const created: number[] = [];
      let createdSorted = true;
      let distinctDates = 0;
      let datesInOrder = true;
      let requests = 0;
      let shardsDone = 0;
      let shardsTotal = 0;
      let settled = false;
      // Requests allowed in flight: `concurrency`, halved when the backend throttles (an answer that
      // needed retries), then grown back by one per round trip of answers that did not.
      let limit = concurrency;
      let cutAt = 0;
      let failure: { error: unknown } | undefined;
      // Aborted by the caller's cancel, or by the first failure (the other requests are then moot).
      const stop = new AbortController();
      // Every request in flight listens to it (the SDK adds one listener per request).
      setMaxListeners(concurrency * 2 + 10, stop.signal);
      const onAbort = (): void => stop.abort(signal.reason);
      if (signal.aborted) stop.abort(signal.reason);
      else signal.addEventListener('abort', onAbort, { once: true });

      const shard = (prefixes: readonly string[], causeDepth: number, small = false): Shard => {
        shardsTotal += 1;
        return { prefixes, pages: 0, entries: 0, counts: new Map(), newest: 0, createdSeen: [], causeDepth, seenTokens: new Set(), small, expect: small ? 0.5 : 1 };
      };

      /** What is not listed to its end yet: every prefix of a shard queued or in flight, after the env's. */
      function pendingPrefixes(): string[] {
        const out = new Set<string>();
        for (const item of [...running, ...queue]) for (const prefix of item.prefixes) out.add(prefix.slice(base.length));
        return [...out].sort();
      }

      /** Queues a shard behind those expected to take longer (the critical path first). */
      function enqueue(item: Shard): void {
        let index = queue.length;
        while (index > 0 && (queue[index - 1] as Shard).expect < item.expect) index -= 1;
        queue.splice(index, 0, item);
      }

      function settle(): void {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        if (failure && !signal.aborted) reject(failure.error);
        else resolve();
      }

      /** Starts queued shards while slots are free; `freedBy` is the depth of the request whose end freed a slot. */
      function pump(freedBy: number): void {
        if (requests >= maxRequests && queue.length > 0 && !stop.signal.aborted) {
          failure ??= { error: tooManyPages(base, maxRequests, 'requests') };
          stop.abort(failure.error);
        }
        while (running.size < Math.floor(limit) && queue.length > 0 && requests < maxRequests && !stop.signal.aborted) {
          const next = queue.shift() as Shard;
          void run(next, Math.max(next.causeDepth, freedBy) + 1);
        }
        if (running.size === 0 && (queue.length === 0 || stop.signal.aborted)) settle();
      }

      /**
       * The share of the env's secrets made by `time` (null without a usable sample: too few dates,
       * or too few distinct ones, as when a clock or an import stamped them all alike).
       */
      function madeBy(time: number): number | null {
        if (!useEstimate || !datesInOrder || created.length < MIN_SAMPLE) return null;
        if (!createdSorted) {
          created.sort((a, b) => a - b);
          createdSorted = true;
          distinctDates = 0;
          for (let index = 0; index < created.length; index += 1) if (index === 0 || created[index] !== created[index - 1]) distinctDates += 1;
        }
        if (distinctDates < MIN_DISTINCT) return null;
        let low = 0;
        let high = created.length;
        while (low < high) {
          const middle = (low + high) >> 1;
          if ((created[middle] as number) <= time) low = middle + 1;
          else high = middle;
        }
        return low / created.length;
      }

      /** Pages a shard will take in all, estimated (null when unknown): its pages hold its oldest entries. */
      function estimatedPages(target: Shard): number | null {
        if (target.pages === 0) return null;
        const share = madeBy(target.newest);
        // A shard that still pages cannot be complete: a share of 1 says the sample does not fit it.
        if (share === null || share >= 1) return null;
        // Older than the whole sample: as if half a sampled date came before it (large, but finite).
        return target.entries / Math.max(share, 0.5 / created.length) / PAGE_SIZE;
      }

      /** Round trips the listing still needs, roughly: every shard's remaining pages over the slots. */
      function roundsLeft(): number {
        let pages = 0;
        for (const other of [...queue, ...running]) {
          const estimate = estimatedPages(other);
          pages += estimate === null ? Math.max(1, other.pages) : Math.max(1, estimate - other.pages);
        }
        return Math.max(2, Math.ceil(pages / Math.floor(limit)));
      }

      /** Where a name falls in a shard: its member prefix (several), or its child prefix (one). */
      function bucketOf(target: Shard, name: string): string {
        if (target.prefixes.length > 1) return target.prefixes.find((prefix) => name.startsWith(prefix)) ?? '';
        return name.slice(0, (target.prefixes[0] as string).length + 1);
      }

      /**
       * The deepest prefix every listed name of the shard shares, below one of its prefixes and at
       * most as deep as splitting can safely go (never past a prefix that may be a whole name).
       */
      function jumpTarget(target: Shard): { from: string; to: string } | null {
        if (!jump || target.common === undefined) return null;
        const from = target.prefixes.find((prefix) => (target.common as string).startsWith(prefix));
        if (from === undefined) return null;
        let to = from;
        while (to.length < target.common.length) {
          const next = nextCharacters(to, base);
          const char = target.common[to.length] as string;
          if (next === null || !next.includes(char)) break;
          to += char;
        }
        return to.length > from.length + 1 ? { from, to } : null;
      }

      /** Splits a paging shard into smaller ones, or returns null when it cannot be split. */
      function split(parent: Shard, depth: number, pages: number | null, cap: number, plain = false): Shard[] | null {
        const out: Shard[] = [];
        /** Prefixes the pages so far did not show, 10 to a request. */
        const groups = (prefixes: readonly string[]): void => {
          for (const group of chunks(prefixes, MAX_PREFIXES_PER_REQUEST)) out.push(shard(group, depth, true));
        };
        const seen = (prefix: string): boolean => (parent.counts.get(prefix) ?? 0) > 0;
        // Without an estimate, a part is expected to hold its share of twice what was listed.
        const withShare = (made: Shard, prefixes: readonly string[]): Shard => {
          const count = prefixes.reduce((sum, prefix) => sum + (parent.counts.get(prefix) ?? 0), 0);
          made.expect = Math.max(1, ((pages ?? parent.pages * 2) * count) / Math.max(1, parent.entries));
          return made;
        };
        const leap = plain ? null : jumpTarget(parent);
        if (leap) {
          // Every name so far shares `to`: list it alone, and the rest of `from` (each level's other
          // children, mostly empty) together; the parent's other prefixes were not seen at all.
          const target = shard([leap.to], depth);
          target.expect = pages === null ? Math.max(2, parent.pages * 2) : pages;
          out.push(target);
          const others: string[] = parent.prefixes.filter((prefix) => prefix !== leap.from);
          for (let level = leap.from; level.length < leap.to.length; level = leap.to.slice(0, level.length + 1)) {
            const chars = nextCharacters(level, base) ?? '';
            for (const char of chars) if (char !== leap.to[level.length]) others.push(level + char);
          }
          groups(others);
          return out;
        }
        if (parent.prefixes.length > 1 && plain) {
          for (const prefix of parent.prefixes) out.push(shard([prefix], depth));
          return out;
        }
        if (plain) {
          const next = nextCharacters(parent.prefixes[0] as string, base);
          if (next === null) return null;
          for (const group of chunks([...next].map((char) => parent.prefixes[0] + char), MAX_PREFIXES_PER_REQUEST)) out.push(shard(group, depth));
          return out;
        }
        if (parent.prefixes.length > 1) {
          // Each member seen gets its own shard; those not seen (small or empty) share one.
          for (const prefix of parent.prefixes.filter(seen)) out.push(withShare(shard([prefix], depth), [prefix]));
          groups(parent.prefixes.filter((prefix) => !seen(prefix)));
          return out;
        }
        const prefix = parent.prefixes[0] as string;
        const next = nextCharacters(prefix, base);
        if (next === null) return null;
        const children = [...next].map((char) => prefix + char);
        if (pages === null || !Number.isFinite(pages)) {
          // No size estimate: as many shards as the sample shows children, the unseen together.
          for (const child of children.filter(seen)) out.push(withShare(shard([child], depth), [child]));
          groups(children.filter((child) => !seen(child)));
          return out;
        }
        // With an estimate: each child's expected size from its share of the sample; children
        // expected to take more than `cap` pages alone, the rest packed up to `cap` per request.
        const perEntry = pages / Math.max(1, parent.entries);
        const size = (child: string): number => (parent.counts.get(child) ?? 0) * perEntry;
        const packed: { prefixes: string[]; pages: number }[] = [];
        for (const child of [...children].sort((a, b) => size(b) - size(a))) {
          const room = packed.find((group) => group.prefixes.length < MAX_PREFIXES_PER_REQUEST && group.pages + size(child) <= cap);
          if (room) {
            room.prefixes.push(child);
            room.pages += size(child);
          } else packed.push({ prefixes: [child], pages: size(child) });
        }
        for (const group of packed) {
          const made = shard(group.prefixes, depth);
          made.expect = Math.max(0.5, group.pages);
          out.push(made);
        }
        return out;
      }

      function decide(current: Shard, depth: number): Shard[] | null {
        if (policy === 'never') return null;
        // The plain policy: every prefix of a group alone, every prefix's children 10 to a request.
        if (typeof policy === 'number') return current.pages >= policy ? split(current, depth, null, 0, true) : null;
        const pages = estimatedPages(current);
        if (pages !== null) {
          // Split when this shard would outlast the rest of the listing.
          const left = roundsLeft();
          return pages - current.pages > left ? split(current, depth, pages, left) : null;
        }
        // No estimate: split only when a slot would otherwise sit idle (shards expected to be
        // small or empty do not keep a slot busy for long).
        let busy = 0;
        for (const other of queue) if (!other.small) busy += 1;
        for (const other of running) if (!other.small) busy += 1;
        return busy + 1 < Math.floor(limit) ? split(current, depth, null, 0) : null; // + 1: its own next page
      }

      async function run(current: Shard, depth: number): Promise<void> {
        running.add(current);
        requests += 1;
        const startedAt = performance.now();
        const listedAt = now();
        let page: ListSecretsCommandOutput;
        try {
          page = await client.send(listCommand(current.prefixes, current.token), { abortSignal: stop.signal });
        } catch (error) {
          running.delete(current);
          if (!stop.signal.aborted) {
            failure ??= { error };
            stop.abort(error);
          }
          options.onRequest?.({
            prefixes: current.prefixes,
            page: current.pages + 1,
            depth,
            startedAt,
            endedAt: performance.now(),
            listed: 0,
            fresh: 0,
            next: 'failed',
            attempts: (error as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1,
          });
          pump(depth);
          return;
        }
        running.delete(current);
        if (stop.signal.aborted) {
          pump(depth);
          return;
        }
        if (useBackoff && (page.$metadata.attempts ?? 1) > 1) {
          // Once per round trip: the answers of requests sent before the cut tell nothing new.
          if (startedAt >= cutAt) {
            limit = Math.max(MIN_IN_FLIGHT, limit / 2);
            cutAt = performance.now();
          }
        } else limit = Math.min(concurrency, limit + 1 / limit);
        try {
          current.pages += 1;
          const entries = page.SecretList ?? [];
          // Refused before anything of it is counted or kept (listing-limits.ts).
          checkPageSize(base, entries.length);
          for (const entry of entries) {
            const name = entry.Name ?? '';
            const bucket = bucketOf(current, name);
            current.counts.set(bucket, (current.counts.get(bucket) ?? 0) + 1);
            current.common = current.common === undefined ? name : commonPrefix(current.common, name);
            const time = entry.CreatedDate?.getTime() ?? 0;
            // Sizes are estimated only while every shard's pages come oldest first (the AWS default).
            if (time < current.newest) datesInOrder = false;
            current.newest = Math.max(current.newest, time);
            current.createdSeen.push(time);
          }
          current.entries += entries.length;
          const secrets = appSecrets(page, (name) => current.prefixes.some((prefix) => name.startsWith(prefix))).filter((secret) => {
            if (listed.has(secret.id.secretId)) return false;
            listed.add(secret.id.secretId);
            return true;
          });
          budget.add(secrets);
          let next: FleetRequestTrace['next'] = 'done';
          const token = page.NextToken;
          // A backend that hands back a token it already gave (an emulator bug) must not loop forever.
          if (token && !current.seenTokens.has(tokenKey(token))) {
            current.seenTokens.add(tokenKey(token));
            const children = decide(current, depth);
            if (children) {
              next = 'split';
              shardsDone += 1;
              for (const child of children) enqueue(child);
            } else {
              next = 'page';
              current.token = token;
              current.causeDepth = depth;
              const pages = estimatedPages(current);
              current.expect = pages === null ? current.pages : Math.max(1, pages - current.pages);
              enqueue(current);
            }
          } else {
            shardsDone += 1;
            for (const time of current.createdSeen) created.push(time);
            if (current.createdSeen.length > 0) createdSorted = false;
          }
          onProgress({ secrets, shardsDone, shardsTotal, pending: pendingPrefixes(), requests, listedAt });
          options.onRequest?.({
            prefixes: current.prefixes,
            page: current.pages,
            depth,
            startedAt,
            endedAt: performance.now(),
            listed: entries.length,
            fresh: secrets.length,
            next,
            attempts: page.$metadata.attempts ?? 1,
          });
        } catch (error) {
          failure ??= { error };
          stop.abort(error);
        }
        pump(depth);
      }

      for (const group of spread([...ALNUM].map((char) => base + char), firstWave)) enqueue(shard(group, 0));
      pump(0);
    });
}

/** The listing the app uses. */
export const listFleet: FleetListing = shardedListing();
