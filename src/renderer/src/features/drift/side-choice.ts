/**
 * The two sides the drift view starts from, and the threshold as typed, checked.
 */
import type { DriftSideInput, ProfileList } from '../../../../shared/contract';
import { compareDriftInputSchema } from '../../../../shared/contract';
import { ENVS, type Env } from '../../../../shared/naming';

/** Prod is compared with dev by default; dev and staging with prod. */
const DEFAULT_OTHER_ENV: Readonly<Record<Env, Env>> = { dev: 'prod', staging: 'prod', prod: 'dev' };

/** Left: the active profile as it is; right: the same profile with another env. */
export function defaultSides(list: ProfileList | null): { left: DriftSideInput; right: DriftSideInput } | null {
  const active = list?.profiles.find((profile) => profile.id === list.activeId);
  if (!active) return null;
  return { left: { profileId: active.id }, right: { profileId: active.id, env: DEFAULT_OTHER_ENV[active.env] } };
}

/** A side that names a profile no longer saved falls back to the default. */
export function sideOrDefault(chosen: DriftSideInput | null, fallback: DriftSideInput, list: ProfileList | null): DriftSideInput {
  if (chosen && list?.profiles.some((profile) => profile.id === chosen.profileId)) return chosen;
  return fallback;
}

/** The env a side compares: its override, else its profile's own env. */
export function envOfSide(side: DriftSideInput, list: ProfileList | null): Env {
  return side.env ?? list?.profiles.find((profile) => profile.id === side.profileId)?.env ?? ENVS[0];
}

/** The threshold typed, as days, or the problem in words (the same rules main applies). */
export function parseSkewDays(text: string): { ok: true; days: number } | { ok: false; problem: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, problem: 'Enter a number of days, e.g. 30.' };
  if (!/^\d+$/.test(trimmed)) return { ok: false, problem: 'Use whole days, digits only (e.g. 30).' };
  const result = compareDriftInputSchema.shape.skewDays.safeParse(Number(trimmed));
  if (!result.success) return { ok: false, problem: `The threshold ${result.error.issues[0]?.message ?? 'is not valid'}.` };
  return { ok: true, days: result.data };
}
