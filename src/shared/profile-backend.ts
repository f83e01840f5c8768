/**
 * Which backend a profile addresses (no zod: the window imports it too). A profile saved with only
 * a new display name or read-only flag still lists, reads and writes the same secrets: what was
 * loaded for it (the fleet snapshot, this app's recent changes, the window's view) stays valid.
 * Any other field (kind, env, endpoint, region, AWS profile) may make it another backend.
 */
import type { Profile } from './profiles';

export function backendKeyOf(profile: Profile | undefined): string {
  if (!profile) return '';
  const { name: _name, readOnly: _readOnly, ...where } = profile;
  return JSON.stringify(where);
}

/** Whether two profiles address the same backend (see backendKeyOf). */
export function sameBackend(a: Profile, b: Profile): boolean {
  return a === b || backendKeyOf(a) === backendKeyOf(b);
}
