/** The runs of `audit verify` and `audit export`, over the app's audit service. */
import path from 'node:path';
import type { AuditExportRecord } from '../../shared/audit';
import { toCsv, toJsonExport } from '../../main/audit/index';
import { openCliAudit } from '../audit-log';
import { EXIT, type ExitCode } from '../errors';
import type { CliIo } from '../io';
import { formatJson, plural } from '../output';

/** Who acts in the entries the CLI records when no backend profile is involved. */
const CLI_ACTOR = { id: 'cli' } as const;

export async function verifyAudit(options: { dataDir: string; json: boolean }, io: CliIo): Promise<ExitCode> {
  const audit = await openCliAudit(options.dataDir, io.env);
  const { verification } = await audit.log.scan();
  const code = verification.ok ? EXIT.ok : EXIT.failed;
  if (options.json) {
    io.stdout.write(formatJson(verification));
    return code;
  }
  const summary = `${plural(verification.entries, 'entry', 'entries')} in ${plural(verification.files, 'file')}, last seq ${verification.lastSeq}`;
  if (verification.ok) {
    io.stdout.write(`Audit log intact: ${summary}.\n`);
    if (verification.legacy > 0) io.stdout.write(`${plural(verification.legacy, 'entry', 'entries')} from before the log was keyed (checked by hash chain only).\n`);
    return code;
  }
  io.stdout.write(`Audit log NOT intact: ${plural(verification.problemCount, 'problem')} (${summary}).\n`);
  for (const problem of verification.problems) io.stdout.write(`  ${problem.file}${problem.line > 0 ? `:${problem.line}` : ''}  ${problem.kind}  ${problem.message}\n`);
  if (verification.problemCount > verification.problems.length) io.stdout.write(`  … and ${verification.problemCount - verification.problems.length} more\n`);
  return code;
}

export async function exportAudit(options: { dataDir: string; json: boolean; out?: string }, io: CliIo): Promise<ExitCode> {
  const format = options.json ? 'json' : 'csv';
  if (options.out !== undefined) {
    const target = options.out;
    const audit = await openCliAudit(options.dataDir, io.env, async () => target);
    const result = await audit.exportTo({ format, filters: {}, view: 'entries' }, CLI_ACTOR);
    if (options.json) io.stdout.write(formatJson(result));
    else io.stdout.write(`Exported ${plural(result.count, 'entry', 'entries')} to ${target}\n`);
    io.stderr.write(`(recorded in the log as audit.export of ${path.basename(target)})\n`);
    return EXIT.ok;
  }
  // To stdout: recorded as the app records an export (attempt first, then the count), named "stdout".
  const audit = await openCliAudit(options.dataDir, io.env);
  const record: AuditExportRecord = { format, fileName: 'stdout', filters: {} };
  let count = 0;
  const now = new Date();
  const text = await audit.recorder.run(
    { action: 'audit.export', profile: CLI_ACTOR, export: record, label: 'the audit log export (stdout)' },
    async () => {
      const { entries, verification } = await audit.log.scan();
      count = entries.length;
      return format === 'csv' ? toCsv(entries) : toJsonExport(entries, { exportedAt: now, filters: {}, verification });
    },
    () => ({ export: { ...record, count } }),
  );
  io.stdout.write(text);
  return EXIT.ok;
}
