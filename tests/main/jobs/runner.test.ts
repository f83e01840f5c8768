import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateSecretCommand, DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AdaptiveLimit, DECREASE_INTERVAL_MS, INITIAL_IN_FLIGHT, PACE_BACKOFF, UNPACED_RATE, runItems, type ItemOutcome, type ItemResult } from '../../../src/main/jobs/runner';
import { isPushback, observeAttempts } from '../../../src/main/jobs/throttle-observer';
import { AppError } from '../../../src/shared/errors';

/** A clock the test moves. */
function clock(start = 1_000): { now: () => number; advance(ms: number): void } {
  let at = start;
  return { now: () => at, advance: (ms) => (at += ms) };
}

/** A promise the test settles. */
function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));
const written: ItemOutcome = { state: 'written', reason: 'Created.' };

describe('AdaptiveLimit', () => {
  it('starts with a few in flight and adds one per clean answer (slow start) up to its maximum, until the first pressure', () => {
    const time = clock();
    const limit = new AdaptiveLimit(32, { now: time.now });
    expect(limit.current).toBe(INITIAL_IN_FLIGHT);
    expect(new AdaptiveLimit(3, { now: time.now }).current).toBe(3);
    for (let index = 0; index < INITIAL_IN_FLIGHT; index += 1) limit.clean(); // one round trip of clean answers
    expect(limit.current).toBe(2 * INITIAL_IN_FLIGHT);
    for (let index = 0; index < 100; index += 1) limit.clean();
    expect(limit.current).toBe(32);
    limit.pressure();
    expect(limit.current).toBe(16);
    // After pressure, growth is additive: 1/limit per clean answer (16 answers: 16 + 0.98).
    for (let index = 0; index < 16; index += 1) limit.clean();
    expect(limit.current).toBe(16);
    limit.clean();
    expect(limit.current).toBe(17);
  });

  it('halves on pressure (once per congestion event), never below its minimum', () => {
    const time = clock();
    const limit = new AdaptiveLimit(16, { now: time.now, initial: 16 });
    expect(limit.current).toBe(16);
    limit.pressure();
    expect(limit.current).toBe(8);
    // Pushback from requests sent before the decrease is not new: no second halving at once.
    limit.pressure();
    limit.pressure();
    expect(limit.current).toBe(8);
    for (const expected of [4, 2, 1, 1]) {
      time.advance(DECREASE_INTERVAL_MS);
      limit.pressure();
      expect(limit.current).toBe(expected);
    }
    expect(new AdaptiveLimit(8, { now: time.now, min: 3 }).current).toBe(8);
    const floored = new AdaptiveLimit(8, { now: time.now, min: 3 });
    floored.pressure();
    time.advance(DECREASE_INTERVAL_MS);
    floored.pressure();
    expect(floored.current).toBe(3);
  });

  it('grows back by 1/limit per clean answer, up to its maximum', () => {
    const time = clock();
    const limit = new AdaptiveLimit(4, { now: time.now });
    limit.pressure();
    time.advance(DECREASE_INTERVAL_MS);
    limit.pressure();
    expect(limit.current).toBe(1);
    limit.clean(); // 1 → 2
    expect(limit.current).toBe(2);
    limit.clean(); // 2 → 2.5
    expect(limit.current).toBe(2);
    limit.clean(); // 2.5 → 2.9
    limit.clean(); // → 3.24
    expect(limit.current).toBe(3);
    for (let index = 0; index < 100; index += 1) limit.clean();
    expect(limit.current).toBe(4);
  });

  it('is unpaced until pressure comes after answers; then paces starts a little under the answer rate', () => {
    const time = clock();
    const limit = new AdaptiveLimit(16, { now: time.now });
    limit.started();
    limit.pressure(); // nothing answered yet: nothing to pace by
    expect(limit.pace).toBeUndefined();
    expect(limit.delay()).toBe(0);
    // 50 answers over the last second.
    for (let index = 0; index < 50; index += 1) {
      time.advance(20);
      limit.answered();
    }
    limit.pressure();
    expect(limit.pace).toBeCloseTo(PACE_BACKOFF * 50, 5);
    const interval = 1000 / (limit.pace as number);
    limit.started(); // the first paced start: the next one half an interval later (timers are late, not early)
    expect(limit.delay()).toBeCloseTo(interval / 2, 5);
    time.advance(interval / 2);
    expect(limit.delay()).toBe(0);
    limit.started();
    expect(limit.delay()).toBeCloseTo(interval, 5);
    time.advance(interval + 1); // a start that came 1 ms late: the next keeps the schedule
    limit.started();
    expect(limit.delay()).toBeCloseTo(interval - 1, 5);
    // A long pause builds up no burst: one start, then the interval again.
    time.advance(10 * interval);
    limit.started();
    limit.started();
    expect(limit.delay()).toBeGreaterThan(0);
  });

  it('does not compound decreases within one congestion event, and never paces above the pace it has', () => {
    const time = clock();
    const limit = new AdaptiveLimit(16, { now: time.now });
    limit.started();
    for (let index = 0; index < 40; index += 1) {
      time.advance(25);
      limit.answered();
    }
    limit.pressure();
    const first = limit.pace as number;
    expect(first).toBeCloseTo(PACE_BACKOFF * 40, 0);
    limit.pressure();
    expect(limit.pace).toBe(first);
    // Later pressure with more answers measured never raises the pace.
    for (let index = 0; index < 80; index += 1) {
      time.advance(12.5);
      limit.answered();
    }
    limit.pressure();
    expect(limit.pace).toBe(first);
  });

  it('clean answers raise the pace (about a tenth a second) until it is unpaced', () => {
    const time = clock();
    const limit = new AdaptiveLimit(16, { now: time.now });
    limit.started();
    for (let index = 0; index < 50; index += 1) {
      time.advance(20);
      limit.answered();
    }
    limit.pressure();
    const start = limit.pace as number;
    for (let index = 0; index < Math.round(start); index += 1) limit.clean(); // about one second of answers
    expect(limit.pace as number).toBeGreaterThan(start * 1.08);
    expect(limit.pace as number).toBeLessThan(start * 1.12);
    for (let index = 0; index < 100_000 && limit.pace !== undefined; index += 1) limit.clean();
    expect(limit.pace).toBeUndefined();
    expect(UNPACED_RATE).toBeGreaterThan(100);
  });
});

