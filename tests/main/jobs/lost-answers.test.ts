import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { attemptItem, CLOSING_GRACE_MS, CLOSING_READ_BACK_MS } from '../../../src/main/jobs/lost-answers';
import { AdaptiveLimit, runItems, type ItemResult } from '../../../src/main/jobs/runner';
import { AppError } from '../../../src/shared/errors';

describe('attemptItem', () => {
  it('RV5-3: out of retries, a final read-back that finds nothing fails the item as refused, not "Unknown — check"', async () => {
    let reads = 0;
    let sends = 0;
    const results: ItemResult[] = [];
    await runItems({
      count: 1,
      limit: new AdaptiveLimit(1),
      signal: new AbortController().signal,
      throttledRetries: 0,
      perform: (_index, retryLater) =>
        attemptItem({
          secretId: 'S',
          lookFor: 'its versions',
          mayChange: () => undefined,
          retryLater,
          change: async () => {
            sends += 1;
            throw new AppError('THROTTLED', 'Rate limited.');
          },
          readBack: async () => {
            reads += 1;
            if (reads === 1) throw new Error('throttled describe');
            return undefined;
          },
        }).then((done) => done.outcome),
      onSettled: (_index, result) => results.push(result),
    });
    expect({ sends, reads }).toEqual({ sends: 1, reads: 2 });
    expect(results).toEqual([{ state: 'failed', code: 'THROTTLED', reason: expect.stringContaining('reading it back found nothing written') }]);
    expect(results[0]?.reason).not.toContain('Unknown');
    expect(results[0]?.reason).toContain('after 1 try');
  });

  const stuckItem = (closing: AbortSignal, readBack: () => Promise<undefined>) =>
    attemptItem({
      secretId: 'S',
      lookFor: 'its versions',
      mayChange: () => undefined,
      retryLater: async () => false,
      closing,
      // A write stuck in the SDK's throttled retries.
      change: () => new Promise(() => undefined),
      readBack,
    });

  it('settles an item whose write is stuck when the app closes: "Unknown — check" once its read-back finds nothing (the write may still land)', async () => {
    const closing = new AbortController();
    const item = stuckItem(closing.signal, async () => undefined);
    const started = Date.now();
    closing.abort();
    await expect(item).rejects.toMatchObject({ code: 'THROTTLED', message: expect.stringContaining('Unknown — check S: the app closed'), details: { written: 'unknown' } });
    expect(Date.now() - started).toBeLessThan(CLOSING_GRACE_MS + CLOSING_READ_BACK_MS + 500);
  });

  it('gives a read-back that hangs at close no more than its time, then "Unknown — check"', async () => {
    const closing = new AbortController();
    const item = stuckItem(closing.signal, () => new Promise(() => undefined));
    const started = Date.now();
    closing.abort();
    await expect(item).rejects.toMatchObject({ code: 'THROTTLED', details: { written: 'unknown' } });
    expect(Date.now() - started).toBeLessThan(CLOSING_GRACE_MS + CLOSING_READ_BACK_MS + 500);
  });

  it('leaves no listener on the shared closing signal once an item has settled', async () => {
    const closing = new AbortController();
    for (let index = 0; index < 20; index += 1) {
      await attemptItem({ secretId: 'S', lookFor: 'x', mayChange: () => undefined, retryLater: async () => false, closing: closing.signal, change: async () => ({ outcome: { state: 'written' } }), readBack: async () => undefined });
    }
    expect(getEventListeners(closing.signal, 'abort')).toHaveLength(0);
  });
});
