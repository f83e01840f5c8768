/**
 * `migrate`'s two output forms: a table with a few summary lines for people, one JSON document
 * for scripts (--json). Both are built from rows (see migrate-rows.ts): no value can reach them.
 */
import type { ImportPreview } from '../../shared/jobs';
import type { Profile } from '../../shared/profiles';
import type { ExitCode } from '../errors';
import { STDIN_NAME } from '../env-input';
import { formatJson, formatTable, listInWords, plural } from '../output';
import { countRows, storedKeys, type MigrateRow, type RowCounts } from './migrate-rows';

export type MigrateMode = 'preview' | 'dry-run' | 'run';

export interface MigrateResult {
  readonly mode: MigrateMode;
  readonly preview: ImportPreview;
  readonly rows: readonly MigrateRow[];
  readonly profile: Profile;
  readonly backend: string;
  readonly auditDir: string | undefined;
  readonly jobId?: string;
  readonly exitCode: ExitCode;
}

/** "6 written, 2 skipped and 0 failed": the states that occur, and after a run always the failures. */
function countsInWords(counts: RowCounts, mode: MigrateMode): string {
  const shown = (state: keyof RowCounts): boolean => counts[state] > 0 || (mode === 'run' && state === 'failed');
  const parts = (['planned', 'written', 'skipped', 'failed', 'cancelled'] as const).filter(shown).map((state) => `${counts[state]} ${state}`);
  return parts.length > 0 ? listInWords(parts) : 'nothing to do';
}

export function humanReport(result: MigrateResult): string {
  const { preview, rows } = result;
  const counts = countRows(rows);
  const out: string[] = [];
  out.push(`${preview.sourceName} → org ${preview.orgId}, domain ${preview.domainId}, env ${preview.env} in ${result.backend}\n\n`);
  if (rows.length === 0) out.push('No KEY=value assignments were found.\n');
  else out.push(formatTable(['LINE', 'KEY', 'SECRET ID', 'STATE', 'WHY'], rows.map((row) => [String(row.line || '?'), row.key, row.secretId ?? '—', row.state, row.reason])));
  out.push('\n');
  if (preview.badLines.length > 0) {
    const [first, ...others] = preview.badLines;
    const said = others.length === 0 ? `Line ${first} is not a KEY=value assignment and was` : `Lines ${listInWords(preview.badLines)} are not KEY=value assignments and were`;
    out.push(`${said} left out (${others.length === 0 ? 'its' : 'their'} content is not shown).\n`);
  }
  if (result.mode === 'run') {
    out.push(`Done: ${countsInWords(counts, result.mode)}.\n`);
    const stored = storedKeys(rows);
    const file = preview.sourceName === STDIN_NAME ? 'the .env file' : preview.sourceName;
    if (stored.length > 0) out.push(`Stored now, so they can be removed from ${file}: ${stored.join(', ')}.\n`);
    out.push(result.auditDir ? `Audit entries were recorded in ${result.auditDir}.\n` : 'No audit log was written (--endpoint without --data).\n');
  } else if (result.mode === 'dry-run') {
    out.push(`Dry run: ${countsInWords(counts, result.mode)}. Nothing was written.\n`);
  } else {
    const toWrite = counts.planned;
    out.push(`Preview: ${countsInWords(counts, result.mode)}. Nothing was written${toWrite > 0 ? `; run again with --yes to write ${plural(toWrite, 'secret')}` : ''}.\n`);
  }
  return out.join('');
}

export function jsonReport(result: MigrateResult): string {
  const { preview, rows, profile } = result;
  return formatJson({
    command: 'migrate',
    mode: result.mode,
    source: { name: preview.sourceName, keys: preview.items.length, badLines: preview.badLines },
    target: { env: preview.env, orgId: preview.orgId, domainId: preview.domainId, profileId: profile.id, backend: profile.kind, description: result.backend },
    items: rows,
    counts: countRows(rows),
    ...(result.mode === 'run' && { storedKeys: storedKeys(rows) }),
    ...(result.jobId !== undefined && { jobId: result.jobId }),
    auditDir: result.auditDir ?? null,
    exitCode: result.exitCode,
  });
}
