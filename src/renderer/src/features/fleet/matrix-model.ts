/**
 * The coverage matrix as data: which rows (orgs, and their domains) the filters and the sort leave,
 * in what order, what each column counts, and the words for a cell. Pure (no React, no DOM, no
 * clock of its own: `now` is given), so 10,000 orgs can be checked in a unit test.
 *
 * Cells come from `cellOf` in shared/coverage.ts, as main's CSV export does: screen and file agree.
 */
import type { CatalogEntry } from '../../../../shared/catalog';
import { CATALOG, CATALOG_CATEGORIES, type CatalogCategoryId } from '../../../../shared/catalog-entries';
import { byCodePoint, cellOf, COVERAGE_COLUMNS, isRejected, type Cell, type OrgCoverage, type OrgIndex } from '../../../../shared/coverage';
import { DEFAULT_DOMAIN_ID } from '../../../../shared/naming-rules';
import { emptyEntry, type FleetEntry } from './fleet-model';

export const MATRIX_SORTS = ['name-asc', 'name-desc', 'coverage-asc', 'coverage-desc'] as const;
export type MatrixSort = (typeof MATRIX_SORTS)[number];

export const SORT_LABELS: Readonly<Record<MatrixSort, string>> = {
  'name-asc': 'Name (A to Z)',
  'name-desc': 'Name (Z to A)',
  'coverage-asc': 'Coverage (lowest first)',
  'coverage-desc': 'Coverage (highest first)',
};

/** `missing`: '' for no such filter, '*' for "any catalog secret", else a catalog secret name. */
export const MISSING_ANY = '*';

export interface MatrixFilters {
  readonly search: string;
  readonly missing: string;
  readonly stale: boolean;
  readonly scheduled: boolean;
  readonly neverAccessed: boolean;
  /** Rows with a key its provider rejected at the last `foundry-secrets verify`. */
  readonly rejected: boolean;
  readonly sort: MatrixSort;
}

export const DEFAULT_MATRIX_FILTERS: MatrixFilters = { search: '', missing: '', stale: false, scheduled: false, neverAccessed: false, rejected: false, sort: 'name-asc' };

export function statusFilterActive(filters: MatrixFilters): boolean {
  return filters.missing !== '' || filters.stale || filters.scheduled || filters.neverAccessed || filters.rejected;
}

export function filtersActive(filters: MatrixFilters): boolean {
  return statusFilterActive(filters) || filters.search.trim() !== '';
}

export interface MatrixRow {
  /** `orgId` for an org row, `orgId/domainId` for a domain row. */
  readonly key: string;
  readonly kind: 'org' | 'domain';
  readonly orgId: string;
  /** The org row stands for the org-wide `shared` domain. */
  readonly domainId: string;
  readonly entry: FleetEntry;
  readonly coverage: OrgCoverage;
  /** Org rows: how many domains besides shared (0: nothing to expand). */
  readonly domainCount: number;
  /** Org rows: its domains are all shown. */
  readonly expanded: boolean;
  /**
   * Every secret of the org has been listed. Until then a key not seen yet is "listing", not
   * missing, and the org cannot be selected for a change across orgs.
   */
  readonly listed: boolean;
}

export interface ColumnCount {
  readonly secretName: string;
  readonly configured: number;
  readonly scheduled: number;
  readonly missing: number;
  /** Not seen in an org that is not listed to its end yet (neither set nor missing so far). */
  readonly listing: number;
  readonly stale: number;
  readonly neverAccessed: number;
}

export interface MatrixModel {
  readonly rows: readonly MatrixRow[];
  /** Orgs left by the filters, in order (what Export writes). */
  readonly orgIds: readonly string[];
  /** Those of them listed in full: the ones "select all shown" may select. */
  readonly selectableOrgIds: readonly string[];
  /** Orgs not listed in full yet, of all (not only those shown): left out of the missing filters. */
  readonly unlistedOrgs: number;
  readonly orgsTotal: number;
  /** Per catalog column, over the org rows shown (their org-wide cells). */
  readonly columns: readonly ColumnCount[];
  /** Orgs shown with at least one custom secret of their own (org-wide). */
  readonly customOrgs: number;
}

export interface MatrixInput {
  readonly orgs: Iterable<FleetEntry>;
  readonly addedOrgs: readonly string[];
  readonly filters: MatrixFilters;
  /** Orgs whose domains are expanded. */
  readonly expanded: Readonly<Record<string, boolean>>;
  readonly now: number;
  readonly staleAfterDays: number;
  /** Whether an org's secrets are all listed (listedTestOf); every org is when absent. */
  readonly isListed?: (orgId: string) => boolean;
}


