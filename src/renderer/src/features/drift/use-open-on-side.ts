import { useState } from 'react';
import type { DriftFinding } from '../../../../shared/contract';
import type { UiErrorData } from '../../api';
import { useAppStore } from '../../store';
import type { FindingAction } from './drift-model';

/**
 * Opens a finding on the side its action names: switching profile first (the normal path, with
 * its own reset and reload) when that side is another saved profile, then the org/domain/secret
 * in the secrets view with the write form ready (or, for a scheduled secret, its card with Restore).
 */
export function useOpenOnSide(): { open(finding: DriftFinding, action: FindingAction): Promise<void>; pending: boolean; error: UiErrorData | null } {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<UiErrorData | null>(null);

  async function open(finding: DriftFinding, action: FindingAction): Promise<void> {
    if (!action.enabled || pending) return;
    setError(null);
    if (action.switchProfile) {
      setPending(true);
      await useAppStore.getState().selectProfile(action.profileId);
      setPending(false);
      const state = useAppStore.getState();
      if (state.profiles.data?.activeId !== action.profileId) {
        setError(state.switchError ?? { code: 'INTERNAL', message: 'The profile could not be switched. Try again from the profile switcher.' });
        return;
      }
    }
    const store = useAppStore.getState();
    store.openFleetTarget({ orgId: finding.orgId, domainId: finding.domainId, secretName: finding.secretName, write: action.write });
    // A custom secret the side lacks has no card there yet: it gets one, as "Add custom secret" does.
    const inCatalog = store.catalog.data?.categories.some((category) => category.secrets.some((entry) => entry.secretName === finding.secretName)) ?? true;
    if (action.write && !inCatalog) useAppStore.getState().addCustomName(finding.secretName);
  }

  return { open, pending, error };
}
