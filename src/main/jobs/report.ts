/**
 * A job report as a file (CSV or JSON): per item the key, the org, the secret id, the state and
 * why. Built from the report, which never holds a value.
 */
import type { JobReport } from '../../shared/jobs';
import { csvCell } from '../audit/export';

export const JOB_REPORT_COLUMNS = ['index', 'key', 'orgId', 'domainId', 'secretId', 'state', 'code', 'reason'] as const;

export function jobReportCsv(report: JobReport): string {
  const rows = report.items.map((item) => JOB_REPORT_COLUMNS.map((column) => csvCell(item[column])).join(','));
  return [JOB_REPORT_COLUMNS.join(','), ...rows].map((line) => `${line}\r\n`).join('');
}

export function jobReportJson(report: JobReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export function jobReportFileName(report: JobReport, format: 'csv' | 'json'): string {
  const stamp = new Date(report.startedAt).toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return `foundry-${report.kind}-${report.env}-${stamp}.${format}`;
}
