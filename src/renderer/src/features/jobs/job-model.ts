/**
 * A bulk job as the window follows it: the report main answered when the job started, brought up
 * to date by `jobProgress` events (each carries the header, the counts and only the items whose
 * state changed) and by the full report read again once it settles. Pure, so the merge rules are
 * plain to test: events and answers travel separately and may arrive out of order, so an item
 * that has settled never goes back to waiting or running, and a job that has finished stays so.
 */
import type { JobCounts, JobItem, JobItemState, JobProgress, JobReport } from '../../../../shared/contract';
import { formatCount } from '../../lib/numbers';

type SettledState = Exclude<JobItemState, 'pending' | 'running'>;

export function isSettled(state: JobItemState): state is SettledState {
  return state !== 'pending' && state !== 'running';
}

export function countsOf(items: readonly JobItem[]): JobCounts {
  const counts: JobCounts = { total: items.length, done: 0, written: 0, skipped: 0, failed: 0, cancelled: 0 };
  for (const item of items) {
    if (!isSettled(item.state)) continue;
    counts.done += 1;
    counts[item.state] += 1;
  }
  return counts;
}

/** Applies a progress event (or a report read again) to the report shown. Counts are re-derived from the items. */
export function mergeProgress(report: JobReport, update: JobProgress | JobReport): JobReport {
  if (update.jobId !== report.jobId) return report;
  const items = report.items.slice();
  for (const item of update.items) {
    // Items are numbered by their place in the report; the lookup is a guard, not the usual path.
    const at = items[item.index]?.index === item.index ? item.index : items.findIndex((candidate) => candidate.index === item.index);
    if (at === -1) continue;
    const current = items[at];
    if (current && isSettled(current.state) && !isSettled(item.state)) continue; // an older word about it
    items[at] = item;
  }
  const finished = report.state !== 'running' ? report : update.state !== 'running' ? update : null;
  return {
    ...report,
    state: finished?.state ?? 'running',
    ...(finished?.finishedAt !== undefined && { finishedAt: finished.finishedAt }),
    counts: countsOf(items),
    items,
  };
}

export const ITEM_STATE_WORDS: Readonly<Record<JobItemState, string>> = {
  pending: 'Waiting',
  running: 'In progress',
  written: 'Written',
  skipped: 'Skipped',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

const count = (n: number): string => formatCount(n);

/** One sentence on where the job is: "12 of 300 done", or how it ended. Counts and states only. */
export function jobSummary(report: Pick<JobReport, 'state' | 'counts'>, cancelling = false): string {
  const { counts } = report;
  if (report.state === 'running') {
    return `${cancelling ? 'Cancelling: the items already sent finish, no new one starts. ' : ''}${count(counts.done)} of ${count(counts.total)} done.`;
  }
  const settled = `${count(counts.written)} written, ${count(counts.skipped)} skipped, ${count(counts.failed)} failed`;
  if (report.state === 'cancelled') {
    return `Stopped: ${settled}${counts.cancelled > 0 ? `, ${count(counts.cancelled)} cancelled (nothing was written for ${counts.cancelled === 1 ? 'it' : 'them'})` : ''}.`;
  }
  return `Done: ${settled}.`;
}

/** Item filters of the report table, in the order offered. */
export const ITEM_FILTERS = ['all', 'failed', 'skipped', 'written', 'cancelled', 'waiting'] as const;
export type ItemFilter = (typeof ITEM_FILTERS)[number];

export function itemMatches(filter: ItemFilter, state: JobItemState): boolean {
  if (filter === 'all') return true;
  if (filter === 'waiting') return state === 'pending' || state === 'running';
  return state === filter;
}

export function isItemFilter(value: string): value is ItemFilter {
  return (ITEM_FILTERS as readonly string[]).includes(value);
}

/** How a job's start ended: its first report, or why it did not start. */
export type StartOutcome = { readonly report: JobReport } | { readonly error: { readonly message: string } };

/**
 * What to say of a start whose dialog was closed while it was on its way: the job as it started
 * (it goes on in the background), or that it did not start and why.
 */
export function closedStartNotice(outcome: StartOutcome, what: string): { text: string; tone: 'info' | 'error' } {
  return 'report' in outcome ? { text: closingNotice(outcome.report, what), tone: 'info' } : { text: `${what} did not start: ${outcome.error.message}`, tone: 'error' };
}

/** The notice when a job's dialog closes: its outcome, or that it goes on (`what`: "The import"). */
export function closingNotice(report: JobReport, what: string): string {
  return report.state === 'running' ? `${what} goes on in the background: ${jobSummary(report)}` : `${report.title}. ${jobSummary(report)}`;
}

/** The line of a job that runs in the background (its dialog put away): static while it runs, then how it ended. */
export function backgroundLine(job: Pick<JobReport, 'title' | 'state' | 'counts'>): string {
  return job.state === 'running' ? `${job.title}: running in the background.` : `${job.title}. ${jobSummary(job)}`;
}

/** How a background job's line looks: red when an item failed, so a failure is not read past. */
export function backgroundTone(job: Pick<JobReport, 'state' | 'counts'>): 'info' | 'success' | 'error' {
  if (job.counts.failed > 0) return 'error';
  return job.state === 'done' ? 'success' : 'info';
}
