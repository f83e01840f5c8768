/**
 * Audit exports: CSV (RFC 4180) and JSON. They hold exactly what the log holds — who, what, which
 * secret, how it ended, the chain's MACs and key ids — so an auditor can re-check the order and
 * links of the chain from an export (each `prevHash` is the `hash` before it); checking the MACs
 * themselves needs the audit key, which never leaves the machine.
 */
import type { AuditEntry, AuditFilters, AuditVerification } from '../../shared/audit';
import { ACTOR_KEYS, ENTRY_KEYS } from './entry';

/** The entry's canonical fields, the actor flattened into its own columns, then the entry's hash. */
export const CSV_COLUMNS = [
  ...ENTRY_KEYS.flatMap((key) => (key === 'actor' ? ACTOR_KEYS : [key])),
  'hash',
] as const satisfies readonly string[];

/**
 * One CSV cell. A string cell a spreadsheet could run as a formula — =, +, -, @, tab or CR first,
 * also after leading spaces (Excel skips them), or after a `;` a semicolon-locale Excel splits on —
 * gets a leading apostrophe (OWASP's advice against CSV injection). Every string cell is quoted,
 * with quotes doubled, so no separator inside one can start a new cell.
 */
export function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const risky = /^[\s\u00a0]*[=+\-@\t\r]/.test(value) || /[;,][\s\u00a0]*[=+\-@]/.test(value);
  const text = risky ? `'${value}` : value;
  return `"${text.replace(/"/g, '""')}"`;
}

function row(entry: AuditEntry): string {
  const { actor, keyCheckOrigins, export: exported, ...rest } = entry;
  // A list cell: the origins joined by spaces (they contain none). An export's record: its JSON in one cell.
  const flat: Partial<Record<(typeof CSV_COLUMNS)[number], string | number>> = {
    ...rest,
    ...actor,
    ...(keyCheckOrigins && { keyCheckOrigins: keyCheckOrigins.join(' ') }),
    ...(exported && { export: JSON.stringify(exported) }),
  };
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
