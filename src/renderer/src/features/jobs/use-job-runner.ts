import { useCallback, useEffect, useRef, useState } from 'react';
import type { JobProgress, JobReport } from '../../../../shared/contract';
import { api, subscribe, toUiErrorData, type UiErrorData } from '../../api';
import { followInBackground } from './background-jobs';
import { mergeProgress, type StartOutcome } from './job-model';

export type { StartOutcome } from './job-model';

/** While a job runs, its full report is read again this often, in case an event was lost on the way. */
const SAFETY_POLL_MS = 4000;

export interface JobRunner {
  /** The job started here, as far as the window knows; null before a start (or after reset). */
  readonly report: JobReport | null;
  /** Starting, cancelling or reading the job failed. */
  readonly error: UiErrorData | null;
  readonly starting: boolean;
  /** Cancel was asked and the job has not settled yet. */
  readonly cancelling: boolean;
  /**
   * Starts a job (startImport or startBulk); false when it did not start (the error says why).
   * `whenClosed` hears the answer instead when the window that asked was closed before it came
   * (a dialog closed while "Starting…"): main may have started the job all the same.
   */
  start(begin: () => Promise<JobReport>, whenClosed?: (outcome: StartOutcome) => void): Promise<boolean>;
  /** Follows a job started earlier (its report opened again from its line in the notice bar). */
  attach(jobId: string): Promise<void>;
  cancel(): Promise<void>;
  /** Forgets the job shown (it keeps its report in main). */
  reset(): void;
}

/**
 * Starts one job at a time and follows it: `jobProgress` events update it as it runs, and the full
 * report is read again once it settles. The subscription is made before the start is sent and
 * events are held until the answer names the job, so none is missed whichever arrives first.
 *
 * A job still running when the runner goes (its dialog was put away, or closed while "Starting…")
 * is handed to the background (background-jobs.ts): it keeps a line in the notice bar, which says
 * how it ended and opens its report again.
 */
export function useJobRunner(): JobRunner {
  const [report, setReport] = useState<JobReport | null>(null);
  const [error, setError] = useState<UiErrorData | null>(null);
  const [starting, setStarting] = useState(false);
  const [cancelAsked, setCancelAsked] = useState(false);
  const jobId = useRef<string | null>(null);
  /** Events that came while a start was awaited (they may be its job's first ones). */
  const held = useRef<JobProgress[] | null>(null);
  const mounted = useRef(false);
  /** The report shown, for the hand-over when the runner goes. */
  const latest = useRef<JobReport | null>(null);
  useEffect(() => {
    latest.current = report;
  }, [report]);

  /** Reads the whole report again and merges it in (it is never older about an item than what is shown). */
  const refresh = useCallback(async (id: string) => {
    try {
      const full = await api.getJob(id);
      if (mounted.current && jobId.current === id) setReport((current) => (current ? mergeProgress(current, full) : current));
    } catch (failure) {
      if (mounted.current && jobId.current === id) setError(toUiErrorData(failure));
    }
  }, []);

  useEffect(() => {
    mounted.current = true;
    const stop = subscribe('jobProgress', (progress) => {
      if (jobId.current === null) {
        held.current?.push(progress);
        return;
      }
      if (progress.jobId !== jobId.current) return;
      setReport((current) => (current ? mergeProgress(current, progress) : current));
      // Settled: the whole report once (an event carries only what changed, and one may have been lost).
      if (progress.state !== 'running') void refresh(progress.jobId);
    });
    return () => {
      mounted.current = false;
      stop();
      const left = latest.current;
      if (left?.state === 'running' && jobId.current === left.jobId) followInBackground(left);
    };
  }, [refresh]);

  const id = report?.jobId;
  const running = report?.state === 'running';
  useEffect(() => {
    if (!id || !running) return;
    const timer = setInterval(() => void refresh(id), SAFETY_POLL_MS);
    return () => clearInterval(timer);
  }, [id, running, refresh]);

  async function start(begin: () => Promise<JobReport>, whenClosed?: (outcome: StartOutcome) => void): Promise<boolean> {
    setError(null);
    setStarting(true);
    setCancelAsked(false);
    jobId.current = null;
    held.current = [];
    try {
      const first = await begin();
      if (!mounted.current) {
        whenClosed?.({ report: first });
        if (first.state === 'running') followInBackground(first);
        return false;
      }
      jobId.current = first.jobId;
      const early = (held.current ?? []).filter((progress) => progress.jobId === first.jobId);
      const shown = early.reduce(mergeProgress, first);
      setReport(shown);
      if (shown.state !== 'running') void refresh(first.jobId);
      return true;
    } catch (failure) {
      if (mounted.current) setError(toUiErrorData(failure));
      else whenClosed?.({ error: toUiErrorData(failure) });
      return false;
    } finally {
      held.current = null;
      if (mounted.current) setStarting(false);
    }
  }

  async function attach(id: string): Promise<void> {
    setError(null);
    setCancelAsked(false);
    jobId.current = id;
    try {
      const full = await api.getJob(id);
      if (mounted.current && jobId.current === id) setReport((current) => (current?.jobId === id ? mergeProgress(current, full) : full));
    } catch (failure) {
      if (mounted.current && jobId.current === id) setError(toUiErrorData(failure));
    }
  }

  async function cancel(): Promise<void> {
    const current = jobId.current;
    if (!current) return;
    setCancelAsked(true);
    try {
      await api.cancelJob(current);
    } catch (failure) {
      if (mounted.current) {
        setCancelAsked(false);
        setError(toUiErrorData(failure));
      }
    }
  }

  function reset(): void {
    jobId.current = null;
    setReport(null);
    setError(null);
    setCancelAsked(false);
  }

  return { report, error, starting, cancelling: cancelAsked && running, start, attach, cancel, reset };
}