describe('runItems', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps at most limit.current items in flight, starts them in order, settles each once', async () => {
    const limit = new AdaptiveLimit(3);
    const pending = new Map<number, ReturnType<typeof deferred<ItemOutcome>>>();
    const started: number[] = [];
    const settled: [number, ItemResult][] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const done = runItems({
      count: 10,
      limit,
      signal: new AbortController().signal,
      perform: (index) => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        const item = deferred<ItemOutcome>();
        pending.set(index, item);
        return item.promise.finally(() => (inFlight -= 1));
      },
      onStart: (index) => started.push(index),
      onSettled: (index, result) => settled.push([index, result]),
    });
    await flush();
    expect(started).toEqual([0, 1, 2]);
    while (settled.length < 10) {
      const [index, item] = [...pending][0] as [number, ReturnType<typeof deferred<ItemOutcome>>];
      pending.delete(index);
      item.resolve(written);
      await flush();
      expect(inFlight).toBeLessThanOrEqual(3);
    }
    await done;
    expect(maxInFlight).toBe(3);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(settled.map(([index]) => index).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(settled.every(([, result]) => result.state === 'written')).toBe(true);
  });

  it('puts THROTTLED items back in the queue (first in line) and halves the window, so throttling is not a failure', async () => {
    const limit = new AdaptiveLimit(4);
    const attempts = new Map<number, number>();
    const settled = new Map<number, ItemResult>();
    const order: number[] = [];
    await runItems({
      count: 6,
      limit,
      signal: new AbortController().signal,
      perform: async (index) => {
        order.push(index);
        const times = (attempts.get(index) ?? 0) + 1;
        attempts.set(index, times);
        if (index === 2 && times <= 3) throw new AppError('THROTTLED', 'The backend is rate-limiting requests. Wait a moment and retry.');
        return written;
      },
      onSettled: (index, result) => {
        expect(settled.has(index)).toBe(false);
        settled.set(index, result);
      },
    });
    expect(attempts.get(2)).toBe(4);
    expect(settled.get(2)).toEqual(written);
    expect([...settled.values()].every((result) => result.state === 'written')).toBe(true);
    expect(settled.size).toBe(6);
    expect(limit.current).toBeLessThan(4);
  });

  it('fails an item that stays THROTTLED past its retries, with the THROTTLED code', async () => {
    const settled = new Map<number, ItemResult>();
    await runItems({
      count: 2,
      limit: new AdaptiveLimit(2),
      signal: new AbortController().signal,
      throttledRetries: 2,
      perform: async (index) => {
        if (index === 1) throw new AppError('THROTTLED', 'rate-limited');
        return written;
      },
      onSettled: (index, result) => settled.set(index, result),
    });
    expect(settled.get(0)).toEqual(written);
    expect(settled.get(1)).toMatchObject({ state: 'failed', code: 'THROTTLED' });
  });

  it('reports any other error as the item failure, and a non-AppError as INTERNAL', async () => {
    const settled = new Map<number, ItemResult>();
    await runItems({
      count: 3,
      limit: new AdaptiveLimit(3),
      signal: new AbortController().signal,
      perform: async (index) => {
        if (index === 0) throw new AppError('ACCESS_DENIED', 'not allowed');
        if (index === 1) throw new Error('boom');
        return written;
      },
      onSettled: (index, result) => settled.set(index, result),
    });
    expect(settled.get(0)).toMatchObject({ state: 'failed', code: 'ACCESS_DENIED', reason: 'not allowed' });
    expect(settled.get(1)).toMatchObject({ state: 'failed', code: 'INTERNAL' });
    expect(settled.get(2)).toEqual(written);
  });

  it('cancel settles the items not started as cancelled at once, and lets those in flight finish with their own outcome', async () => {
    const controller = new AbortController();
    const pending: ReturnType<typeof deferred<ItemOutcome>>[] = [];
    const settled = new Map<number, ItemResult>();
    let finished = false;
    const done = runItems({
      count: 8,
      limit: new AdaptiveLimit(3),
      signal: controller.signal,
      perform: () => {
        const item = deferred<ItemOutcome>();
        pending.push(item);
        return item.promise;
      },
      onSettled: (index, result) => settled.set(index, result),
    }).then(() => (finished = true));
    await flush();
    expect(pending).toHaveLength(3);
    controller.abort();
    await flush();
    // Not started: cancelled now; in flight: still running, and the run is not over.
    expect([...settled.keys()].sort()).toEqual([3, 4, 5, 6, 7]);
    expect([...settled.values()].every((result) => result.state === 'cancelled')).toBe(true);
    expect(finished).toBe(false);
    pending[0]?.resolve(written);
    // Refused, and read back by perform: nothing landed. Cancelled like the rest, never a throttling error.
    pending[1]?.reject(new AppError('THROTTLED', 'rate-limited', { written: false }));
    // Refused, not read back: an earlier attempt may have landed, so not "nothing was written".
    pending[2]?.reject(new AppError('THROTTLED', 'rate-limited'));
    await done;
    expect(pending).toHaveLength(3); // not requeued after a cancel
    expect(settled.get(0)).toEqual(written);
    expect(settled.get(1)).toMatchObject({ state: 'cancelled', reason: expect.stringContaining('nothing was written') });
    expect(settled.get(2)).toMatchObject({ state: 'failed', code: 'THROTTLED', reason: expect.stringMatching(/^Unknown — check/) });
    expect(settled.get(2)?.reason).not.toContain('nothing was written');
    expect(settled.size).toBe(8);
  });

  it('after a cancel, a THROTTLED item that perform could not read back keeps its "Unknown — check" reason', async () => {
    const controller = new AbortController();
    const pending = deferred<ItemOutcome>();
    const settled = new Map<number, ItemResult>();
    const done = runItems({ count: 1, limit: new AdaptiveLimit(1), signal: controller.signal, perform: () => pending.promise, onSettled: (index, result) => settled.set(index, result) });
    await flush();
    controller.abort();
    pending.reject(new AppError('THROTTLED', 'Unknown — check agentfoundry/dev/a/shared/x: look for version v1.', { written: 'unknown' }));
    await done;
    expect(settled.get(0)).toEqual({ state: 'failed', code: 'THROTTLED', reason: 'Unknown — check agentfoundry/dev/a/shared/x: look for version v1.' });
  });

  it('RV4-A: a THROTTLED item waiting in the queue for its retry when the job is cancelled is settled from that answer, never "nothing was written"', async () => {
    const controller = new AbortController();
    const other = deferred<ItemOutcome>();
    const settled = new Map<number, ItemResult>();
    let calls = 0;
    const done = runItems({
      count: 2,
      // Two in flight, halved to one by item 0's THROTTLED: item 1 keeps it, item 0 waits in the queue.
      limit: new AdaptiveLimit(2),
      signal: controller.signal,
      perform: (index) => {
        calls += 1;
        // Item 0's write may have landed and could not be read back; item 1 then holds the only slot.
        if (index === 0) return Promise.reject(new AppError('THROTTLED', 'Unknown — check agentfoundry/dev/a/shared/x: look for version v1.', { written: 'unknown' }));
        return other.promise;
      },
      onSettled: (index, result) => settled.set(index, result),
    });
    await flush();
    controller.abort();
    await flush();
    other.resolve(written);
    await done;
    expect(calls).toBe(2);
    expect(settled.get(0)).toEqual({ state: 'failed', code: 'THROTTLED', reason: 'Unknown — check agentfoundry/dev/a/shared/x: look for version v1.' });
    expect(settled.get(1)).toEqual(written);
  });

  it('retryLater gives the slot to the next item and resumes the same perform call first in line when the slot frees', async () => {
    const settled = new Map<number, ItemResult>();
    const order: string[] = [];
    const starts: number[] = [];
    let calls = 0;
    await runItems({
      count: 2,
      // Two in flight, halved to one by item 0's retryLater: item 0 goes again only once item 1 is done.
      limit: new AdaptiveLimit(2),
      signal: new AbortController().signal,
      onStart: (index) => starts.push(index),
      perform: async (index, retryLater) => {
        calls += 1;
        order.push(`start ${index}`);
        if (index === 1) {
          await new Promise((resolve) => setTimeout(resolve, 5));
          return written;
        }
        await flush(); // its request came back THROTTLED
        const again = await retryLater();
        order.push(`resumed ${index} ${again}`);
        return { state: 'written', reason: 'Found by reading back.' };
      },
      onSettled: (index, result) => {
        order.push(`settled ${index}`);
        settled.set(index, result);
      },
    });
    expect(order).toEqual(['start 0', 'start 1', 'settled 1', 'resumed 0 true', 'settled 0']);
    expect(calls).toBe(2);
    expect(starts).toEqual([0, 1, 0]);
    expect(settled.get(0)).toEqual({ state: 'written', reason: 'Found by reading back.' });
    expect(settled.get(1)).toEqual(written);
  });

  it('after a cancel (or past its retries), retryLater answers false and the item settles with what perform then finds', async () => {
    const controller = new AbortController();
    const settled = new Map<number, ItemResult>();
    const holder = deferred<ItemOutcome>();
    const answers: boolean[] = [];
    const done = runItems({
      count: 3,
      limit: new AdaptiveLimit(2),
      signal: controller.signal,
      throttledRetries: 1,
      perform: async (index, retryLater) => {
        if (index === 1) return holder.promise;
        if (index === 2) return written;
        await flush(); // its request came back THROTTLED
        answers.push(await retryLater());
        // Its last read-back found the write: reported, not cancelled.
        return { state: 'written', reason: 'Found by reading back.' };
      },
      onSettled: (index, result) => settled.set(index, result),
    });
    await flush();
    controller.abort();
    await flush();
    holder.resolve(written);
    await done;
    expect(answers).toEqual([false]);
    expect(settled.get(0)).toEqual({ state: 'written', reason: 'Found by reading back.' });
    expect(settled.get(2)).toMatchObject({ state: 'cancelled' });

    const out = new Map<number, ItemResult>();
    const given: boolean[] = [];
    await runItems({
      count: 1,
      limit: new AdaptiveLimit(1),
      signal: new AbortController().signal,
      throttledRetries: 2,
      perform: async (_index, retryLater) => {
        for (;;) {
          const again = await retryLater();
          given.push(again);
          if (!again) throw new AppError('THROTTLED', 'rate-limited', { written: false });
        }
      },
      onSettled: (index, result) => out.set(index, result),
    });
    expect(given).toEqual([true, true, false]);
    expect(out.get(0)).toMatchObject({ state: 'failed', code: 'THROTTLED' });
  });

  it('a bug in onSettled fails the run, but only once every item has settled', async () => {
    const settled: number[] = [];
    const run = runItems({
      count: 4,
      limit: new AdaptiveLimit(2),
      signal: new AbortController().signal,
      perform: async () => written,
      onSettled: (index) => {
        settled.push(index);
        if (index === 1) throw new Error('bug');
      },
    });
    await expect(run).rejects.toThrow('bug');
    expect(settled.sort()).toEqual([0, 1, 2, 3]);
  });

  it('cancels everything when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const perform = vi.fn(async () => written);
    const settled: ItemResult[] = [];
    await runItems({ count: 3, limit: new AdaptiveLimit(2), signal: controller.signal, perform, onSettled: (_index, result) => settled.push(result) });
    expect(perform).not.toHaveBeenCalled();
    expect(settled.map((result) => result.state)).toEqual(['cancelled', 'cancelled', 'cancelled']);
  });

  it('once paced, starts items no faster than the pace, however many slots are free', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const limit = new AdaptiveLimit(16, { now: () => Date.now() });
    // 20 answers a second were seen, then pressure: about 18 starts a second from now on.
    limit.started();
    for (let index = 0; index < 20; index += 1) {
      vi.advanceTimersByTime(50);
      limit.answered();
    }
    limit.pressure();
    const pace = limit.pace as number;
    expect(pace).toBeCloseTo(PACE_BACKOFF * 20, 0);
    const starts: number[] = [];
    const done = runItems({
      count: 10,
      limit,
      signal: new AbortController().signal,
      perform: async () => written,
      onStart: () => starts.push(Date.now()),
      onSettled: () => undefined,
    });
    await vi.advanceTimersByTimeAsync(2000);
    await done;
    expect(starts).toHaveLength(10);
    const interval = 1000 / pace;
    const gaps = starts.slice(1).map((at, index) => at - (starts[index] as number));
    expect(gaps[0]).toBeGreaterThanOrEqual(interval / 2 - 1);
    for (const gap of gaps.slice(1)) expect(gap).toBeGreaterThanOrEqual(interval - 1);
    // No clean answers reported (no observer here), so the pace holds.
    expect((starts.at(-1) as number) - (starts[0] as number)).toBeGreaterThanOrEqual(8.5 * interval - 2);
  });
});

