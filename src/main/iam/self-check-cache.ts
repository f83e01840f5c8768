/**
 * Main keeps each profile's verdict a few minutes: the Profiles screen shows one per AWS profile,
 * and every render must not cost an STS call, an IAM GetRole and a simulation. "Check again"
 * (refresh) asks anew. A verdict that stopped on an error (expired sign-in, unreachable) is not
 * kept, so the next look retries once the person has signed in again. A re-saved profile (a new
 * object in the profile store) is checked anew.
 */
import type { Profile } from '../../shared/profiles';
import type { SelfCheckVerdict } from '../../shared/self-check';

export const SELF_CHECK_TTL_MS = 5 * 60 * 1000;

export interface SelfCheckCache {
  get(profile: Profile, options?: { readonly refresh?: boolean }): Promise<SelfCheckVerdict>;
}

export function createSelfCheckCache(options: {
  readonly check: (profile: Profile) => Promise<SelfCheckVerdict>;
  readonly ttlMs?: number;
  readonly now?: () => number;
}): SelfCheckCache {
  const ttlMs = options.ttlMs ?? SELF_CHECK_TTL_MS;
  const now = options.now ?? Date.now;
  const kept = new Map<string, { profile: Profile; at: number; verdict: Promise<SelfCheckVerdict> }>();

  return {
    async get(profile, { refresh = false } = {}) {
      const entry = kept.get(profile.id);
      if (!refresh && entry?.profile === profile && now() - entry.at < ttlMs) {
        const verdict = await entry.verdict;
        return { ...verdict, cached: true };
      }
      // Checks in flight are shared too: two panels asking at once make one check.
      const created = { profile, at: now(), verdict: options.check(profile) };
      kept.set(profile.id, created);
      const dropIfMine = (): void => {
        if (kept.get(profile.id) === created) kept.delete(profile.id);
      };
      try {
        const verdict = await created.verdict;
        if (verdict.error) dropIfMine();
        return verdict;
      } catch (error) {
        dropIfMine();
        throw error;
      }
    },
  };
}
