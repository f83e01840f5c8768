/**
 * The coverage matrix as CSV: one row per org and domain, a column per catalog secret with the
 * cell's word (configured / inherited / scheduled / missing, with "(stale, never accessed, rejected)"
 * marks as the screen shows them), the coverage as two numbers (covered, total: "7/9" in one cell is
 * read as a date by spreadsheets) and the number of custom secrets. Status only: no value, no
 * version id.
 */
import { byCodePoint, cellOf, cellWord, COVERAGE_COLUMNS, coverageOf, indexOrg } from '../../shared/coverage';
import type { FleetOrg } from '../../shared/fleet';
import { DEFAULT_DOMAIN_ID } from '../../shared/naming';
import { csvCell } from '../audit/export';

export const COVERAGE_CSV_COLUMNS = ['org_id', 'domain_id', 'covered', 'total', 'custom_secrets', ...COVERAGE_COLUMNS] as const;

export function coverageCsv(orgs: readonly FleetOrg[], now: number, staleAfterDays: number): string {
  const lines: string[] = [COVERAGE_CSV_COLUMNS.join(',')];
  for (const org of orgs) {
    const index = indexOrg(org);
    const domains = [DEFAULT_DOMAIN_ID, ...[...index.keys()].filter((d) => d !== DEFAULT_DOMAIN_ID).sort(byCodePoint)];
    for (const domainId of domains) {
      const coverage = coverageOf(index, domainId);
      const cells = COVERAGE_COLUMNS.map((name) => csvCell(cellWord(cellOf(index, domainId, name, now, staleAfterDays))));
      lines.push([csvCell(org.orgId), csvCell(domainId), coverage.covered, coverage.total, coverage.customCount, ...cells].join(','));
    }
  }
  return lines.map((line) => `${line}\r\n`).join('');
}

export function coverageFileName(env: string, now: Date): string {
  return `foundry-coverage-${env}-${now.toISOString().slice(0, 19).replace(/[:T]/g, '-')}.csv`;
}
