/**
 * Bulk jobs in main: a `.env` import into one org, or one change across many orgs. Each job runs
 * under the profile that was active when it started, writes each item under the audit recorder
 * (an attempt and an outcome per item, like any write), streams `jobProgress` events (states and
 * counts, never a value) and keeps its report until the app closes.
 */
import { randomUUID } from 'node:crypto';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AppError } from '../../shared/errors';
import type { ImportOptions, ImportPreview, JobCounts, JobItem, JobKind, JobReport, StartBulkInput, StartImportInput } from '../../shared/jobs';
import { buildSecretId } from '../../shared/naming';
import type { Profile } from '../../shared/profiles';
import type { SecretRef, SecretStatus, SecretStatusList } from '../../shared/secrets';
import type { AuditOutcomeDetails } from '../audit/recorder';
import type { SendEvent } from '../ipc/events';
import type { SecretsService } from '../secrets/service';
import { planImport } from './import-plan';
import type { ImportSources } from './import-sources';
import { AdaptiveLimit, runItems, type ItemOutcome, type ItemResult } from './runner';
import { observeAttempts } from './throttle-observer';

export type JobAuditAction = 'secret.write' | 'secret.remove' | 'secret.restore';

/** A secret change under the audit recorder, for `profile` (composition's secretChange). */
export type AuditedChange = <T>(
  action: JobAuditAction,
  profile: Profile,
  ref: SecretRef,
  change: (service: SecretsService) => Promise<T>,
  statusOf: (result: T) => SecretStatus | undefined,
  settle?: (result: T) => AuditOutcomeDetails,
) => Promise<T>;

export interface JobServiceDeps {
  readonly activeProfile: () => Profile;
  /** The stored profile by id now (undefined once removed): a job stops writing when it turns read-only. */
  readonly profileById: (id: string) => Profile | undefined;
  readonly clientFor: (profile: Profile) => Promise<SecretsManagerClient>;
  /** The target domain's statuses (from the fleet snapshot when complete, else a listing). */
  readonly statusList: (profile: Profile, orgId: string, domainId: string) => Promise<SecretStatusList>;
  readonly audited: AuditedChange;
  readonly sources: ImportSources;
  readonly send?: SendEvent;
  /** Requests in flight per job at most (default DEFAULT_JOB_CONCURRENCY). */
  readonly concurrency?: number;
  readonly now?: () => number;
}

export interface JobService {
  preview(options: ImportOptions): Promise<ImportPreview>;
  startImport(input: StartImportInput): Promise<JobReport>;
  startBulk(input: StartBulkInput): Promise<JobReport>;
  cancel(jobId: string): boolean;
  report(jobId: string): JobReport;
  /** Resolves when the job has settled every item (tests, the CLI). */
  finished(jobId: string): Promise<JobReport>;
  close(): void;
}

const PROGRESS_INTERVAL_MS = 100;
const MAX_KEPT_JOBS = 50;
/**
 * The most requests a job keeps in flight: 48, just under the 50 sockets of the SDK client's pool
 * (which the window's other calls share). Against a write limit the runner starts with fewer and
 * halves and paces them (runner.ts), so this matters only where the backend keeps up: there an item
 * takes about three times the round trip (two fsync'ed audit appends, CPU), and `npm run
 * bench:migration` (1,000 keys, 20 ms round trip, 2 cores) measured 16 in flight at 6.8–10.8× the
 * sequential script, 32 at 9.8–12.4×, 48 at 13×.
 */
export const DEFAULT_JOB_CONCURRENCY = 48;

interface RunningJob {
  readonly report: JobReport;
  readonly items: JobItem[];
  readonly controller: AbortController;
  readonly changed: Set<number>;
  timer: NodeJS.Timeout | undefined;
  readonly done: Promise<JobReport>;
}

function countsOf(items: readonly JobItem[]): JobCounts {
  const counts: JobCounts = { total: items.length, done: 0, written: 0, skipped: 0, failed: 0, cancelled: 0 };
  for (const item of items) {
    if (item.state === 'pending' || item.state === 'running') continue;
    counts.done += 1;
    counts[item.state] += 1;
  }
  return counts;
}

