/**
 * The reader's TTL cache, keyed by secret id. A value is kept for `cacheTtlMs`, a miss ("not
 * configured") for `missTtlMs`. Reads in flight for the same id share one request. `invalidate`
 * bumps a generation, so an answer that was in flight when it was called is not stored after it.
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

export class OutcomeCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<SecretOutcome>>();
  /** Bumped by invalidate(): an answer read under an older generation is not stored. */
  private currentGeneration = 0;

  constructor(
    private readonly ttl: { readonly valueMs: number; readonly missMs: number },
    private readonly clock: () => number,
  ) {}

  /** The cached outcome, or `load()`'s (shared with any read of the same id already in flight). */
  get(secretId: string, load: () => Promise<SecretOutcome>): Promise<SecretOutcome> {
    const hit = this.peek(secretId);
    if (hit) return Promise.resolve(hit);
    const pending = this.inFlight.get(secretId);
    if (pending) return pending;
    const generation = this.currentGeneration;
    const request = load().then((outcome) => {
      this.set(secretId, outcome, generation);
      return outcome;
    });
    const settled = request.finally(() => {
      if (this.inFlight.get(secretId) === settled) this.inFlight.delete(secretId);
    });
    this.inFlight.set(secretId, settled);
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

  get generation(): number {
    return this.currentGeneration;
  }

  /** Stores an outcome, unless `generation` (when it was read) is older than the last invalidate(). */
  set(secretId: string, outcome: SecretOutcome, generation = this.currentGeneration): void {
    if (generation !== this.currentGeneration) return;
    const ttl = outcome.kind === 'value' ? this.ttl.valueMs : this.ttl.missMs;
    if (ttl <= 0) return;
    this.entries.set(secretId, { outcome, expiresAt: this.clock() + ttl });
  }

  /** Forgets every id starting with `prefix` (all when absent), and answers in flight for them. */
  invalidate(prefix?: string): void {
    this.currentGeneration += 1;
    if (prefix === undefined) {
      this.entries.clear();
      this.inFlight.clear();
      return;
    }
    for (const key of [...this.entries.keys()]) if (key.startsWith(prefix)) this.entries.delete(key);
    for (const key of [...this.inFlight.keys()]) if (key.startsWith(prefix)) this.inFlight.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