describe('observeAttempts', () => {
  /** A Secrets Manager stand-in: answers each CreateSecret with the next scripted status. */
  let server: http.Server;
  let endpoint: string;
  const script: ('ok' | 'throttle' | 'exists' | '503')[] = [];
  beforeAll(async () => {
    server = http.createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        const next = script.shift() ?? 'ok';
        const json = (status: number, body: object) => response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(body));
        if (next === 'ok') json(200, { ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:x-AbCdEf', Name: 'x', VersionId: 'v' });
        else if (next === 'throttle') json(400, { __type: 'ThrottlingException', message: 'Rate exceeded' });
        else if (next === 'exists') json(400, { __type: 'ResourceExistsException', message: 'exists' });
        else json(503, { __type: 'ServiceUnavailableException', message: 'try later' });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** A client whose retries do not wait (the SDK's own backoff is not what is tested). */
  function client(): SecretsManagerClient {
    return new SecretsManagerClient({
      region: 'us-east-1',
      endpoint,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 4,
      retryStrategy: {
        acquireInitialRetryToken: async () => ({ getRetryCount: () => 0, getRetryDelay: () => 0 }),
        refreshRetryTokenForRetry: async (token: { getRetryCount(): number }, info: { errorType: string }) => {
          if (info.errorType === 'CLIENT_ERROR' || token.getRetryCount() + 1 >= 4) throw new Error('No retry token available');
          const count = token.getRetryCount() + 1;
          return { getRetryCount: () => count, getRetryDelay: () => 0 };
        },
        recordSuccess: () => undefined,
      },
    });
  }
  const create = (sm: SecretsManagerClient) => sm.send(new CreateSecretCommand({ Name: 'agentfoundry/dev/acme/shared/x', SecretString: 'v' }));

  it('reports every pushed-back attempt at once, and a first-attempt answer as clean', async () => {
    const sm = client();
    const seen: boolean[] = [];
    const stop = observeAttempts(sm, 'test-observer', (pushedBack) => seen.push(pushedBack));
    script.push('ok');
    await create(sm);
    expect(seen).toEqual([false]);
    seen.length = 0;
    script.push('throttle', 'throttle', 'ok');
    await create(sm);
    expect(seen).toEqual([true, true]); // two attempts throttled; the answer after them is not "clean"
    seen.length = 0;
    script.push('exists'); // the backend's considered answer: not pushback
    await expect(create(sm)).rejects.toMatchObject({ name: 'ResourceExistsException' });
    expect(seen).toEqual([false]);
    seen.length = 0;
    script.push('503', 'throttle', 'throttle', 'throttle');
    await expect(create(sm)).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect(seen).toEqual([true, true, true, true]);
    stop();
    seen.length = 0;
    script.push('throttle', 'ok');
    await create(sm);
    expect(seen).toEqual([]); // removed
    sm.destroy();
  });

  it('does not report clean answers of the commands it is told to leave out (read-backs say nothing of the write limit), but still their pushback', async () => {
    const sm = client();
    const seen: boolean[] = [];
    const stop = observeAttempts(sm, 'test-observer', (pushedBack) => seen.push(pushedBack), { uncountedClean: ['DescribeSecretCommand'] });
    script.push('ok');
    await sm.send(new DescribeSecretCommand({ SecretId: 'agentfoundry/dev/acme/shared/x' }));
    expect(seen).toEqual([]);
    script.push('throttle', 'ok');
    await sm.send(new DescribeSecretCommand({ SecretId: 'agentfoundry/dev/acme/shared/x' }));
    expect(seen).toEqual([true]);
    seen.length = 0;
    script.push('ok');
    await create(sm);
    expect(seen).toEqual([false]);
    stop();
    sm.destroy();
  });

  it('classifies throttling, 429, 5xx and no answer as pushback; other service errors not', () => {
    expect(isPushback({ name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } })).toBe(true);
    expect(isPushback({ name: 'Whatever', $metadata: { httpStatusCode: 429 } })).toBe(true);
    expect(isPushback({ name: 'InternalServiceError', $metadata: { httpStatusCode: 500 } })).toBe(true);
    expect(isPushback({ name: 'X', $retryable: { throttling: true }, $metadata: { httpStatusCode: 400 } })).toBe(true);
    expect(isPushback(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isPushback({ name: 'ResourceExistsException', $metadata: { httpStatusCode: 400 } })).toBe(false);
    expect(isPushback({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } })).toBe(false);
    // Secrets Manager's quota (versions of a secret, secrets in a Region): an answer, not a rate (review finding).
    expect(isPushback({ name: 'LimitExceededException', $metadata: { httpStatusCode: 400 } })).toBe(false);
  });
});
