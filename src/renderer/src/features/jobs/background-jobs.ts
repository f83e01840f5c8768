/**
 * Jobs whose dialog was put away while they ran ("Run in background", or the dialog went for any
 * other reason): main keeps running them and keeps their reports until the app closes, and the
 * window keeps a line for each here until the person dismisses it — "goes on in the background",
 * then how it ended, with the way back to its report (and its export). Without it, a job whose
 * dialog closed was out of reach: nothing else in the window could show which items failed.
 *
 * The line holds the job's header only (title, state, counts: no item, never a value). It follows
 * `jobProgress` events, and reads the job again every few seconds in case one was lost.
 */
import { create } from 'zustand';
import type { JobCounts, JobProgress, JobReport, JobState } from '../../../../shared/contract';
import { api, subscribe } from '../../api';
import { useAppStore } from '../../store';

export interface BackgroundJob {
  readonly jobId: string;
  readonly title: string;
  readonly state: JobState;
  readonly counts: JobCounts;
}

/** Ended jobs kept as lines (a running one is never dropped). */
export const MAX_ENDED_LINES = 5;

/** Adds a job (or brings its line up to date), newest first; the oldest ended lines beyond the cap go. */
export function addBackgroundJob(jobs: readonly BackgroundJob[], report: Pick<JobReport, 'jobId' | 'title' | 'state' | 'counts'>): BackgroundJob[] {
  const line: BackgroundJob = { jobId: report.jobId, title: report.title, state: report.state, counts: report.counts };
  const known = jobs.find((job) => job.jobId === report.jobId);
  // A job that has ended stays ended (an older word about it may arrive after the last one).
  const merged = known && known.state !== 'running' ? known : line;
  const rest = jobs.filter((job) => job.jobId !== report.jobId);
  let ended = 0;
  return [merged, ...rest].filter((job) => job.state === 'running' || ++ended <= MAX_ENDED_LINES);
}

/** Brings a known job's line up to date from an event or a report read again; others are left as they are. */
export function updateBackgroundJob(jobs: readonly BackgroundJob[], update: Pick<JobProgress, 'jobId' | 'state' | 'counts'>): readonly BackgroundJob[] {
  const at = jobs.findIndex((job) => job.jobId === update.jobId);
  const known = jobs[at];
  if (!known || known.state !== 'running') return jobs;
  const next = jobs.slice();
  next[at] = { ...known, state: update.state, counts: update.counts };
  return next;
}

export function removeBackgroundJob(jobs: readonly BackgroundJob[], jobId: string): readonly BackgroundJob[] {
  return jobs.filter((job) => job.jobId !== jobId);
}

interface BackgroundJobsState {
  readonly jobs: readonly BackgroundJob[];
  /** The job whose report is open again (from its line), or null. */
  readonly shown: string | null;
}

export const useBackgroundJobs = create<BackgroundJobsState>()(() => ({ jobs: [], shown: null }));

const SAFETY_POLL_MS = 4000;
let stopEvents: (() => void) | null = null;
let poll: ReturnType<typeof setInterval> | null = null;

function setJobs(change: (jobs: readonly BackgroundJob[]) => readonly BackgroundJob[]): void {
  const before = useBackgroundJobs.getState().jobs;
  useBackgroundJobs.setState((state) => ({ jobs: change(state.jobs) }));
  const after = useBackgroundJobs.getState().jobs;
  // One ended out of sight: the secrets view may show what it wrote, and reads its statuses again
  // (the matrix follows the fleet's own events).
  if (after.some((job) => job.state !== 'running' && before.some((was) => was.jobId === job.jobId && was.state === 'running'))) void useAppStore.getState().loadSecrets();
  followWhileRunning();
}

/** Listens (events and a slow poll) while a line is running; stops once none is. */
function followWhileRunning(): void {
  const running = useBackgroundJobs.getState().jobs.some((job) => job.state === 'running');
  if (running && !stopEvents) {
    stopEvents = subscribe('jobProgress', (progress) => setJobs((jobs) => updateBackgroundJob(jobs, progress)));
    poll = setInterval(() => {
      for (const job of useBackgroundJobs.getState().jobs) {
        if (job.state !== 'running') continue;
        api.getJob(job.jobId).then(
          (report) => setJobs((jobs) => updateBackgroundJob(jobs, report)),
          () => undefined, // the next event or poll says more; the line stays as it was
        );
      }
    }, SAFETY_POLL_MS);
  } else if (!running && stopEvents) {
    stopEvents();
    stopEvents = null;
    if (poll) clearInterval(poll);
    poll = null;
  }
}

/** Hands a job to the background (its dialog is going): it gets a line until dismissed. */
export function followInBackground(report: Pick<JobReport, 'jobId' | 'title' | 'state' | 'counts'>): void {
  setJobs((jobs) => addBackgroundJob(jobs, report));
  // Read once now: it may have moved on (or ended) between the dialog's last word and this.
  if (report.state === 'running') {
    api.getJob(report.jobId).then(
      (full) => setJobs((jobs) => updateBackgroundJob(jobs, full)),
      () => undefined,
    );
  }
}

export function dismissBackgroundJob(jobId: string): void {
  setJobs((jobs) => removeBackgroundJob(jobs, jobId));
}

/** Opens a job's report again (the dialog follows it if it still runs). */
export function showJobReport(jobId: string): void {
  useBackgroundJobs.setState({ shown: jobId });
}

export function closeJobReport(): void {
  useBackgroundJobs.setState({ shown: null });
}
