/**
 * The domain → shared fallback, in one place: the app's status (src/main/secrets/status.ts) and the
 * runtime reader (src/runtime) both decide with this function, so what a card shows ("inherited
 * from shared", "not configured", "scheduled for deletion") is what an agent backend reads.
 *
 * Pure and dependency-free (the runtime is compiled on its own).
 */
import { DEFAULT_DOMAIN_ID } from './naming';

/** What one secret id holds, as far as the fallback cares. */
export type SecretPresence =
  /** Not there at all (ResourceNotFound; or not listed). */
  | 'missing'
  /** There, not scheduled for deletion, with an AWSCURRENT version. */
  | 'current'
  /** There but without an AWSCURRENT version (created without a value). */
  | 'no-current-version'
  /** There and scheduled for deletion (DeletedDate set). */
  | 'scheduled-for-deletion';

/**
 * Whose value applies to a domain's secret:
 * - `own`: the domain's own secret;
 * - `shared`: the org's `shared` secret of the same name (the domain has none of its own);
 * - `scheduled`: the domain's own secret is scheduled for deletion — it is not silently replaced
 *   by the shared one (the status shows "scheduled for deletion", not "inherited");
 * - `none`: nothing applies ("not configured").
 */
export type EffectiveSource = 'own' | 'shared' | 'scheduled' | 'none';

export function effectiveSource(domainId: string, own: SecretPresence, shared: SecretPresence): EffectiveSource {
  if (own === 'scheduled-for-deletion') return 'scheduled';
  if (own === 'current') return 'own';
  if (domainId !== DEFAULT_DOMAIN_ID && shared === 'current') return 'shared';
  return 'none';
}