/** Whether one row (an org's shared domain, or one of its domains) passes every status filter given. */
function rowPasses(index: OrgIndex, domainId: string, filters: MatrixFilters, now: number, staleAfterDays: number, listed: boolean): boolean {
  if (!statusFilterActive(filters)) return true;
  let anyMissing = false;
  let anyStale = false;
  let anyScheduled = false;
  let anyNeverAccessed = false;
  let anyRejected = false;
  for (const name of COVERAGE_COLUMNS) {
    const cell = cellOf(index, domainId, name, now, staleAfterDays, listed);
    if (cell.state === 'missing') anyMissing = true;
    if (cell.state === 'scheduled') anyScheduled = true;
    // Only a row's own values: an inherited cell is its shared row's fact, shown there.
    if (cell.state === 'configured' && cell.stale) anyStale = true;
    if (cell.state === 'configured' && cell.neverAccessed) anyNeverAccessed = true;
    if (cell.state === 'configured' && isRejected(cell)) anyRejected = true;
  }
  if (filters.missing === MISSING_ANY && !anyMissing) return false;
  if (filters.missing !== '' && filters.missing !== MISSING_ANY && cellOf(index, domainId, filters.missing, now, staleAfterDays, listed).state !== 'missing') return false;
  if (filters.stale && !anyStale) return false;
  if (filters.scheduled && !anyScheduled) return false;
  if (filters.neverAccessed && !anyNeverAccessed) return false;
  if (filters.rejected && !anyRejected) return false;
  return true;
}

export function buildMatrix({ orgs, addedOrgs, filters, expanded, now, staleAfterDays, isListed = () => true }: MatrixInput): MatrixModel {
  const all = new Map<string, FleetEntry>();
  for (const entry of orgs) all.set(entry.orgId, entry);
  for (const orgId of addedOrgs) if (!all.has(orgId)) all.set(orgId, emptyEntry(orgId));

  const query = filters.search.trim().toLowerCase();
  const statusActive = statusFilterActive(filters);
  interface Kept {
    readonly entry: FleetEntry;
    readonly listed: boolean;
    readonly covered: number;
    /** Domains shown without expanding: they match a filter. */
    readonly matchedDomains: readonly string[];
  }
  const kept: Kept[] = [];
  let unlistedOrgs = 0;
  for (const entry of all.values()) {
    const listed = isListed(entry.orgId);
    if (!listed) unlistedOrgs += 1;
    const orgFound = query === '' || entry.orgId.includes(query);
    const others = entry.domains.filter((d) => d !== DEFAULT_DOMAIN_ID);
    const orgRowPasses = orgFound && rowPasses(entry.index, DEFAULT_DOMAIN_ID, filters, now, staleAfterDays, listed);
    // Domains are brought into view by a filter only: by a status filter, or a search that names them.
    const autoShow = statusActive || !orgFound;
    const matchedDomains = autoShow ? others.filter((d) => (orgFound || d.includes(query)) && rowPasses(entry.index, d, filters, now, staleAfterDays, listed)) : [];
    if (!orgRowPasses && matchedDomains.length === 0) continue;
    kept.push({ entry, listed, covered: entry.coverage.get(DEFAULT_DOMAIN_ID)?.covered ?? 0, matchedDomains });
  }

  const direction = filters.sort.endsWith('desc') ? -1 : 1;
  kept.sort(
    filters.sort.startsWith('coverage')
      ? (a, b) => direction * (a.covered - b.covered) || byCodePoint(a.entry.orgId, b.entry.orgId)
      : (a, b) => direction * byCodePoint(a.entry.orgId, b.entry.orgId),
  );

  const rows: MatrixRow[] = [];
  const counts = COVERAGE_COLUMNS.map((secretName) => ({ secretName, configured: 0, scheduled: 0, missing: 0, listing: 0, stale: 0, neverAccessed: 0 }));
  let customOrgs = 0;
  for (const { entry, listed, matchedDomains } of kept) {
    const others = entry.domains.filter((d) => d !== DEFAULT_DOMAIN_ID);
    const isExpanded = others.length > 0 && expanded[entry.orgId] === true;
    const shared = entry.coverage.get(DEFAULT_DOMAIN_ID) ?? { covered: 0, total: COVERAGE_COLUMNS.length, customCount: 0 };
    rows.push({ key: entry.orgId, kind: 'org', orgId: entry.orgId, domainId: DEFAULT_DOMAIN_ID, entry, coverage: shared, domainCount: others.length, expanded: isExpanded, listed });
    for (const domainId of isExpanded ? others : matchedDomains) {
      const coverage = entry.coverage.get(domainId) ?? shared;
      rows.push({ key: `${entry.orgId}/${domainId}`, kind: 'domain', orgId: entry.orgId, domainId, entry, coverage, domainCount: 0, expanded: false, listed });
    }
    if (shared.customCount > 0) customOrgs += 1;
    COVERAGE_COLUMNS.forEach((name, column) => {
      const count = counts[column];
      if (!count) return;
      const cell = cellOf(entry.index, DEFAULT_DOMAIN_ID, name, now, staleAfterDays, listed);
      if (cell.state === 'configured' || cell.state === 'inherited') count.configured += 1;
      else if (cell.state === 'scheduled') count.scheduled += 1;
      else if (cell.state === 'listing') count.listing += 1;
      else count.missing += 1;
      if (cell.stale) count.stale += 1;
      if (cell.neverAccessed) count.neverAccessed += 1;
    });
  }
  return {
    rows,
    orgIds: kept.map((k) => k.entry.orgId),
    selectableOrgIds: kept.filter((k) => k.listed).map((k) => k.entry.orgId),
    unlistedOrgs,
    orgsTotal: all.size,
    columns: counts,
    customOrgs,
  };
}

