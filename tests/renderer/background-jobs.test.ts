/**
 * The lines kept for jobs whose dialog was put away while they ran (review finding: a job whose
 * dialog closed was out of reach): added once per job, brought up to date by events and reports
 * read again, an ended job never made running again, running ones never dropped, and the words
 * of the line — the job's title and counts only.
 */
import { describe, expect, it } from 'vitest';
import type { JobCounts, JobState } from '../../src/shared/jobs';
import { addBackgroundJob, MAX_ENDED_LINES, removeBackgroundJob, updateBackgroundJob, type BackgroundJob } from '../../src/renderer/src/features/jobs/background-jobs';
import { backgroundLine, backgroundTone } from '../../src/renderer/src/features/jobs/job-model';

const counts = (patch: Partial<JobCounts> = {}): JobCounts => ({ total: 10, done: 0, written: 0, skipped: 0, failed: 0, cancelled: 0, ...patch });
const job = (n: number, state: JobState = 'running', patch: Partial<JobCounts> = {}): BackgroundJob => ({
  jobId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  title: `Set openai_api_key (shared) in ${n} organization(s) (prod)`,
  state,
  counts: counts(patch),
});

describe('the lines of jobs in the background', () => {
  it('adds a job once, newest first, and brings a known one up to date', () => {
    const one = addBackgroundJob([], job(1));
    const two = addBackgroundJob(one, job(2));
    expect(two.map((line) => line.jobId)).toEqual([job(2).jobId, job(1).jobId]);
    const again = addBackgroundJob(two, job(1, 'running', { done: 4, written: 4 }));
    expect(again).toHaveLength(2);
    expect(again[0]).toEqual(job(1, 'running', { done: 4, written: 4 }));
  });

  it('follows events and reports read again to the end, and an ended job stays ended', () => {
    let lines: readonly BackgroundJob[] = addBackgroundJob([], job(1));
    lines = updateBackgroundJob(lines, { jobId: job(1).jobId, state: 'running', counts: counts({ done: 3, written: 3 }) });
    expect(lines[0]?.counts.done).toBe(3);
    lines = updateBackgroundJob(lines, { jobId: job(1).jobId, state: 'done', counts: counts({ done: 10, written: 8, failed: 2 }) });
    expect(lines[0]).toMatchObject({ state: 'done', counts: { failed: 2 } });
    // An older word (a poll answered before the end, arriving after it): ignored.
    const late = updateBackgroundJob(lines, { jobId: job(1).jobId, state: 'running', counts: counts({ done: 5 }) });
    expect(late).toBe(lines);
    expect(addBackgroundJob(lines, job(1, 'running', { done: 5 }))[0]).toMatchObject({ state: 'done', counts: { done: 10 } });
  });

  it('ignores events of jobs it does not hold (a job whose dialog is still open)', () => {
    const lines = addBackgroundJob([], job(1));
    expect(updateBackgroundJob(lines, { jobId: job(9).jobId, state: 'done', counts: counts({ done: 10 }) })).toBe(lines);
  });

  it(`keeps the ${MAX_ENDED_LINES} newest ended lines, and every running one`, () => {
    let lines: BackgroundJob[] = addBackgroundJob([], job(100));
    for (let n = 1; n <= MAX_ENDED_LINES + 3; n += 1) lines = addBackgroundJob(lines, job(n, 'done', { done: 10, written: 10 }));
    expect(lines.filter((line) => line.state === 'done')).toHaveLength(MAX_ENDED_LINES);
    expect(lines.some((line) => line.jobId === job(100).jobId)).toBe(true);
    expect(lines.some((line) => line.jobId === job(1).jobId)).toBe(false);
  });

  it('removes a dismissed line', () => {
    const lines = addBackgroundJob(addBackgroundJob([], job(1, 'done')), job(2));
    expect(removeBackgroundJob(lines, job(1).jobId).map((line) => line.jobId)).toEqual([job(2).jobId]);
  });

  it('says the job is running (no count that changes, announced ten times a second), then how it ended', () => {
    expect(backgroundLine(job(3))).toBe('Set openai_api_key (shared) in 3 organization(s) (prod): running in the background.');
    expect(backgroundLine(job(3, 'done', { done: 10, written: 8, failed: 2 }))).toBe('Set openai_api_key (shared) in 3 organization(s) (prod). Done: 8 written, 0 skipped, 2 failed.');
    expect(backgroundLine(job(3, 'cancelled', { done: 10, written: 4, cancelled: 6 }))).toBe(
      'Set openai_api_key (shared) in 3 organization(s) (prod). Stopped: 4 written, 0 skipped, 0 failed, 6 cancelled (nothing was written for them).',
    );
  });

  it('shows a line with a failed item in red, so a failure is not read past', () => {
    expect(backgroundTone(job(1, 'done', { done: 10, written: 10 }))).toBe('success');
    expect(backgroundTone(job(1, 'done', { done: 10, written: 9, failed: 1 }))).toBe('error');
    expect(backgroundTone(job(1, 'cancelled', { done: 10, written: 2, cancelled: 8 }))).toBe('info');
    expect(backgroundTone(job(1))).toBe('info');
  });
});
