/** Main's few-minute memory of verdicts: per profile object, expiring, never keeping an error. */
import { describe, expect, it } from 'vitest';
import { SELF_CHECK_TTL_MS, createSelfCheckCache } from '../../../src/main/iam/self-check-cache';
import type { Profile } from '../../../src/shared/profiles';
import type { SelfCheckVerdict } from '../../../src/shared/self-check';

const profile: Profile = { kind: 'aws', id: 'support', name: 'Support', env: 'prod', readOnly: true, awsProfile: 'support' };

function verdictFor(p: Profile, error = false): SelfCheckVerdict {
  return {
    profileId: p.id,
    kind: p.kind,
    readOnly: p.readOnly,
    outcome: error ? 'unverified' : 'cannot-read',
    reason: 'r',
    decisions: [],
    missingPermissions: [],
    limits: [],
    checkedAt: '2026-11-30T03:00:00.000Z',
    cached: false,
    ...(error && { error: { code: 'UNREACHABLE', message: 'down' } }),
  };
}

describe('self-check cache', () => {
  it('answers from memory until the time to live has passed, then checks again', async () => {
    let clock = 0;
    let checks = 0;
    const cache = createSelfCheckCache({ check: async (p) => (checks++, verdictFor(p)), now: () => clock });
    expect((await cache.get(profile)).cached).toBe(false);
    clock = SELF_CHECK_TTL_MS - 1;
    expect((await cache.get(profile)).cached).toBe(true);
    expect(checks).toBe(1);
    clock = SELF_CHECK_TTL_MS;
    expect((await cache.get(profile)).cached).toBe(false);
    expect(checks).toBe(2);
  });

  it('checks a re-saved profile (a new object) anew, and shares a check in flight', async () => {
    let checks = 0;
    const cache = createSelfCheckCache({ check: async (p) => (checks++, verdictFor(p)) });
    await Promise.all([cache.get(profile), cache.get(profile)]);
    expect(checks).toBe(1);
    await cache.get({ ...profile, readOnly: false });
    expect(checks).toBe(2);
  });

  it('does not keep a verdict that stopped on an error', async () => {
    let checks = 0;
    const cache = createSelfCheckCache({ check: async (p) => (checks++, verdictFor(p, checks === 1)) });
    expect((await cache.get(profile)).error?.code).toBe('UNREACHABLE');
    expect((await cache.get(profile)).error).toBeUndefined();
    expect(checks).toBe(2);
  });
});
