/**
 * The run of `migrate` once its arguments and input are known good: open the backend, preview
 * the plan, and with --yes start the import job and follow it to its report. Everything printed
 * comes from the preview and the report (see migrate-rows.ts).
 */
import type { EventPayload } from '../../shared/contract';
import type { ImportOptions } from '../../shared/jobs';
import type { SendEvent } from '../../main/ipc/events';
import { createImportSources } from '../../main/jobs/import-sources';
import { createJobService } from '../../main/jobs/service';
import { openBackend, type Backend, type BackendChoice } from '../backend';
import type { EnvInput } from '../env-input';
import { EXIT, usageError, type ExitCode } from '../errors';
import type { CliIo } from '../io';
import { progressBar } from '../progress';
import { humanReport, jsonReport, type MigrateResult } from './migrate-output';
import { countRows, previewRows, runRows } from './migrate-rows';

export interface MigrateOptions {
  /** A path, or "-" for stdin. */
  readonly source: string;
  readonly orgId: string;
  readonly domainId: string;
  readonly backend: BackendChoice;
  readonly includeCustom: boolean;
  readonly overwrite: boolean;
  /** --yes */
  readonly write: boolean;
  readonly dryRun: boolean;
  readonly json: boolean;
}

async function migrateWith(backend: Backend, options: MigrateOptions, input: EnvInput, io: CliIo): Promise<MigrateResult> {
  const bar = options.write && !options.dryRun ? progressBar(io.stderr) : undefined;
  // Only this job's progress reaches here; its payload is a JobProgress (counts and states, no value).
  const send: SendEvent = (name, payload) => {
    if (name === 'jobProgress') bar?.update((payload as EventPayload<'jobProgress'>).counts);
  };
  const sources = createImportSources({ env: io.env });
  const jobs = createJobService({ ...backend.jobDeps, sources, send });
  try {
    const record = sources.adopt('file', input.name, input.parsed);
    const importOptions: ImportOptions = { sourceId: record.sourceId, orgId: options.orgId, domainId: options.domainId, includeCustom: options.includeCustom, overwrite: options.overwrite, skipKeys: [] };
    const preview = await jobs.preview(importOptions);
    const common = { preview, profile: backend.profile, backend: backend.description, auditDir: backend.auditDir };
    if (!options.write || options.dryRun) {
      return { ...common, mode: options.dryRun ? 'dry-run' : 'preview', rows: previewRows(preview), exitCode: EXIT.ok };
    }

    // Prod is written only when the env was typed (--env prod), as the app asks for it to be typed.
    const typedEnv = options.backend.env;
    if (backend.profile.env === 'prod' && typedEnv !== 'prod') {
      throw usageError(`profile "${backend.profile.id}" writes to prod: add --env prod to confirm`, 'Nothing was written. Preview without --yes first.');
    }
    const started = await jobs.startImport({ ...importOptions, ...(typedEnv !== undefined && { confirmEnv: typedEnv }) });
    // Ctrl+C: cancel, and settle what is in flight within seconds (jobs.close(): an item stuck in
    // the SDK's throttled retries is read back, not waited for), so every audit attempt gets its
    // outcome and the report prints. A second Ctrl+C must not cut that short: it only says so.
    let stopListening = (): void => undefined;
    const listen = (first: boolean): void => {
      stopListening = io.onInterrupt(() => {
        if (first) {
          bar?.finish();
          io.stderr.write('Cancelling: no new write starts, and those in flight are settled within seconds. The report follows.\n');
          jobs.cancel(started.jobId);
          void jobs.close();
        } else {
          io.stderr.write('Still settling the writes in flight (a few seconds at most), so every one is reported and audited. The report follows.\n');
        }
        listen(false);
      });
    };
    listen(true);
    const report = await jobs.finished(started.jobId).finally(() => {
      stopListening();
      bar?.finish();
    });
    const rows = runRows(preview, report);
    const counts = countRows(rows);
    const exitCode: ExitCode = counts.failed > 0 || counts.cancelled > 0 ? EXIT.failed : EXIT.ok;
    return { ...common, mode: 'run', rows, jobId: report.jobId, cancelled: report.state === 'cancelled', exitCode };
  } finally {
    await jobs.close();
    sources.clear();
  }
}

export async function migrate(options: MigrateOptions, input: EnvInput, io: CliIo): Promise<ExitCode> {
  const backend = await openBackend(options.backend, io.env);
  try {
    const result = await migrateWith(backend, options, input, io);
    io.stdout.write(options.json ? jsonReport(result) : humanReport(result));
    return result.exitCode;
  } finally {
    await backend.close();
  }
}
