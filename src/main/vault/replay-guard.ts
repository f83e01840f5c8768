/**
 * The signatures the served vault has accepted, remembered for as long as they could still verify,
 * so a captured request cannot take effect again (a replayed DeleteSecret deleting a restored
 * secret). AWS itself only bounds a signature's life (X-Amz-Date within 15 minutes); it does not
 * refuse a second use.
 *
 * A repeat is not always an attack. The JS SDK signs `amz-sdk-invocation-id` (one per call) and
 * `amz-sdk-request: attempt=N`, so its calls and retries never repeat a signature. The AWS CLI
 * (botocore) adds those headers after signing: its retry of a request, signed again within the same
 * second (X-Amz-Date has one-second resolution), and two identical commands run in the same second
 * (or boto3 workers reading one secret at once) carry the very same signature. So:
 *
 *  - a repeat that arrives while the first is being served, or within `echoWindowMs` of its
 *    answer, gets that same answer (status, headers, body), and is not executed again: a retry
 *    learns the outcome of the attempt it repeats, and a replay changes nothing;
 *  - a repeat after that is refused (InvalidSignatureException): a legitimate client can no longer
 *    produce it, since its clock has moved past the signed second.
 *
 * Memory is bounded: a signature is dropped once its request date leaves the 15-minute window
 * (after that it fails on its own), and at `capacity` signatures a new one is refused rather than an
 * old one forgotten — forgetting would re-open the replay the guard exists to close (the client gets
 * ThrottlingException, which SDKs retry with backoff). Answers are kept only for the echo window and
 * up to `echoBytes` in all; an answer that does not fit is not kept, and its repeats are refused.
 */
import type { WireResponse } from './protocol';

export type Admission = 'accepted' | 'replayed' | 'full';

/** Enough for about 110 requests/s sustained over the 15-minute window; about 18 MiB of heap when full (bench/replay-guard.bench.ts). */
export const DEFAULT_SEEN_SIGNATURES = 100_000;

export class SeenSignatures {
  /** signature → epoch ms until which it could verify. */
  private readonly validUntil = new Map<string, number>();
  /** The same entries as a min-heap on `until`, so expiry pops only what has expired. */
  private readonly heap: { readonly signature: string; readonly until: number }[] = [];

  constructor(readonly capacity: number = DEFAULT_SEEN_SIGNATURES) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
  }

  get size(): number {
    return this.validUntil.size;
  }

  /** Records `signature` unless it was seen while still valid, or the set is full. Synchronous: concurrent requests cannot both pass. */
  admit(signature: string, until: number, now: number): Admission {
    this.expire(now);
    if (this.validUntil.has(signature)) return 'replayed';
    if (this.validUntil.size >= this.capacity) return 'full';
    this.validUntil.set(signature, until);
    this.push({ signature, until });
    return 'accepted';
  }

  private expire(now: number): void {
    while (this.heap.length > 0 && (this.heap[0] as { until: number }).until < now) {
      const oldest = this.pop();
      this.validUntil.delete(oldest.signature);
    }
  }

  private push(entry: { readonly signature: string; readonly until: number }): void {
    const heap = this.heap;
    heap.push(entry);
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if ((heap[parent] as typeof entry).until <= entry.until) break;
      heap[index] = heap[parent] as typeof entry;
      index = parent;
    }
    heap[index] = entry;
  }

  private pop(): { readonly signature: string; readonly until: number } {
    const heap = this.heap;
    const top = heap[0] as (typeof heap)[number];
    const last = heap.pop() as (typeof heap)[number];
    if (heap.length === 0) return top;
    let index = 0;
    for (;;) {
      const left = index * 2 + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && (heap[right] as typeof last).until < (heap[left] as typeof last).until ? right : left;
      if ((heap[child] as typeof last).until >= last.until) break;
      heap[index] = heap[child] as typeof last;
      index = child;
    }
    heap[index] = last;
    return top;
  }
}

/**
 * A SigV4 signature (64 hex digits) as a fresh 44-character string: smaller, and not a slice that
 * would keep the whole Authorization header it was matched from alive.
 */
function compact(signature: string): string {
  return /^[0-9a-f]{64}$/.test(signature) ? Buffer.from(signature, 'hex').toString('base64') : signature;
}

export const DEFAULT_ECHO_WINDOW_MS = 5_000;
export const DEFAULT_ECHO_BYTES = 16 * 1024 * 1024;

export interface ReplayGuardOptions {
  readonly capacity: number;
  readonly echoWindowMs: number;
  readonly echoBytes: number;
}

export type ReplayDecision =
  /** First use: serve it, then `settle` with the answer (always, even a failure), so repeats can have it. */
  | { readonly kind: 'serve'; settle(answer: WireResponse, now: number): void }
  /** A repeat within the echo window: answer with the first's answer, do not execute. */
  | { readonly kind: 'echo'; readonly answer: Promise<WireResponse> }
  | { readonly kind: 'replayed' }
  | { readonly kind: 'full' };

interface Echo {
  readonly answer: Promise<WireResponse>;
  /** When the answer was ready (undefined while the first is being served). */
  doneAt?: number;
  bytes: number;
}

export class ReplayGuard {
  private readonly seen: SeenSignatures;
  /** In arrival order, so the oldest are looked at first when expiring. */
  private readonly echoes = new Map<string, Echo>();
  private echoedBytes = 0;

  constructor(private readonly options: ReplayGuardOptions) {
    this.seen = new SeenSignatures(options.capacity);
  }

  /** Signatures remembered now. */
  get remembered(): number {
    return this.seen.size;
  }

  /** Decides on a request whose signature verified. Synchronous: two copies arriving together cannot both be served. */
  check(hexSignature: string, validUntil: number, now: number): ReplayDecision {
    const signature = compact(hexSignature);
    this.expireEchoes(now);
    const echo = this.echoes.get(signature);
    if (echo && (echo.doneAt === undefined || now - echo.doneAt <= this.options.echoWindowMs)) return { kind: 'echo', answer: echo.answer };
    const admission = this.seen.admit(signature, validUntil, now);
    if (admission !== 'accepted') return { kind: admission };
    let resolve: (answer: WireResponse) => void = () => undefined;
    const entry: Echo = { answer: new Promise<WireResponse>((done) => (resolve = done)), bytes: 0 };
    this.echoes.set(signature, entry);
    return {
      kind: 'serve',
      settle: (answer, at) => {
        resolve(answer);
        entry.doneAt = at;
        entry.bytes = answer.body.length;
        this.echoedBytes += entry.bytes;
        if (this.echoedBytes > this.options.echoBytes || this.options.echoWindowMs <= 0) this.forget(signature, entry);
      },
    };
  }

  private forget(signature: string, entry: Echo): void {
    if (this.echoes.get(signature) !== entry) return;
    this.echoes.delete(signature);
    this.echoedBytes -= entry.bytes;
  }

  /** Drops answers past the window, oldest first; one still being served holds the rest back until it is done. */
  private expireEchoes(now: number): void {
    for (const [signature, entry] of this.echoes) {
      if (entry.doneAt === undefined || now - entry.doneAt <= this.options.echoWindowMs) break;
      this.forget(signature, entry);
    }
  }
}