export function createJobService(deps: JobServiceDeps): JobService {
  const now = deps.now ?? Date.now;
  const jobs = new Map<string, RunningJob>();
  /** After close(): nothing more is sent. */
  let closed = false;

  function snapshot(job: RunningJob): JobReport {
    return { ...job.report, counts: countsOf(job.items), items: job.items.map((item) => ({ ...item })) };
  }

  function emit(job: RunningJob): void {
    if (job.timer) clearTimeout(job.timer);
    job.timer = undefined;
    if (closed) return;
    const items = [...job.changed].sort((a, b) => a - b).map((index) => ({ ...(job.items[index] as JobItem) }));
    job.changed.clear();
    deps.send?.('jobProgress', { ...job.report, counts: countsOf(job.items), items });
  }

  function changed(job: RunningJob, index: number): void {
    job.changed.add(index);
    if (!closed) job.timer ??= setTimeout(() => emit(job), PROGRESS_INTERVAL_MS);
  }

  function assertWritable(profile: Profile): void {
    if (profile.readOnly) {
      throw new AppError('READ_ONLY_PROFILE', `Profile "${profile.name}" is read-only, so nothing was changed. Switch to a profile that allows changes.`, { profileId: profile.id });
    }
  }

  /** On prod, the person typed the env name (the window asks; main refuses without it). */
  function assertConfirmed(profile: Profile, confirmEnv: string | undefined, what: string): void {
    if (profile.env === 'prod' && confirmEnv !== 'prod') {
      throw new AppError('VALIDATION', `${what}: type the env name "prod" to confirm. Nothing was changed.`, { confirmed: false });
    }
  }

  /** Starts a job over `items`; `perform(index)` changes item `index`. */
  async function start(
    profile: Profile,
    kind: JobKind,
    title: string,
    items: JobItem[],
    runnable: readonly number[],
    perform: (index: number) => Promise<ItemOutcome>,
  ): Promise<JobReport> {
    for (const [id, old] of jobs) if (jobs.size >= MAX_KEPT_JOBS && old.report.state !== 'running') jobs.delete(id);
    const client = await deps.clientFor(profile);
    const jobId = randomUUID();
    let finish: (report: JobReport) => void = () => undefined;
    const job: RunningJob = {
      report: { jobId, kind, profileId: profile.id, env: profile.env, title, state: 'running', counts: countsOf(items), startedAt: now(), items: [] },
      items,
      controller: new AbortController(),
      changed: new Set(),
      timer: undefined,
      done: new Promise<JobReport>((resolve) => {
        finish = resolve;
      }),
    };
    jobs.set(jobId, job);
    const limit = new AdaptiveLimit(deps.concurrency ?? DEFAULT_JOB_CONCURRENCY);
    const stopObserving = observeAttempts(client, `foundry-job-${jobId}`, (pushedBack) => (pushedBack ? limit.pressure() : limit.clean()));
    const settle = (index: number, result: ItemResult): void => {
      const item = items[index] as JobItem;
      items[index] = { ...item, state: result.state, ...(result.reason !== undefined && { reason: result.reason }), ...('code' in result && result.code !== undefined && { code: result.code }) };
      changed(job, index);
    };
    void runItems({
      count: runnable.length,
      limit,
      signal: job.controller.signal,
      perform: (slot) => perform(runnable[slot] as number),
      onStart: (slot) => {
        const index = runnable[slot] as number;
        items[index] = { ...(items[index] as JobItem), state: 'running' };
        changed(job, index);
      },
      onSettled: (slot, result) => settle(runnable[slot] as number, result),
    })
      .catch(() => undefined)
      .then(() => {
        stopObserving();
        const cancelled = items.some((item) => item.state === 'cancelled');
        Object.assign(job.report, { state: cancelled ? 'cancelled' : 'done', finishedAt: now() });
        for (let index = 0; index < items.length; index += 1) changed(job, index);
        emit(job);
        finish(snapshot(job));
      });
    emit(job);
    return snapshot(job);
  }

  /**
   * One item's change under the audit recorder. Before it, the profile is read again: a job started
   * on a profile that has since been made read-only (or removed) writes nothing more. A change that
   * was made but whose audit outcome could not be recorded is reported written (it was), with why.
   */
  const writeItem = async (
    profile: Profile,
    ref: SecretRef,
    perform: (service: SecretsService) => Promise<{ outcome: ItemOutcome; status?: SecretStatus; versionId?: string }>,
    action: JobAuditAction,
  ): Promise<ItemOutcome> => {
    const current = deps.profileById(profile.id);
    if (!current) throw new AppError('NOT_FOUND', `Profile "${profile.name}" was removed while the job ran, so nothing more was changed.`, { profileId: profile.id });
    assertWritable(current);
    try {
      const result = await deps.audited(action, profile, ref, perform, (done) => done.status, (done) => (done.versionId !== undefined ? { versionId: done.versionId } : {}));
      return result.outcome;
    } catch (error) {
      if (error instanceof AppError && error.details?.['applied'] === true) return { state: 'written', reason: error.message };
      throw error;
    }
  };

  async function plan(options: ImportOptions) {
    const profile = deps.activeProfile();
    const record = deps.sources.get(options.sourceId);
    const existing = await deps.statusList(profile, options.orgId, options.domainId);
    return { profile, record, ...planImport(record, options, profile.env, existing) };
  }

  return {
    async preview(options) {
      return (await plan(options)).preview;
    },

    async startImport(input) {
      const { confirmEnv, ...options } = input;
      const { profile, record, preview, writes } = await plan(options);
      assertWritable(profile);
      assertConfirmed(profile, confirmEnv, `This imports into ${options.orgId} in prod`);
      const skipped = (reason: string) => ({ state: 'skipped' as const, reason });
      const items: JobItem[] = preview.items.map((item, index) => ({
        index,
        orgId: options.orgId,
        domainId: options.domainId,
        key: item.key,
        ...(item.secretName !== undefined && { secretName: item.secretName }),
        ...(item.secretId !== undefined && { secretId: item.secretId }),
        ...(item.plan === 'create' || item.plan === 'overwrite'
          ? { state: 'pending' as const }
          : item.plan === 'skip-existing'
            ? skipped('It exists already; the run does not overwrite.')
            : item.plan === 'skip-empty'
              ? skipped('The value is empty: nothing to store.')
              : item.plan === 'skip-chosen'
                ? skipped('You chose not to import it.')
                : item.plan === 'skip-unmapped'
                  ? skipped('No catalog secret uses this variable (custom keys were not included).')
                  : skipped(item.warning ?? 'Its name cannot be a secret name.')),
      }));
      const runnable = items.flatMap((item) => (item.state === 'pending' ? [item.index] : []));
      const byIndex = new Map(runnable.map((index, slot) => [index, writes[slot]]));
      // One ClientRequestToken per item for this job: the SDK's retries (and a throttled item taken
      // again) cannot add a second version, and another run is a new write, never "ignored" by AWS
      // as a repeat of an old request (which would report a write that did not happen).
      const tokens = new Map(runnable.map((index) => [index, randomUUID()]));
      const title = `Import of ${record.name} into ${options.orgId}/${options.domainId} (${profile.env})`;
      return start(profile, 'import', title, items, runnable, (index) => {
        const write = byIndex.get(index);
        if (!write) return Promise.reject(new AppError('INTERNAL', 'This item has no planned write.'));
        const ref: SecretRef = { orgId: options.orgId, domainId: options.domainId, secretName: write.item.secretName };
        return writeItem(
          profile,
          ref,
          async (service) => {
            const token = tokens.get(index) ?? randomUUID();
            const put = await service.put({ ...ref, value: write.entry.value }, { token, overwrite: options.overwrite });
            if (put.outcome === 'exists') return { outcome: { state: 'skipped', reason: 'It exists already (created since the preview); the run does not overwrite.' } };
            return { outcome: { state: 'written', reason: put.outcome === 'created' ? 'Created.' : put.outcome === 'filled' ? 'Its first value stored.' : 'New version added.' }, status: put.status, versionId: token };
          },
          'secret.write',
        );
      });
    },

    async startBulk(input) {
      const profile = deps.activeProfile();
      assertWritable(profile);
      assertConfirmed(profile, input.confirmEnv, `This changes ${input.orgIds.length} organization(s) in prod`);
      const orgIds = [...new Set(input.orgIds)];
      const items: JobItem[] = orgIds.map((orgId, index) => ({
        index,
        orgId,
        domainId: input.domainId,
        secretName: input.secretName,
        secretId: buildSecretId({ env: profile.env, orgId, domainId: input.domainId, secretName: input.secretName }),
        state: 'pending',
      }));
      const action = input.action;
      const kind: JobKind = action.kind === 'set' ? 'bulk-set' : action.kind === 'schedule-deletion' ? 'bulk-schedule-deletion' : 'bulk-restore';
      const verb = action.kind === 'set' ? 'Set' : action.kind === 'schedule-deletion' ? 'Schedule deletion of' : 'Restore';
      const title = `${verb} ${input.secretName} (${input.domainId}) in ${orgIds.length} organization(s) (${profile.env})`;
      return start(profile, kind, title, items, items.map((item) => item.index), (index) => {
        const ref: SecretRef = { orgId: orgIds[index] as string, domainId: input.domainId, secretName: input.secretName };
        if (action.kind === 'set') {
          const token = randomUUID();
          return writeItem(
            profile,
            ref,
            async (service) => {
              const put = await service.put({ ...ref, value: action.value }, { token, overwrite: true });
              if (put.outcome === 'exists') throw new AppError('INTERNAL', 'The secret exists but no version was added.');
              return { outcome: { state: 'written', reason: put.outcome === 'created' ? 'Created.' : 'New version added.' }, status: put.status, versionId: token };
            },
            'secret.write',
          );
        }
        if (action.kind === 'schedule-deletion') {
          return writeItem(
            profile,
            ref,
            async (service) => {
              const status = await service.remove({ ...ref, mode: { kind: 'recoverable', recoveryWindowDays: action.recoveryWindowDays } });
              return { outcome: { state: 'written', reason: `Scheduled for deletion in ${action.recoveryWindowDays} days.` }, status };
            },
            'secret.remove',
          ).catch((error: unknown) => {
            if (error instanceof AppError && error.code === 'NOT_FOUND') return { state: 'skipped' as const, reason: 'This organization has no such secret: nothing to delete.' };
            throw error;
          });
        }
        return writeItem(
          profile,
          ref,
          async (service) => ({ outcome: { state: 'written', reason: 'Restored.' }, status: await service.restore(ref) }),
          'secret.restore',
        ).catch((error: unknown) => {
          if (error instanceof AppError && error.code === 'NOT_FOUND') return { state: 'skipped' as const, reason: 'This organization has no such secret: nothing to restore.' };
          throw error;
        });
      });
    },

    cancel(jobId) {
      const job = jobs.get(jobId);
      if (!job || job.report.state !== 'running' || job.controller.signal.aborted) return false;
      job.controller.abort();
      return true;
    },

    report(jobId) {
      const job = jobs.get(jobId);
      if (!job) throw new AppError('NOT_FOUND', 'That job is not known (the app restarted since, or it is older than the last 50 jobs).');
      return snapshot(job);
    },

    finished(jobId) {
      const job = jobs.get(jobId);
      if (!job) return Promise.reject(new AppError('NOT_FOUND', 'That job is not known.'));
      return job.done;
    },

    close() {
      closed = true;
      for (const job of jobs.values()) {
        job.controller.abort();
        if (job.timer) clearTimeout(job.timer);
      }
    },
  };
}