// Columns and words.

export interface MatrixColumnGroup {
  readonly id: CatalogCategoryId;
  readonly label: string;
  readonly entries: readonly CatalogEntry[];
}

/** The catalog's columns grouped as the catalog groups them (LLM providers, Integrations, Infrastructure). */
export const COLUMN_GROUPS: readonly MatrixColumnGroup[] = CATALOG_CATEGORIES.map((category) => ({
  id: category.id,
  label: category.label,
  entries: CATALOG.filter((entry) => entry.category === category.id),
}));

/** The catalog in column order (grouped, which is also catalog order). */
export const COLUMN_ENTRIES: readonly CatalogEntry[] = COLUMN_GROUPS.flatMap((group) => group.entries);

/**
 * A short header for a column: "OpenAI", "GitHub", "LiveKit key" / "LiveKit secret" (two secrets of
 * one provider keep the word that tells them apart).
 */
export function shortLabel(entry: CatalogEntry): string {
  const sameProvider = CATALOG.filter((other) => other.provider === entry.provider).length > 1;
  const words = entry.displayName.split(' ');
  if (sameProvider) return `${entry.provider} ${(words[words.length - 1] ?? '').toLowerCase()}`;
  return entry.displayName.replace(/ (API )?(Key|Token|Secret)$/, '');
}

const DAY_MS = 86_400_000;

/** "today", "1 day ago", "120 days ago": days, because the stale policy counts days. */
export function daysAgo(then: number, now: number): string {
  const days = Math.floor((now - then) / DAY_MS);
  if (days < 1) return 'today';
  return days === 1 ? '1 day ago' : `${days} days ago`;
}

/** The UTC day of an epoch-ms date, as AWS records access ("2026-11-20"). */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export const STATE_WORDS: Readonly<Record<Cell['state'], string>> = {
  configured: 'configured',
  inherited: 'inherited from shared',
  scheduled: 'scheduled for deletion',
  missing: 'missing',
  listing: 'not listed yet',
};

/** What a cell says, in words: "configured, changed 3 days ago, last accessed 2026-11-20". */
export function describeCell(cell: Cell, now: number): string {
  const { secret } = cell;
  if (cell.state === 'listing') return `${STATE_WORDS.listing} (its organization is not listed in full)`;
  if (cell.state === 'missing' || !secret) return STATE_WORDS.missing;
  if (cell.state === 'scheduled') return secret.deletionDate !== undefined ? `scheduled for deletion on ${dayOf(secret.deletionDate)}` : STATE_WORDS.scheduled;
  const parts = [STATE_WORDS[cell.state]];
  const changed = secret.lastChangedAt ?? secret.createdAt;
  if (changed !== undefined) parts.push(cell.stale ? `stale (changed ${daysAgo(changed, now)})` : `changed ${daysAgo(changed, now)}`);
  parts.push(secret.lastAccessedAt !== undefined ? `last accessed ${dayOf(secret.lastAccessedAt)}` : 'never accessed');
  if (isRejected(cell)) parts.push('key rejected by its provider');
  return parts.join(', ');
}

/** Who a row is: "acme" or "acme / support". */
export function rowLabel(row: Pick<MatrixRow, 'orgId' | 'domainId' | 'kind'>): string {
  return row.kind === 'org' ? row.orgId : `${row.orgId} / ${row.domainId}`;
}

/** The accessible name (and tooltip) of a cell: "acme · OpenAI API Key: configured, changed 3 days ago, …". */
export function cellLabel(row: Pick<MatrixRow, 'orgId' | 'domainId' | 'kind'>, entry: CatalogEntry, cell: Cell, now: number): string {
  return `${rowLabel(row)} · ${entry.displayName}: ${describeCell(cell, now)}`;
}

/**
 * "7/9 (7 of 9 catalog secrets set)": the cell's visible text first, then in words. An org not
 * listed in full counts what was seen so far, and says so: the rest is not known to be missing.
 */
export function coverageWords(coverage: OrgCoverage, listed = true): string {
  if (!listed) return `${coverage.covered}/${coverage.total} so far (${coverage.covered} of ${coverage.total} catalog secrets set so far; not listed in full)`;
  return `${coverage.covered}/${coverage.total} (${coverage.covered} of ${coverage.total} catalog secrets set)`;
}
