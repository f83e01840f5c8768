/**
 * The drift view's words and decisions, as pure functions (unit-tested without a window): what a
 * side is called, what each side has of a secret, the finding in words, which findings the filters
 * keep, and where "Open write form" goes — or why it cannot go anywhere.
 *
 * Nothing here sees a value: a finding is metadata (dates, deletion, has-a-value) from ListSecrets.
 */
import type { DriftCell, DriftFinding, DriftKind, DriftReport, DriftSide, DriftSideInfo, Profile } from '../../../../shared/contract';
import { DRIFT_KINDS, DRIFT_SIDES } from '../../../../shared/contract';
import { formatCount } from '../../lib/numbers';

const DAY_MS = 24 * 60 * 60 * 1000;

export const otherSide = (side: DriftSide): DriftSide => (side === 'left' ? 'right' : 'left');

/** A (kind, side) pair the view counts and filters by, e.g. `missing:right`. */
export type CountKey = `${DriftKind}:${DriftSide}`;
export const countKey = (kind: DriftKind, side: DriftSide): CountKey => `${kind}:${side}`;
export const COUNT_KEYS: readonly CountKey[] = DRIFT_KINDS.flatMap((kind) => DRIFT_SIDES.map((side) => countKey(kind, side)));

export interface SideNames {
  readonly left: string;
  readonly right: string;
}

/**
 * What each side is called in the view's words: the env when both sides are one profile ("prod"),
 * the profile name when both have one env ("LocalStack"), both otherwise ("LocalStack dev").
 */
export function sideNamesOf(left: DriftSideInfo | undefined, right: DriftSideInfo | undefined): SideNames {
  if (!left || !right) return { left: left?.profileName ?? 'left', right: right?.profileName ?? 'right' };
  if (left.profileId === right.profileId && left.env !== right.env) return { left: left.env, right: right.env };
  if (left.env === right.env && left.profileName !== right.profileName) return { left: left.profileName, right: right.profileName };
  // Same name and env on both sides (two profiles named alike): the side's position tells them apart.
  if (left.env === right.env) return { left: `${left.profileName} (left)`, right: `${right.profileName} (right)` };
  return { left: `${left.profileName} ${left.env}`, right: `${right.profileName} ${right.env}` };
}

/** Whole days from `then` to `now` ("changed today" is 0). */
export function daysAgo(then: number, now: number): number {
  return Math.max(0, Math.floor((now - then) / DAY_MS));
}

/** A date as the export and the tests write it, in UTC: 2026-12-07. */
export const isoDay = (epochMs: number): string => new Date(epochMs).toISOString().slice(0, 10);

function changedWords(at: number | undefined, now: number): string {
  if (at === undefined) return '';
  const days = daysAgo(at, now);
  return days === 0 ? 'last changed today' : days === 1 ? 'last changed yesterday' : `last changed ${formatCount(days)} days ago`;
}

/** What one side has of the secret: "configured, last changed 40 days ago", "missing", "scheduled for deletion on 2026-12-07". */
export function cellWords(cell: DriftCell | undefined, now: number): string {
  if (!cell) return 'missing';
  if (cell.deletionDate !== undefined) return `scheduled for deletion on ${isoDay(cell.deletionDate)}`;
  if (!cell.hasValue) return 'missing (no value)';
  const changed = changedWords(cell.lastChangedAt, now);
  return changed ? `configured, ${changed}` : 'configured';
}

/** The cell's state, for styling and for tests: configured / missing / scheduled. */
export function cellState(cell: DriftCell | undefined): 'configured' | 'missing' | 'scheduled' {
  if (!cell) return 'missing';
  if (cell.deletionDate !== undefined) return 'scheduled';
  return cell.hasValue ? 'configured' : 'missing';
}

/** The finding in words: "Missing in prod", "Scheduled for deletion in dev", "Changed in dev 40 days after prod". */
export function findingWords(finding: DriftFinding, names: SideNames): string {
  const here = names[finding.side];
  if (finding.kind === 'missing') return finding.fallsBackToShared ? `Missing in ${here} (${here} falls back to shared)` : `Missing in ${here}`;
  if (finding.kind === 'scheduled') return `Scheduled for deletion in ${here}`;
  const days = finding.skewDays;
  const there = names[otherSide(finding.side)];
  return days === undefined ? `Changed in ${here} later than ${there}` : `Changed in ${here} ${formatCount(days)} ${days === 1 ? 'day' : 'days'} after ${there}`;
}

/** A filter toggle's words (without the count): "Missing in prod", "Changed in dev > 30 days after prod". */
export function countLabel(kind: DriftKind, side: DriftSide, names: SideNames, skewDays: number): string {
  const here = names[side];
  if (kind === 'missing') return `Missing in ${here}`;
  if (kind === 'scheduled') return `Scheduled in ${here}`;
  return `Changed in ${here} > ${formatCount(skewDays)} ${skewDays === 1 ? 'day' : 'days'} after ${names[otherSide(side)]}`;
}

