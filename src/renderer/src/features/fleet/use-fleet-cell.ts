import { cellOf, type Cell } from '../../../../shared/coverage';
import { DEFAULT_STALE_AFTER_DAYS } from '../../../../shared/fleet-rules';
import { useAppStore } from '../../store';

/**
 * What the fleet snapshot says about one secret of an org domain (its own value, or the shared one
 * it inherits): stale under the policy, last accessed. null while the fleet has not listed the org.
 * SecretStatus carries neither fact; the snapshot has both, from the same listing.
 */
export function useFleetCell(orgId: string, domainId: string, secretName: string, now: number): Cell | null {
  const entry = useAppStore((s) => s.fleet.orgs.get(orgId));
  const staleAfterDays = useAppStore((s) => s.fleetSettings.data?.staleAfterDays ?? DEFAULT_STALE_AFTER_DAYS);
  if (!entry) return null;
  return cellOf(entry.index, domainId, secretName, now, staleAfterDays);
}
