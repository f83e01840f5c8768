/**
 * Who may cancel a drift comparison: a caller that joined an identical comparison keeps waiting
 * when another caller cancels, and a compare of other sides runs alongside (two browser tabs)
 * instead of cancelling the one in flight. The listing is a slow stand-in (no backend needed to
 * show who gets aborted); the rest is the real service.
 */
import { describe, expect, it } from 'vitest';
import { createDriftService, type DriftServiceOptions } from '../../../src/main/fleet/drift-service';
import type { Profile } from '../../../src/shared/profiles';

const profiles: Record<string, Profile> = {
  a: { kind: 'embedded', id: 'a', name: 'A', env: 'dev', readOnly: false },
  b: { kind: 'embedded', id: 'b', name: 'B', env: 'dev', readOnly: false },
  c: { kind: 'embedded', id: 'c', name: 'C', env: 'dev', readOnly: false },
  d: { kind: 'embedded', id: 'd', name: 'D', env: 'dev', readOnly: false },
};

/** A listing of nothing that takes 150 ms, unless aborted. */
const slowList: NonNullable<DriftServiceOptions['list']> = ({ signal }) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(undefined as never), 150);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });

const service = () =>
  createDriftService({
    profileById: (id) => profiles[id],
    fleet: { complete: () => undefined },
    clientFor: async () => ({}) as never,
    list: slowList,
  });

const compare = (drift: ReturnType<typeof service>, requestId: string, left: string, right: string) =>
  drift.compare({ requestId, left: { profileId: left }, right: { profileId: right }, skewDays: 30, refresh: false });
const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('drift comparison callers', () => {
  it('cancels only the caller that asked while another caller of the same comparison waits', async () => {
    const drift = service();
    const first = compare(drift, 'A', 'a', 'b');
    const joined = compare(drift, 'B', 'a', 'b');
    await tick();
    expect(drift.cancel('A')).toBe(true);
    expect((await first).state).toBe('cancelled');
    const other = await joined;
    expect(other.state).toBe('complete');
    expect(other.requestId).toBe('B');
    drift.close();
  });

  it('aborts the comparison when its last caller cancels', async () => {
    const drift = service();
    const first = compare(drift, 'A', 'a', 'b');
    const joined = compare(drift, 'B', 'a', 'b');
    await tick();
    drift.cancel('A');
    expect(drift.cancel('B')).toBe(true);
    expect((await joined).state).toBe('cancelled');
    expect((await first).state).toBe('cancelled');
    drift.close();
  });

  it('runs a comparison of other sides alongside, and refuses a third with CONFLICT', async () => {
    const drift = service();
    const ab = compare(drift, 'A', 'a', 'b');
    await tick();
    const ac = compare(drift, 'C', 'a', 'c');
    await tick();
    await expect(compare(drift, 'D', 'a', 'd')).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/wait for one to finish, or cancel one/) });
    expect((await ab).state).toBe('complete');
    expect((await ac).state).toBe('complete');
    drift.close();
  });

  it('lets the latest compare of the same sides replace the one in flight', async () => {
    const drift = service();
    const older = compare(drift, 'A', 'a', 'b');
    await tick();
    const newer = drift.compare({ requestId: 'B', left: { profileId: 'a' }, right: { profileId: 'b' }, skewDays: 7, refresh: false });
    expect((await older).state).toBe('cancelled');
    expect((await newer).state).toBe('complete');
    drift.close();
  });
});
