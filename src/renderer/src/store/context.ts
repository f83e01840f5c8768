import type { Profile } from '../../../shared/contract';
import type { AppState } from './types';

/**
 * Which secrets are on screen: profile, org and domain. An answer that arrives after the person
 * moved elsewhere is dropped by comparing keys, so a slow reply never lands in the wrong list.
 */
export function contextKeyOf(state: Pick<AppState, 'profiles' | 'selectedOrgId' | 'selectedDomainId'>): string | null {
  const profileId = state.profiles.data?.activeId;
  if (!profileId || !state.selectedOrgId) return null;
  return `${profileId}|${state.selectedOrgId}|${state.selectedDomainId}`;
}

/**
 * The profile a context key was made for, when it is no longer the one in use (a notice for an
 * answer that lands after a switch names it); undefined while it still is, or if it is gone.
 */
export function switchedProfileOf(state: Pick<AppState, 'profiles'>, contextKey: string): Profile | undefined {
  const list = state.profiles.data;
  const profileId = contextKey.slice(0, contextKey.indexOf('|'));
  if (!list || profileId === list.activeId) return undefined;
  return list.profiles.find((profile) => profile.id === profileId);
}

export function activeProfileOf(state: Pick<AppState, 'profiles'>): Profile | undefined {
  const list = state.profiles.data;
  return list?.profiles.find((profile) => profile.id === list.activeId);
}
