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
  /** The run was cancelled (its job ended `cancelled`). */
  readonly cancelled?: boolean;
  readonly exitCode: ExitCode;
}

/** "6 written, 2 skipped and 0 failed": the states that occur, and after a run always the failures. */
function countsInWords(counts: RowCounts, mode: MigrateMode): string {
  const shown = (state: keyof RowCounts): boolean => counts[state] > 0 || (mode === 'run' && state === 'failed');
  const parts = (['planned', 'written', 'skipped', 'failed', 'cancelled'] as const).filter(shown).map((state) => `${counts[state]} ${state}`);
  return parts.length > 0 ? listInWords(parts) : 'nothing to do';
}

const lines = (numbers: readonly number[]): string => `${numbers.length === 1 ? 'Line' : 'Lines'} ${listInWords(numbers.map(String))}`;

/**
 * The lines left out, by number only: those that are not assignments, and apart from them those
 * whose key looks like key material — these may be real variables, so the person is told what to do.
 */
function leftOutNotes(preview: ImportPreview): string[] {
  const out: string[] = [];
  const bad = preview.badLines;
  if (bad.length > 0) {
    const one = bad.length === 1;
    out.push(`${lines(bad)} ${one ? 'is not a KEY=value assignment and was' : 'are not KEY=value assignments and were'} left out (${one ? 'its' : 'their'} content is not shown).\n`);
  }
  const material = preview.materialLines;
  if (material.length > 0) {
    const one = material.length === 1;
    out.push(`${lines(material)} ${one ? 'looks' : 'look'} like key material rather than a variable name, so ${one ? 'it was' : 'they were'} not imported (not shown). If ${one ? 'it is a variable' : 'one is a variable'}, store it by hand.\n`);
  }
  return out;
}

/** Every line of the source that holds something this import did not store. */
function notImportedLines(preview: ImportPreview): number[] {
  return [...preview.badLines, ...preview.materialLines].sort((a, b) => a - b);
}

export function humanReport(result: MigrateResult): string {
  const { preview, rows } = result;
  const counts = countRows(rows);
  const out: string[] = [];
  out.push(`${preview.sourceName} → org ${preview.orgId}, domain ${preview.domainId}, env ${preview.env} in ${result.backend}\n\n`);
  if (rows.length === 0) out.push('No KEY=value assignments were found.\n');
  else out.push(formatTable(['LINE', 'KEY', 'SECRET ID', 'STATE', 'WHY'], rows.map((row) => [String(row.line || '?'), row.key, row.secretId ?? '—', row.state, row.reason])));
  out.push('\n');
  out.push(...leftOutNotes(preview));
  if (result.mode === 'run') {
    // Cancelled (Ctrl+C): "Stopped", as the window says, whatever its items ended as.
    out.push(`${counts.cancelled > 0 || result.cancelled === true ? 'Stopped' : 'Done'}: ${countsInWords(counts, result.mode)}.\n`);
    const stored = storedKeys(rows);
    const file = preview.sourceName === STDIN_NAME ? 'the .env file' : preview.sourceName;
    if (stored.length > 0) out.push(`Stored now, so they can be removed from ${file}: ${stored.join(', ')}.\n`);
    // Cleaning the file after the list above would lose what sits on these lines (a real key, maybe).
    const kept = notImportedLines(preview);
    if (kept.length > 0) out.push(`${kept.length === 1 ? 'Line' : 'Lines'} ${listInWords(kept)} ${kept.length === 1 ? 'was' : 'were'} not imported: keep ${kept.length === 1 ? 'it' : 'them'} in ${file}, or store ${kept.length === 1 ? 'it' : 'them'} by hand.\n`);
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
    source: { name: preview.sourceName, keys: preview.items.length, badLines: preview.badLines, materialLines: preview.materialLines },
    target: { env: preview.env, orgId: preview.orgId, domainId: preview.domainId, profileId: profile.id, backend: profile.kind, description: result.backend },
    items: rows,
    counts: countRows(rows),
    ...(result.mode === 'run' && { storedKeys: storedKeys(rows), notImportedLines: notImportedLines(preview) }),
    ...(result.jobId !== undefined && { jobId: result.jobId }),
    auditDir: result.auditDir ?? null,
    exitCode: result.exitCode,
  });
}
