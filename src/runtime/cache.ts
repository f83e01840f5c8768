/**
 * The reader's TTL cache, keyed by secret id. A value is kept for `cacheTtlMs`, a miss ("not
 * configured") for `missTtlMs`. Reads in flight for the same id share one request.
 *
 * Invalidation is scoped: `invalidate(prefix)` forgets the ids under that prefix (an org's) and
 * voids the reads of those ids still in flight — each read, and each warm-up, holds a ticket that
 * invalidate() marks — so their answers are not stored after it; reads of other orgs are untouched.
 *
 * Bounded: org ids come from requests, so the number of distinct ids is not ours to choose.
 * Expired entries are swept as new ones are stored — after as many writes as half the entries
 * (O(1) amortised; expired entries never outnumber the live ones by much), and at the first write
 * once the longest TTL has passed since the last sweep (so a cache that went quiet gives its memory
 * back, at the cost of one pass per TTL) — and past MAX_CACHE_ENTRIES the oldest-written entry is
 * evicted (a later read just asks the backend again). Reads stay O(1).
 */

/** What one secret id holds, as far as a reader cares. */
export type SecretOutcome =
  | { readonly kind: 'value'; readonly value: string }
  /** No such secret, or no AWSCURRENT version: GetSecretValue's ResourceNotFoundException. */
  | { readonly kind: 'missing' }
  | { readonly kind: 'scheduled-for-deletion' };

interface Entry {
  readonly outcome: SecretOutcome;
  readonly expiresAt: number;
}

/**
 * The cap on cached ids: about 2,500 orgs of 20 keys, some 13 MB (a miss is about 260 bytes with its
 * id). A real agent host reads far fewer; past it the oldest are read again when next asked.
 */
export const MAX_CACHE_ENTRIES = 50_000;
/** Below this many writes since the last sweep, none is made (small caches are not swept on every write). */
const MIN_WRITES_PER_SWEEP = 1_024;

/**
 * What a read or a warm-up holds while it is in flight: `scope` is the id (a read) or the org prefix
 * (a warm-up). invalidate() voids the tickets in its scope; a void ticket stores nothing.
 */
export interface CacheTicket {
  readonly scope: string;
  readonly void: boolean;
}

class Ticket implements CacheTicket {
  void = false;
  constructor(readonly scope: string) {}
}

export class OutcomeCache {
  /** In write order (a rewrite moves the id to the end), so the first is the oldest. */
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, { readonly promise: Promise<SecretOutcome>; readonly ticket: Ticket }>();
  /** Warm-ups in flight (reads are in `inFlight`). */
  private readonly open = new Set<Ticket>();
  private writesSinceSweep = 0;
  private lastSweepAt: number;

  constructor(
    private readonly ttl: { readonly valueMs: number; readonly missMs: number },
    private readonly clock: () => number,
    private readonly maxEntries = MAX_CACHE_ENTRIES,
  ) {
    this.lastSweepAt = clock();
  }

  /** The cached outcome, or `load()`'s (shared with any read of the same id already in flight). */
  get(secretId: string, load: () => Promise<SecretOutcome>): Promise<SecretOutcome> {
    const hit = this.peek(secretId);
    if (hit) return Promise.resolve(hit);
    const pending = this.inFlight.get(secretId);
    if (pending) return pending.promise;
    const ticket = new Ticket(secretId);
    const request = load().then((outcome) => {
      this.set(secretId, outcome, ticket);
      return outcome;
    });
    const settled = request.finally(() => {
      if (this.inFlight.get(secretId)?.promise === settled) this.inFlight.delete(secretId);
    });
    this.inFlight.set(secretId, { promise: settled, ticket });
    return settled;
  }

  peek(secretId: string): SecretOutcome | undefined {
    const entry = this.entries.get(secretId);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.clock()) {
      this.entries.delete(secretId);
      return undefined;
    }
    return entry.outcome;
  }

  /** A ticket for a warm-up of the ids under `scope` (an org prefix); end() it when done. */
  begin(scope: string): CacheTicket {
    const ticket = new Ticket(scope);
    this.open.add(ticket);
    return ticket;
  }

  end(ticket: CacheTicket): void {
    this.open.delete(ticket as Ticket);
  }

  /**
   * Stores an outcome, unless `ticket` (held since the read began) was voided by an invalidate()
   * since. True when it was stored (false also when its TTL is 0: the cache is off).
   */
  set(secretId: string, outcome: SecretOutcome, ticket?: CacheTicket): boolean {
    if (ticket?.void) return false;
    const ttl = outcome.kind === 'value' ? this.ttl.valueMs : this.ttl.missMs;
    if (ttl <= 0) return false;
    const now = this.clock();
    // Deleted first so that the id moves to the end of the write order.
    this.entries.delete(secretId);
    this.entries.set(secretId, { outcome, expiresAt: now + ttl });
    this.writesSinceSweep += 1;
    if (this.writesSinceSweep >= Math.max(MIN_WRITES_PER_SWEEP, this.entries.size / 2) || now - this.lastSweepAt >= Math.max(this.ttl.valueMs, this.ttl.missMs)) this.sweep(now);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
    return true;
  }

  /** Forgets every id starting with `prefix` (all when absent), and voids the reads in flight for them. */
  invalidate(prefix?: string): void {
    const inScope = (key: string): boolean => prefix === undefined || key.startsWith(prefix);
    for (const ticket of this.open) if (inScope(ticket.scope)) ticket.void = true;
    for (const [key, pending] of this.inFlight) {
      if (!inScope(key)) continue;
      pending.ticket.void = true;
      this.inFlight.delete(key);
    }
    if (prefix === undefined) this.entries.clear();
    else for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  private sweep(now: number): void {
    this.writesSinceSweep = 0;
    this.lastSweepAt = now;
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}
