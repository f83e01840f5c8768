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

export function activeProfileOf(state: Pick<AppState, 'profiles'>): Profile | undefined {
  const list = state.profiles.data;
  return list?.profiles.find((profile) => profile.id === list.activeId);
}
