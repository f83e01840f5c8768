/**
 * Audit exports: CSV (RFC 4180) and JSON. They hold exactly what the log holds — who, what, which
 * secret, how it ended, the chain hashes — so an auditor can re-check the chain from an export.
 */
import type { AuditEntry, AuditFilters, AuditVerification } from '../../shared/audit';

export const CSV_COLUMNS = [
  'seq',
  'time',
  'osUser',
  'callerArn',
  'callerAccount',
  'profileId',
  'profileKind',
  'env',
  'action',
  'orgId',
  'secretId',
  'outcome',
  'attemptSeq',
  'errorCode',
  'versionId',
  'prevHash',
  'hash',
] as const;

/**
 * One CSV cell. A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a
 * leading apostrophe (OWASP's advice against CSV injection); a cell with a comma, quote or line
 * break is quoted, with quotes doubled.
 */
export function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function row(entry: AuditEntry): string {
  const { actor, ...rest } = entry;
  const flat: Partial<Record<(typeof CSV_COLUMNS)[number], string | number>> = { ...rest, ...actor };
  return CSV_COLUMNS.map((column) => csvCell(flat[column])).join(',');
}

export function toCsv(entries: readonly AuditEntry[]): string {
  return [CSV_COLUMNS.join(','), ...entries.map(row)].map((line) => `${line}\r\n`).join('');
}

export function toJsonExport(entries: readonly AuditEntry[], meta: { exportedAt: Date; filters: AuditFilters; verification: AuditVerification }): string {
  const document = {
    format: 'foundry-secrets-audit',
    version: 1,
    exportedAt: meta.exportedAt.toISOString(),
    filters: meta.filters,
    verification: meta.verification,
    count: entries.length,
    entries,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

export function exportFileName(format: 'csv' | 'json', now: Date): string {
  return `foundry-audit-${now.toISOString().slice(0, 19).replace(/[:T]/g, '-')}.${format}`;
}
