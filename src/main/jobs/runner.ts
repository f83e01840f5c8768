/**
 * Runs the items of a bulk job with bounded, adaptive concurrency, and cancel.
 *
 * Secrets Manager rate-limits writes (about 50 a second per account for PutSecretValue and
 * CreateSecret). The SDK retries a throttled request with backoff, but a job that keeps 48
 * requests in flight against that limit only keeps more of them waiting, and the SDK's retry quota
 * runs dry. So the job follows the backend (AIMD, as TCP does):
 *  - it starts with a few requests in flight (INITIAL_IN_FLIGHT) and adds one per clean answer
 *    (doubling every round trip) up to its maximum, until the first pushback ("slow start": a
 *    first burst at the maximum would mostly be throttled and spend the SDK's retry quota);
 *  - every attempt the backend pushed back (throttled, or failed in a way the SDK retries; the
 *    client reports it at once, see throttle-observer.ts) is pressure: at most once per
 *    DECREASE_INTERVAL_MS, the requests in flight are halved and item starts are paced at a little
 *    under the rate the backend has been answering items at (the last second);
 *  - every clean answer (first attempt) adds back a little: 1/limit to the requests in flight, and
 *    about a tenth a second to the pace, until it is fast enough not to matter.
 * A window alone cannot follow a rate limit when a round trip is short: against 50 writes/s with
 * ~25 ms per item, one request in flight is too slow and two are too many. The pace can.
 *
 * An item whose write still came back THROTTLED (the SDK gave up) is not a failure: it goes back in
 * the queue, so throttling never reaches the person as an error. Either `perform` throws THROTTLED
 * and is called again later, or (what the jobs do) it calls `retryLater()`, gives its slot back and
 * carries on in the same call when its turn comes again: so one item stays one audited change
 * across its retries (one attempt, one outcome), and it can read back before settling on a cancel.
 * (`perform` sends the item's same ClientRequestToken again and reads back first: see lost-answers.ts.)
 *
 * Cancel stops starting items; those in flight finish (a request already sent cannot be taken
 * back, and its outcome must be reported exactly), the rest are reported `cancelled`. One that
 * comes back THROTTLED after the cancel (or waits in the queue after a THROTTLED) is `cancelled`
 * only if `perform` read back that nothing landed, else "Unknown — check" (throttledAfterCancel);
 * one waiting in `retryLater()` is told "no more turns" and settles itself.
 */
import { AppError, isAppError, type ErrorCode } from '../../shared/errors';

export type ItemOutcome = { readonly state: 'written' | 'skipped'; readonly reason?: string };
export type ItemResult = ItemOutcome | { readonly state: 'failed' | 'cancelled'; readonly reason: string; readonly code?: ErrorCode };

/** Requests in flight at the start of a job (then up to its maximum, one more per clean answer). */
export const INITIAL_IN_FLIGHT = 8;
/** One decrease per congestion event: the pushed-back answers of requests sent before it are not new news. */
export const DECREASE_INTERVAL_MS = 500;
/** After pressure, items start at this share of the rate the backend answered them at. */
export const PACE_BACKOFF = 0.9;
/** Each second of clean answers raises the pace by this share (and at least 1 item/s). */
export const PACE_GROWTH = 0.1;
/** A pace this fast no longer limits anything: items start as the window allows. */
export const UNPACED_RATE = 1000;
/** The answer rate is measured over this long (or since the first start, if shorter). */
const RATE_WINDOW_MS = 1000;
const MIN_RATE = 1;

export interface AdaptiveLimitOptions {
  /** The fewest requests in flight (default 1). */
  readonly min?: number;
  /** Requests in flight at the start (default INITIAL_IN_FLIGHT, at most the maximum). */
  readonly initial?: number;
  /** Milliseconds (default performance.now); tests drive it. */
  readonly now?: () => number;
}

/**
 * Requests in flight (from `initial` up to `max`: one more per clean answer until the first
 * pressure, then halved on pressure and back up by 1/limit per clean answer) and, once the backend
 * has pushed back, a pace for item starts (items/s).
 */
export class AdaptiveLimit {
  private value: number;
  private slowStart = true;
  private readonly min: number;
  private readonly now: () => number;
  private rate: number | undefined;
  private nextStart = Number.NEGATIVE_INFINITY;
  private lastDecrease = Number.NEGATIVE_INFINITY;
  private lastPaceDecrease = Number.NEGATIVE_INFINITY;
  private firstStart: number | undefined;
  /** When items were answered, over the last RATE_WINDOW_MS. */
  private readonly answers: number[] = [];

