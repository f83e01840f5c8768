import { CircleStop, PanelBottomClose } from 'lucide-react';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { JobReport } from '../../../../shared/contract';
import { Button } from '../../components/button';
import { DialogClose } from '../../components/dialog';
import { ErrorMessage } from '../errors/ErrorMessage';
import { JobExport } from './JobExport';
import { JobItemsTable } from './JobItemsTable';
import { jobSummary } from './job-model';
import type { JobRunner } from './use-job-runner';
import { formatCount } from '../../lib/numbers';

const COUNTS = [
  ['written', 'Written'],
  ['skipped', 'Skipped'],
  ['failed', 'Failed'],
  ['cancelled', 'Cancelled'],
] as const;

function ProgressBar({ report, labelledBy }: { report: JobReport; labelledBy: string }) {
  const { done, total } = report.counts;
  const pct = total === 0 ? 100 : Math.min(100, (done / total) * 100);
  return (
    <div
      role="progressbar"
      aria-labelledby={labelledBy}
      aria-valuemin={0}
      aria-valuemax={total}
      aria-valuenow={done}
      aria-valuetext={`${formatCount(done)} of ${formatCount(total)} done`}
      className="relative h-2.5 min-w-0 flex-1 overflow-hidden rounded-full bg-slate-300 dark:bg-slate-700"
    >
      <span className="absolute inset-y-0 left-0 rounded-full bg-sky-700 dark:bg-sky-400" style={{ width: `${pct}%` }} />
    </div>
  );
}

interface Props {
  readonly runner: JobRunner;
  readonly report: JobReport;
  /** Shown once the job has settled, above the export (the import's "Afterwards"). */
  readonly after?: ReactNode;
}

/**
 * A running or finished job, the same for imports and changes across orgs: a progress bar, the
 * counts, Cancel while it runs, every item with its state, and the report's export once it is
 * over. Its heading takes focus when it appears. Only the end is announced (a running count read
 * out ten times a second would drown everything else).
 */
export function JobPanel({ runner, report, after }: Props) {
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const running = report.state === 'running';

  useEffect(() => {
    heading.current?.focus();
  }, [report.jobId]);

  return (
    <section aria-labelledby={`${id}-title`} className="space-y-3" data-testid="job" data-state={report.state}>
      <h3 id={`${id}-title`} ref={heading} tabIndex={-1} className="text-base font-semibold focus:outline-none">
        {report.title}
      </h3>
      <div className="flex items-center gap-3">
        <ProgressBar report={report} labelledBy={`${id}-title`} />
        {running && (
          <Button size="sm" disabled={runner.cancelling} onClick={() => void runner.cancel()}>
            <CircleStop aria-hidden className="size-4" />
            {runner.cancelling ? 'Cancelling…' : 'Cancel'}
          </Button>
        )}
      </div>
      <p className="text-sm text-slate-800 dark:text-slate-200" data-testid="job-summary">
        {jobSummary(report, runner.cancelling)}
      </p>
      <p role="status" className="sr-only">
        {running ? '' : jobSummary(report)}
      </p>
      <dl className="flex flex-wrap gap-x-5 gap-y-1 text-sm">
        {COUNTS.map(([key, label]) => (
          <div key={key} className="flex gap-1.5" data-count={key}>
            <dt className="text-slate-700 dark:text-slate-300">{label}</dt>
            <dd className="font-semibold tabular-nums">{formatCount(report.counts[key])}</dd>
          </div>
        ))}
      </dl>
      {runner.error && <ErrorMessage compact context="Could not follow the job" error={runner.error} />}
      <JobItemsTable report={report} />
      {!running && (
        <>
          {after}
          <JobExport jobId={report.jobId} />
        </>
      )}
    </section>
  );
}

/**
 * What a job's dialog (Modal) needs so that Escape and a click outside do not close it while the
 * job runs, and whether one was refused (JobDialogFooter then says why nothing happened).
 */
export function useRunningJobGuard(report: JobReport | null): { readonly blocked: boolean; readonly modal: { dismissible: boolean; onDismissBlocked(): void } } {
  const [blocked, setBlocked] = useState(false);
  return { blocked, modal: { dismissible: report?.state !== 'running', onDismissBlocked: () => setBlocked(true) } };
}

interface FooterProps {
  readonly report: JobReport;
  /** Escape or a click outside was refused while the job runs: say why nothing happened. */
  readonly blocked: boolean;
  /** Puts the dialog away while the job runs (it goes on in main). */
  onHide(): void;
  /** The buttons once the job has settled (default: Close). */
  readonly children?: ReactNode;
}

/**
 * The buttons under a job. While it runs, the dialog is not closed by Escape or a click outside
 * (a stray key must not hide a running job): "Run in background" puts it away on purpose, and says
 * what happens then — the job goes on, and a line in the notice bar says how it ended and opens
 * its report again.
 */
export function JobDialogFooter({ report, blocked, onHide, children }: FooterProps) {
  const id = useId();
  if (report.state !== 'running') {
    return (
      <div className="flex flex-wrap justify-end gap-2">
        {children ?? (
          <DialogClose asChild>
            <Button variant="primary">Close</Button>
          </DialogClose>
        )}
      </div>
    );
  }
  return (
    <div className="flex flex-wrap items-center justify-end gap-x-3 gap-y-2">
      <p id={`${id}-hide`} role="status" className="min-w-0 flex-1 text-sm text-slate-800 dark:text-slate-200" data-testid="job-hide-note">
        {blocked ? 'Still running: Escape does not close this window. ' : ''}
        In the background the job goes on; a line at the top of the screen says how it ended and opens its report again.
      </p>
      <Button variant="primary" aria-describedby={`${id}-hide`} onClick={onHide}>
        <PanelBottomClose aria-hidden className="size-4" />
        Run in background
      </Button>
    </div>
  );
}
