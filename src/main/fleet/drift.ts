/**
 * Drift between two fleet snapshots, org × domain × secret, exactly per the rules of
 * src/shared/drift.ts. Pure: the sides' listings come in (metadata only, never a value), the
 * findings and counts go out. A secret "configured" has a current value and is not scheduled for
 * deletion; a secret without a value counts as absent; skew needs the two dates more than the
 * threshold apart, measured in milliseconds (30 days and 1 ms is more than 30 days), and is reported
 * in whole days (rounded down).
 */
import type { DriftCell, DriftFinding, DriftKind, DriftSide } from '../../shared/drift';
import type { FleetOrg, FleetSecret } from '../../shared/fleet';
import { DEFAULT_DOMAIN_ID } from '../../shared/naming';
import { effectiveSource, type SecretPresence } from '../../shared/secret-fallback';

export const DAY_MS = 86_400_000;

/** What a side has of one secret, as the rules see it. */
export type DriftState = 'configured' | 'scheduled' | 'no-value' | 'absent';

export function stateOf(cell: Pick<DriftCell, 'hasValue' | 'deletionDate'> | undefined): DriftState {
  if (!cell) return 'absent';
  // Scheduled first: a scheduled secret is neither usable nor simply missing.
  if (cell.deletionDate !== undefined) return 'scheduled';
  return cell.hasValue ? 'configured' : 'no-value';
}

export interface DriftComparison {
  /** org × domain × secret looked at (the union of both sides). */
  readonly compared: number;
  readonly counts: { readonly [S in DriftSide]: { [K in DriftKind]: number } };
  /** Sorted by org, domain, secret (code-point order, like the fleet snapshot). */
  readonly findings: DriftFinding[];
}

function cellOf(secret: FleetSecret): DriftCell {
  return {
    hasValue: secret.hasValue,
    ...(secret.lastChangedAt !== undefined && { lastChangedAt: secret.lastChangedAt }),
    ...(secret.deletionDate !== undefined && { deletionDate: secret.deletionDate }),
  };
}

/** One org × domain × secret with what each side has (the listing's own objects: no copy per secret). */
interface Pair {
  readonly orgId: string;
  readonly domainId: string;
  readonly secretName: string;
  left?: FleetSecret;
  right?: FleetSecret;
}

const other = (side: DriftSide): DriftSide => (side === 'left' ? 'right' : 'left');

const PRESENCE: { readonly [S in DriftState]: SecretPresence } = { configured: 'current', scheduled: 'scheduled-for-deletion', 'no-value': 'no-current-version', absent: 'missing' };

/** "\u0000" cannot occur in an org, domain or secret name: the key is unambiguous. */
const keyOf = (orgId: string, domainId: string, secretName: string): string => `${orgId}\u0000${domainId}\u0000${secretName}`;
const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The finding one pair gives, if it differs (see the rules at the top of src/shared/drift.ts). */
function judge(pair: Pair, skewDays: number): Pick<DriftFinding, 'kind' | 'side' | 'skewDays'> | undefined {
  const states = { left: stateOf(pair.left), right: stateOf(pair.right) };
  for (const side of ['left', 'right'] as const) {
    const mine = states[side];
    const theirs = states[other(side)];
    // Scheduled here, configured or absent (no value included) there.
    if (mine === 'scheduled' && theirs !== 'scheduled') return { kind: 'scheduled', side };
    // Configured there, absent or without a value here.
    if (theirs === 'configured' && (mine === 'absent' || mine === 'no-value')) return { kind: 'missing', side };
  }
  if (states.left !== 'configured' || states.right !== 'configured') return undefined;
  const left = pair.left?.lastChangedAt;
  const right = pair.right?.lastChangedAt;
  // Without both dates there is nothing to measure: not reported rather than guessed.
  if (left === undefined || right === undefined) return undefined;
  // Milliseconds, not whole days: flooring first would let 30 days 23 hours pass a 30-day threshold.
  const apart = Math.abs(left - right);
  if (apart <= skewDays * DAY_MS) return undefined;
  return { kind: 'skew', side: left > right ? 'left' : 'right', skewDays: Math.floor(apart / DAY_MS) };
}

function index(orgs: readonly FleetOrg[], side: DriftSide, into: Map<string, Pair>): void {
  for (const org of orgs) {
    for (const secret of org.secrets) {
      const key = keyOf(org.orgId, secret.domainId, secret.secretName);
      let pair = into.get(key);
      if (!pair) {
        pair = { orgId: org.orgId, domainId: secret.domainId, secretName: secret.secretName };
        into.set(key, pair);
      }
      pair[side] = secret;
    }
  }
}

/** Compares the left side's orgs with the right side's. Orgs without secrets give nothing. */
export function compareFleets(left: readonly FleetOrg[], right: readonly FleetOrg[], skewDays: number): DriftComparison {
  const pairs = new Map<string, Pair>();
  index(left, 'left', pairs);
  index(right, 'right', pairs);
  const counts = {
    left: { missing: 0, scheduled: 0, skew: 0 },
    right: { missing: 0, scheduled: 0, skew: 0 },
  };
  const findings: DriftFinding[] = [];
  for (const pair of pairs.values()) {
    const verdict = judge(pair, skewDays);
    if (!verdict) continue;
    counts[verdict.side][verdict.kind] += 1;
    // The same rule as the status and the runtime reader (src/shared/secret-fallback.ts).
    const fallsBack =
      verdict.kind === 'missing' &&
      pair.domainId !== DEFAULT_DOMAIN_ID &&
      effectiveSource(pair.domainId, PRESENCE[stateOf(pair[verdict.side])], PRESENCE[stateOf(pairs.get(keyOf(pair.orgId, DEFAULT_DOMAIN_ID, pair.secretName))?.[verdict.side])]) === 'shared';
    findings.push({
      orgId: pair.orgId,
      domainId: pair.domainId,
      secretName: pair.secretName,
      ...verdict,
      ...(pair.left && { left: cellOf(pair.left) }),
      ...(pair.right && { right: cellOf(pair.right) }),
      ...(fallsBack && { fallsBackToShared: true as const }),
    });
  }
  findings.sort((a, b) => byCodePoint(a.orgId, b.orgId) || byCodePoint(a.domainId, b.domainId) || byCodePoint(a.secretName, b.secretName));
  return { compared: pairs.size, counts, findings };
}