  constructor(
    private readonly max: number,
    options: AdaptiveLimitOptions = {},
  ) {
    this.min = options.min ?? 1;
    this.value = Math.max(this.min, Math.min(max, options.initial ?? INITIAL_IN_FLIGHT));
    this.now = options.now ?? (() => performance.now());
  }

  /** Requests in flight allowed now. */
  get current(): number {
    return Math.max(this.min, Math.floor(this.value));
  }

  /** Item starts per second, or undefined while unpaced. */
  get pace(): number | undefined {
    return this.rate;
  }

  /** The backend pushed back (an attempt was throttled or will be retried, or an item came back THROTTLED). */
  pressure(): void {
    const at = this.now();
    this.slowStart = false;
    if (at - this.lastDecrease >= DECREASE_INTERVAL_MS) {
      this.lastDecrease = at;
      this.value = Math.max(this.min, this.value / 2);
    }
    // Paced from what the backend has been answering; before any answer there is nothing to go by.
    const measured = this.answerRate(at);
    if (measured > 0 && at - this.lastPaceDecrease >= DECREASE_INTERVAL_MS) {
      this.lastPaceDecrease = at;
      this.rate = Math.max(MIN_RATE, Math.min(this.rate ?? Number.POSITIVE_INFINITY, PACE_BACKOFF * measured));
    }
  }

  /** An answer came back on the first attempt. */
  clean(): void {
    this.value = Math.min(this.max, this.value + (this.slowStart ? 1 : 1 / this.value));
    if (this.rate !== undefined) {
      this.rate += Math.max(MIN_RATE, PACE_GROWTH * this.rate) / this.rate;
      if (this.rate >= UNPACED_RATE) this.rate = undefined;
    }
  }

  /** Milliseconds until the next item may start (0: now). */
  delay(): number {
    return this.rate === undefined ? 0 : Math.max(0, this.nextStart - this.now());
  }

  /** An item starts now. */
  started(): void {
    const at = this.now();
    this.firstStart ??= at;
    if (this.rate === undefined) return;
    const interval = 1000 / this.rate;
    // A start that came a little late (timers are) keeps the schedule; a pause builds up no burst.
    this.nextStart = Math.max(this.nextStart, at - interval / 2) + interval;
  }

  /** An item was answered (written, skipped or failed; not one put back in the queue). */
  answered(): void {
    const at = this.now();
    this.answers.push(at);
    while ((this.answers[0] as number) <= at - RATE_WINDOW_MS) this.answers.shift();
  }

  private answerRate(at: number): number {
    while (this.answers.length > 0 && (this.answers[0] as number) <= at - RATE_WINDOW_MS) this.answers.shift();
    if (this.answers.length === 0 || this.firstStart === undefined) return 0;
    const span = Math.min(RATE_WINDOW_MS, Math.max(at - this.firstStart, 1));
    return (this.answers.length * 1000) / span;
  }
}

export interface RunItemsOptions {
  readonly count: number;
  readonly limit: AdaptiveLimit;
  readonly signal: AbortSignal;
  /** Performs item `index`; a thrown AppError is its failure (a THROTTLED one is retried later). */
  readonly perform: (index: number, retryLater: RetryLater) => Promise<ItemOutcome>;
  /** An item started (state `running`) or settled. */
  readonly onStart?: (index: number) => void;
  readonly onSettled: (index: number, result: ItemResult) => void;
  /** How often one item may come back THROTTLED before it fails (default 8). */
  readonly throttledRetries?: number;
}

const THROTTLED_RETRIES = 8;

/**
 * Given to `perform`: its item came back THROTTLED and should go again later. The slot is given
 * back and the item goes first in line; resolves true when it may go again (it holds a slot once
 * more), false when it may not (cancelled, or out of retries): `perform` then settles the item
 * itself (its answer counts as the item's outcome, and a THROTTLED error as after a cancel).
 */
export type RetryLater = () => Promise<boolean>;

/** In a THROTTLED error's details: false once reading back showed the change did not land; 'unknown' when it could not be read back. */
export const WRITTEN_DETAIL = 'written';

/**
 * After a cancel, an item that came back THROTTLED is not taken again. A final THROTTLED is no
 * proof that nothing was written (an earlier attempt may have landed and lost its answer): only
 * `perform` can tell, by reading the secret back, and says so in `details.written` (false: it did
 * not land). Without that, the item is "Unknown — check", never "nothing was written".
 */
