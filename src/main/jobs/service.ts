/**
 * Bulk jobs in main: a `.env` import into one org, or one change across many orgs. Each job runs
 * under the profile that was active when it started, writes each item under the audit recorder
 * (an attempt and an outcome per item, like any write), streams `jobProgress` events (states and
 * counts, never a value) and keeps its report until the app closes.
 */
import { setMaxListeners } from 'node:events';
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
import { attemptItem, deletionReadBack, restoreReadBack, versionReadBack, type ItemWrite, type ReadBack } from './lost-answers';
import { AdaptiveLimit, runItems, type ItemOutcome, type ItemResult, type RetryLater } from './runner';
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
  /**
   * Cancels every running job and resolves when they have settled (each item's audit outcome
   * written), or after CLOSE_WAIT_MS at most: the app quits once this resolves, and closes the
   * clients and the audit log under any item still running.
   */
  close(): Promise<void>;
}

const PROGRESS_INTERVAL_MS = 100;
/**
 * How long close() waits for running jobs. After a cancel an item only finishes the request it has
 * in flight (with the SDK's retries) and, if throttled, reads the secret back: well under this.
 */
export const CLOSE_WAIT_MS = 3_000;
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
  /** Aborted by close(): items stop waiting for writes stuck in the SDK's retries (attemptItem). */
  const closing = new AbortController();
  // Every item in flight listens to it (and stops listening when it settles): a job with more than
  // ten in flight is not a leak, and Node's warning would say it is.
  setMaxListeners(0, closing.signal);

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

  /** Starts a job over `items`; `perform(index, client)` changes item `index`. */
  async function start(
    profile: Profile,
    kind: JobKind,
    title: string,
    items: JobItem[],
    runnable: readonly number[],
    perform: (index: number, client: SecretsManagerClient, retryLater: RetryLater) => Promise<ItemOutcome>,
  ): Promise<JobReport> {
    // A request that reached main while it closes (the browser host's last call, a CLI interrupted
    // at the wrong moment) would write beside the clients and vault being shut.
    if (closed) throw new AppError('CONFLICT', 'The app is closing, so the job was not started: nothing was changed.');
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
    const stopObserving = observeAttempts(client, `foundry-job-${jobId}`, (pushedBack) => (pushedBack ? limit.pressure() : limit.clean()), {
      uncountedClean: ['DescribeSecretCommand'],
    });
    /** The cancel stopped an item: cancelled, or left "Unknown — check" (failed THROTTLED) by its lost answer. */
    let stoppedByCancel = false;
    const settle = (index: number, result: ItemResult): void => {
      if (job.controller.signal.aborted && (result.state === 'cancelled' || (result.state === 'failed' && result.code === 'THROTTLED'))) stoppedByCancel = true;
      const item = items[index] as JobItem;
      items[index] = { ...item, state: result.state, ...(result.reason !== undefined && { reason: result.reason }), ...('code' in result && result.code !== undefined && { code: result.code }) };
      changed(job, index);
    };
    void runItems({
      count: runnable.length,
      limit,
      signal: job.controller.signal,
      perform: (slot, retryLater) => perform(runnable[slot] as number, client, retryLater),
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
        // Not from the items' states alone: a cancelled item whose change may have landed ends
        // "Unknown — check" (failed), and a job the person stopped must not read "Done". One whose
        // items all landed despite the cancel is done.
        Object.assign(job.report, { state: stoppedByCancel ? 'cancelled' : 'done', finishedAt: now() });
        for (let index = 0; index < items.length; index += 1) changed(job, index);
        emit(job);
        finish(snapshot(job));
      });
    emit(job);
    return snapshot(job);
  }

  /** Throws if `profile` may not be changed now: removed, or made read-only, since the job started. */
  function assertStillWritable(profile: Profile): void {
    const current = deps.profileById(profile.id);
    if (!current) throw new AppError('NOT_FOUND', `Profile "${profile.name}" was removed while the job ran, so nothing more was changed.`, { profileId: profile.id, profileRemoved: true });
    assertWritable(current);
  }
  const stillWritable = (profile: Profile): boolean => {
    const current = deps.profileById(profile.id);
    return current !== undefined && !current.readOnly;
  };

  /**
   * One item's change, with all its retries, as one change under the audit recorder (one attempt,
   * one outcome: see attemptItem). Before it, and before every later send, the profile is read
   * again: a job started on a profile that has since been made read-only (or removed) sends nothing
   * more; an item whose earlier attempt may have landed is read back first, and reported as found.
   * A change that was made but whose audit outcome could not be recorded is reported written (it
   * was), with why.
   */
  const writeItem = async (
    profile: Profile,
    ref: SecretRef,
    action: JobAuditAction,
    item: { readonly lookFor: string; readonly readBack: (service: SecretsService) => ReadBack; readonly change: (service: SecretsService) => Promise<ItemWrite>; readonly retryLater: RetryLater },
  ): Promise<ItemOutcome> => {
    assertStillWritable(profile);
    const secretId = buildSecretId({ env: profile.env, ...ref });
    try {
      const result = await deps.audited(
        action,
        profile,
        ref,
        (service) => attemptItem({ secretId, lookFor: item.lookFor, readBack: item.readBack(service), change: () => item.change(service), mayChange: () => assertStillWritable(profile), retryLater: item.retryLater, closing: closing.signal }),
        (done) => done.status,
        (done) => (done.versionId !== undefined ? { versionId: done.versionId } : {}),
      );
      return result.outcome;
    } catch (error) {
      if (error instanceof AppError && error.details?.['applied'] === true) return { state: 'written', reason: error.message };
      throw error;
    }
  };

  /** NOT_FOUND for the secret (not for a profile removed meanwhile): nothing to delete or restore. */
  const noSuchSecret = (error: unknown): boolean => error instanceof AppError && error.code === 'NOT_FOUND' && error.details?.['profileRemoved'] !== true;

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
      return start(profile, 'import', title, items, runnable, (index, client, retryLater) => {
        const write = byIndex.get(index);
        const token = tokens.get(index);
        if (!write || token === undefined) return Promise.reject(new AppError('INTERNAL', 'This item has no planned write.'));
        const ref: SecretRef = { orgId: options.orgId, domainId: options.domainId, secretName: write.item.secretName };
        return writeItem(profile, ref, 'secret.write', {
          lookFor: `its versions (version ${token} is this job's)`,
          readBack: () => versionReadBack(client, profile.env, ref, token, () => stillWritable(profile)),
          retryLater,
          change: async (service) => {
            const put = await service.put({ ...ref, value: write.entry.value }, { token, overwrite: options.overwrite });
            if (put.outcome === 'exists') return { outcome: { state: 'skipped', reason: 'It exists already (created since the preview); the run does not overwrite.' } };
            return { outcome: { state: 'written', reason: put.outcome === 'created' ? 'Created.' : put.outcome === 'filled' ? 'Its first value stored.' : 'New version added.' }, status: put.status, versionId: token };
          },
        });
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
      // One ClientRequestToken per item for the whole job, drawn once (as the import does): a retried
      // item sends the same token, so it cannot add a second version.
      const tokens = orgIds.map(() => randomUUID());
      return start(profile, kind, title, items, items.map((item) => item.index), (index, client, retryLater) => {
        const ref: SecretRef = { orgId: orgIds[index] as string, domainId: input.domainId, secretName: input.secretName };
        if (action.kind === 'set') {
          const token = tokens[index] as string;
          return writeItem(profile, ref, 'secret.write', {
            lookFor: `its versions (version ${token} is this job's)`,
            readBack: () => versionReadBack(client, profile.env, ref, token, () => stillWritable(profile)),
            retryLater,
            change: async (service) => {
              const put = await service.put({ ...ref, value: action.value }, { token, overwrite: true });
              if (put.outcome === 'exists') throw new AppError('INTERNAL', 'The secret exists but no version was added.');
              return { outcome: { state: 'written', reason: put.outcome === 'created' ? 'Created.' : 'New version added.' }, status: put.status, versionId: token };
            },
          });
        }
        if (action.kind === 'schedule-deletion') {
          const deletion = deletionReadBack(client, profile.env, ref, async (service: SecretsService): Promise<ItemWrite> => {
            const status = await service.remove({ ...ref, mode: { kind: 'recoverable', recoveryWindowDays: action.recoveryWindowDays } });
            return { outcome: { state: 'written', reason: `Scheduled for deletion in ${action.recoveryWindowDays} days.` }, status };
          });
          return writeItem(profile, ref, 'secret.remove', { lookFor: 'its deletion date', readBack: () => deletion.readBack, retryLater, change: deletion.change }).catch((error: unknown) => {
            if (noSuchSecret(error)) return { state: 'skipped' as const, reason: 'This organization has no such secret: nothing to delete.' };
            throw error;
          });
        }
        const restore = restoreReadBack(client, profile.env, ref, async (service: SecretsService): Promise<ItemWrite> => ({ outcome: { state: 'written', reason: 'Restored.' }, status: await service.restore(ref) }));
        return writeItem(profile, ref, 'secret.restore', {
          lookFor: 'whether it is still scheduled for deletion',
          readBack: (service) => restore.readBack(() => service.status(ref)),
          retryLater,
          change: restore.change,
        }).catch((error: unknown) => {
          if (noSuchSecret(error)) return { state: 'skipped' as const, reason: 'This organization has no such secret: nothing to restore.' };
          throw error;
        });
      });
    },

    cancel(jobId) {
      const job = jobs.get(jobId);
      if (!job || job.report.state !== 'running' || job.controller.signal.aborted) return false;
      // Every item settled already (the job is ending): nothing is left to cancel.
      if (!job.items.some((item) => item.state === 'pending' || item.state === 'running')) return false;
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

    async close() {
      closed = true;
      closing.abort();
      const running: Promise<JobReport>[] = [];
      for (const job of jobs.values()) {
        if (job.report.state === 'running') running.push(job.done);
        job.controller.abort();
        if (job.timer) clearTimeout(job.timer);
      }
      if (running.length === 0) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.all(running), new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_WAIT_MS)))]);
      clearTimeout(timer);
    },
  };
}