export interface DriftFilters {
  /** The (kind, side) toggles that are on; none on shows every finding. */
  readonly keys: readonly CountKey[];
  readonly search: string;
}

export const NO_DRIFT_FILTERS: DriftFilters = { keys: [], search: '' };

/** `org/domain/secret`, the finding's identity in the view (one finding per secret). */
export const findingKey = (finding: DriftFinding): string => `${finding.orgId}/${finding.domainId}/${finding.secretName}`;

/**
 * The findings the filters keep, in the report's order. The search matches org, domain and
 * secret name, or their `org/domain/secret` path, case-insensitively.
 */
export function filterFindings(findings: readonly DriftFinding[], filters: DriftFilters): readonly DriftFinding[] {
  const keys = new Set(filters.keys);
  const needle = filters.search.trim().toLowerCase();
  if (keys.size === 0 && needle === '') return findings;
  return findings.filter((finding) => {
    if (keys.size > 0 && !keys.has(countKey(finding.kind, finding.side))) return false;
    if (needle === '') return true;
    return findingKey(finding).toLowerCase().includes(needle);
  });
}

/** The kinds of the toggles that are on, for exportDrift (which filters by kind only); none: all kinds. */
export function exportKinds(keys: readonly CountKey[]): DriftKind[] | undefined {
  const kinds = DRIFT_KINDS.filter((kind) => keys.some((key) => key.startsWith(`${kind}:`)));
  return kinds.length === 0 ? undefined : kinds;
}

/**
 * The side a finding's action writes on: the side that lacks it (missing), the side changed
 * EARLIER, to rotate it (skew), the side where it is scheduled, to restore it (scheduled).
 */
export function actionSide(finding: DriftFinding): DriftSide {
  return finding.kind === 'skew' ? otherSide(finding.side) : finding.side;
}

/** The profile as a backend address: everything but id, name, env and read-only flag. */
function backendKey(profile: Profile): string {
  const { id: _id, name: _name, env: _env, readOnly: _readOnly, ...where } = profile;
  return JSON.stringify(Object.entries(where).sort(([a], [b]) => a.localeCompare(b)));
}

export type FindingAction =
  | { readonly enabled: true; readonly label: string; readonly profileId: string; readonly switchProfile: boolean; readonly write: boolean }
  | { readonly enabled: false; readonly label: string; readonly reason: string };

/**
 * Where "Open write form" goes for a finding. The side compared as its profile's own env is
 * written through that profile (switching to it when it is not the active one). A side compared
 * as an env override is written through a saved profile of the same backend whose own env it is,
 * if there is one; otherwise the action is off and says why — a profile's env is never changed
 * behind the person's back. A read-only profile writes nothing, and the action says so.
 */
export function findingAction(finding: DriftFinding, report: Pick<DriftReport, 'left' | 'right'>, names: SideNames, profiles: readonly Profile[], activeId: string | undefined): FindingAction {
  const side = actionSide(finding);
  const info = report[side];
  const where = names[side];
  const write = finding.kind !== 'scheduled';
  const label = write ? `Open write form on ${where}` : `Open on ${where} to restore`;
  if (!info) return { enabled: false, label, reason: `The ${side} side was not listed: compare again.` };
  const compared = profiles.find((profile) => profile.id === info.profileId);
  const profile = info.ownEnv
    ? compared
    : compared && profiles.find((candidate) => candidate.env === info.env && backendKey(candidate) === backendKey(compared));
  if (!profile) {
    return info.ownEnv
      ? { enabled: false, label, reason: `Profile “${info.profileName}” is no longer saved: compare again.` }
      : { enabled: false, label, reason: `No profile writes to ${info.env} of this backend: add one in Profiles.` };
  }
  if (profile.readOnly) {
    return { enabled: false, label, reason: `Profile “${profile.name}” is read-only: it cannot ${write ? 'write' : 'restore'} there. Turn read-only off in Profiles first.` };
  }
  return { enabled: true, label, profileId: profile.id, switchProfile: profile.id !== activeId, write };
}

/** The counts as one sentence, for screen readers: "Missing in prod: 12. Scheduled in dev: 1. …" */
/** Every finding of a report, from its counts (the answer may hold only the first findings). */
export function totalFindings(counts: DriftReport['counts']): number {
  return DRIFT_SIDES.reduce((sum, side) => sum + counts[side].missing + counts[side].scheduled + counts[side].skew, 0);
}

export function countsSentence(report: Pick<DriftReport, 'counts' | 'skewDays'>, names: SideNames): string {
  const parts = COUNT_KEYS.flatMap((key) => {
    const [kind, side] = key.split(':') as [DriftKind, DriftSide];
    const n = report.counts[side][kind];
    return n > 0 ? [`${countLabel(kind, side, names, report.skewDays)}: ${formatCount(n)}`] : [];
  });
  return parts.length === 0 ? 'No drift found.' : `${parts.join('. ')}.`;
}