function throttledAfterCancel(error: AppError): ItemResult {
  if (error.details?.[WRITTEN_DETAIL] === false) {
    return { state: 'cancelled', reason: 'Cancelled: its write was refused (throttled), and reading the secret back found nothing of it, so nothing was written for it.' };
  }
  if (error.details?.[WRITTEN_DETAIL] === 'unknown') return { state: 'failed', reason: error.message, code: 'THROTTLED' };
  return {
    state: 'failed',
    reason: 'Unknown — check: the job was cancelled while this item was throttled, and its change may have been made by an attempt whose answer was lost. Look at the secret before running it again.',
    code: 'THROTTLED',
  };
}

/** Runs every item once (THROTTLED ones again), in index order of start. Resolves when all are settled. */
export async function runItems(options: RunItemsOptions): Promise<void> {
  const queue = Array.from({ length: options.count }, (_, index) => index);
  const throttled = new Map<number, number>();
  /** Queued items that came back THROTTLED: on a cancel, they are settled from that answer, not as never started. */
  const lastThrottled = new Map<number, AppError>();
  /** Queued items waiting in `retryLater()`, by index: resumed (true) or told no more (false). */
  const waiting = new Map<number, (again: boolean) => void>();
  let running = 0;
  const maxThrottled = options.throttledRetries ?? THROTTLED_RETRIES;
  const { limit, signal } = options;

  // The loop sleeps until something changes: an item settles, the pace allows a start, a cancel.
  let wake: (() => void) | undefined;
  const wakeUp = (): void => {
    const resume = wake;
    wake = undefined;
    resume?.();
  };
  signal.addEventListener('abort', wakeUp, { once: true });

  const settle = (index: number, result: ItemResult): void => options.onSettled(index, result);
  let broken: { error: unknown } | undefined;

  const retryLater =
    (index: number): RetryLater =>
    () => {
      const times = (throttled.get(index) ?? 0) + 1;
      throttled.set(index, times);
      if (times > maxThrottled || signal.aborted) return Promise.resolve(false);
      limit.pressure();
      running -= 1;
      return new Promise<boolean>((resolve) => {
        waiting.set(index, resolve);
        queue.unshift(index); // first in line once the limit allows
        wakeUp();
      });
    };

  /** Item `index` holds a slot again after `retryLater()`: told to go on (true), or to settle itself (false, after a cancel). */
  const resume = (index: number, again: boolean): void => {
    const resolve = waiting.get(index);
    waiting.delete(index);
    running += 1;
    if (again) {
      limit.started();
      options.onStart?.(index);
    }
    resolve?.(again);
  };

  const start = (index: number): void => {
    limit.started();
    running += 1;
    options.onStart?.(index);
    void options
      .perform(index, retryLater(index))
      .then(
        (outcome) => {
          limit.answered();
          settle(index, outcome);
        },
        (error: unknown) => {
          const appError = isAppError(error) ? error : new AppError('INTERNAL', 'Something unexpected failed while writing this item; nothing else was affected.');
          const times = (throttled.get(index) ?? 0) + 1;
          if (appError.code === 'THROTTLED' && times <= maxThrottled && !signal.aborted) {
            throttled.set(index, times);
            lastThrottled.set(index, appError);
            limit.pressure();
            queue.unshift(index); // first in line once the limit allows
            return;
          }
          limit.answered();
          settle(index, appError.code === 'THROTTLED' && signal.aborted ? throttledAfterCancel(appError) : { state: 'failed', reason: appError.message, code: appError.code });
        },
      )
      .catch((error: unknown) => {
        // onSettled threw (a bug): the run still waits for the others, then fails with it.
        broken ??= { error };
      })
      .finally(() => {
        running -= 1;
        wakeUp();
      });
  };

  try {
    for (;;) {
      let wait = 0;
      while (!signal.aborted && queue.length > 0 && running < limit.current) {
        wait = limit.delay();
        if (wait > 0) break;
        const index = queue.shift() as number;
        if (waiting.has(index)) resume(index, true);
        else start(index);
      }
      // After a cancel, nothing more starts: the rest is cancelled, and only what is in flight is waited for.
      if (signal.aborted) {
        for (const index of queue.splice(0)) {
          const earlier = lastThrottled.get(index);
          if (waiting.has(index)) resume(index, false);
          else if (earlier) settle(index, throttledAfterCancel(earlier));
          else settle(index, { state: 'cancelled', reason: 'Cancelled before it was started: nothing was written for it.' });
        }
      }
      if (running === 0 && queue.length === 0) break;
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        wake = resolve;
        if (wait > 0 && running < limit.current) timer = setTimeout(wakeUp, Math.ceil(wait));
      });
      clearTimeout(timer);
    }
  } finally {
    signal.removeEventListener('abort', wakeUp);
  }
  if (broken) throw broken.error;
}
