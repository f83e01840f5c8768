/**
 * Coverage: what a cell of the matrix says about one org (or org domain) and one secret name,
 * from fleet metadata alone. The renderer's matrix and main's CSV export both use this, so the
 * screen and the file never disagree.
 */
import { CATALOG } from './catalog-entries';
import type { FleetOrg, FleetSecret } from './fleet';
import { DEFAULT_DOMAIN_ID } from './naming-rules';

/**
 * configured: its own current value · inherited: none of its own, the org's shared one applies ·
 * scheduled: scheduled for deletion · missing: nothing applies · listing: nothing seen yet, but the
 * org is not listed to its end (a snapshot still loading, or stopped): it may yet turn up.
 */
export const CELL_STATES = ['configured', 'inherited', 'scheduled', 'missing', 'listing'] as const;
export type CellState = (typeof CELL_STATES)[number];

export interface Cell {
  readonly state: CellState;
  /** The secret that applies (own or shared), when there is one. */
  readonly secret?: FleetSecret;
  /** Last changed longer ago than the stale policy (only for configured / inherited). */
  readonly stale: boolean;
  /** Has a value but no recorded access (AWS records access by day; absent = never). */
  readonly neverAccessed: boolean;
}

const DAY_MS = 86_400_000;

/** How org ids and domain names are ordered everywhere (the matrix, its CSV, the CLI): by code point, as ListSecrets sorts names, not by locale. */
export const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Older than the policy, in whole days: what the screens say ("changed 90 days ago", "over 90
 * days") counts whole days, so a key changed 90.5 days ago is not stale under a 90-day policy.
 */
export function isStale(secret: FleetSecret, now: number, staleAfterDays: number): boolean {
  const changed = secret.lastChangedAt ?? secret.createdAt;
  return changed !== undefined && Math.floor((now - changed) / DAY_MS) > staleAfterDays;
}

/** Secrets of an org by domain and name, for cell look-ups. */
export type OrgIndex = ReadonlyMap<string, ReadonlyMap<string, FleetSecret>>;

export function indexOrg(org: FleetOrg): OrgIndex {
  const byDomain = new Map<string, Map<string, FleetSecret>>();
  for (const secret of org.secrets) {
    const names = byDomain.get(secret.domainId) ?? new Map<string, FleetSecret>();
    names.set(secret.secretName, secret);
    byDomain.set(secret.domainId, names);
  }
  return byDomain;
}

/**
 * The cell of `secretName` in `domainId` of an org (its own secret, else the shared one).
 * `listed`: every secret of the org has been listed (see orgListedTest in fleet.ts); until then
 * what was not seen is "listing", never "missing" — a missing filter, a count or a change across
 * orgs built on it would act on keys that exist.
 */
export function cellOf(index: OrgIndex, domainId: string, secretName: string, now: number, staleAfterDays: number, listed = true): Cell {
  const own = index.get(domainId)?.get(secretName);
  if (own?.deletionDate !== undefined) return { state: 'scheduled', secret: own, stale: false, neverAccessed: false };
  const applied = (secret: FleetSecret, state: 'configured' | 'inherited'): Cell => ({
    state,
    secret,
    stale: isStale(secret, now, staleAfterDays),
    neverAccessed: secret.lastAccessedAt === undefined,
  });
  if (own?.hasValue) return applied(own, 'configured');
  if (domainId !== DEFAULT_DOMAIN_ID) {
    const shared = index.get(DEFAULT_DOMAIN_ID)?.get(secretName);
    if (shared?.hasValue && shared.deletionDate === undefined) return applied(shared, 'inherited');
  }
  return { state: listed ? 'missing' : 'listing', stale: false, neverAccessed: false };
}

/** The catalog's secret names, in catalog order: the matrix's columns. */
export const COVERAGE_COLUMNS: readonly string[] = CATALOG.map((entry) => entry.secretName);

export interface OrgCoverage {
  /** Catalog secrets that apply (configured or inherited) in this domain. */
  readonly covered: number;
  readonly total: number;
  /** Secrets in this domain that are not in the catalog. */
  readonly customCount: number;
}

export function coverageOf(index: OrgIndex, domainId: string): OrgCoverage {
  let covered = 0;
  for (const name of COVERAGE_COLUMNS) {
    const state = cellOf(index, domainId, name, 0, Number.MAX_SAFE_INTEGER).state;
    if (state === 'configured' || state === 'inherited') covered += 1;
  }
  let customCount = 0;
  for (const [name, secret] of index.get(domainId) ?? []) if (!COVERAGE_COLUMNS.includes(name) && secret.deletionDate === undefined) customCount += 1;
  return { covered, total: COVERAGE_COLUMNS.length, customCount };
}

/**
 * The key that applies was rejected by its provider at its last check (`foundry-secrets verify`'s
 * tags) and has not been rewritten since: an outdated verdict is about an earlier value.
 */
export function isRejected(cell: Cell): boolean {
  const health = cell.secret?.health;
  return (cell.state === 'configured' || cell.state === 'inherited') && health?.verdict === 'rejected' && !health.outdated;
}

/** The word for a cell in text (CSV, the CLI, screen readers): "configured", "missing", "inherited", "scheduled", "listing", plus "stale", "never accessed" and "rejected" — what the screen shows. */
export function cellWord(cell: Cell): string {
  const marks = [cell.stale && 'stale', cell.neverAccessed && 'never accessed', isRejected(cell) && 'rejected'].filter((mark): mark is string => typeof mark === 'string');
  return marks.length > 0 ? `${cell.state} (${marks.join(', ')})` : cell.state;
}

/** Whether a cellWord says stale (its first mark, whatever follows it), for text-only consumers such as the CLI's table. */
export function cellWordSaysStale(word: string): boolean {
  return word.includes(' (stale');
}
