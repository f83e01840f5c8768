import { useEffect } from 'react';
import { Button } from '../../components/button';
import { DialogClose, Modal } from '../../components/dialog';
import { useAppStore } from '../../store';
import { ErrorMessage } from '../errors/ErrorMessage';
import { closingNotice } from './job-model';
import { JobDialogFooter, JobPanel, useRunningJobGuard } from './JobPanel';
import { useJobRunner } from './use-job-runner';

/**
 * A job's report opened again from its line in the notice bar (its own dialog was put away while
 * it ran): main still holds it. The same panel as in the dialog that started it — progress and
 * Cancel while it runs, every item's state and why, the CSV/JSON export — status only, no value.
 * An import's "Afterwards" list is not here: it needs the file, which main let go of with the
 * import's dialog.
 */
export function JobReportDialog({ jobId, onClose }: { jobId: string; onClose(): void }) {
  const runner = useJobRunner();
  const notify = useAppStore((s) => s.notify);
  const { attach } = runner;
  const report = runner.report;
  const guard = useRunningJobGuard(report);

  useEffect(() => {
    void attach(jobId);
    // Once, for this job: `attach` is a new function at each render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [jobId]);

  function close() {
    // Still running: it goes back to the background (the runner hands it over as this goes).
    if (report?.state === 'running') notify(closingNotice(report, 'The job'), 'info');
    onClose();
  }

  return (
    <Modal
      open
      size="lg"
      onOpenChange={(open) => !open && close()}
      {...guard.modal}
      title="Job report"
      description={<p>What the job did to each item, and why: states and secret ids only, never a value.</p>}
    >
      <div className="mt-4 space-y-5" data-testid="job-report-dialog">
        {report ? (
          <>
            <JobPanel runner={runner} report={report} />
            <JobDialogFooter report={report} blocked={guard.blocked} onHide={close} />
          </>
        ) : (
          <>
            {runner.error ? (
              <ErrorMessage compact context="Could not read the job’s report" error={runner.error} />
            ) : (
              <p role="status" className="text-sm text-slate-800 dark:text-slate-200">
                Reading the report…
              </p>
            )}
            <div className="flex justify-end">
              <DialogClose asChild>
                <Button variant="primary">Close</Button>
              </DialogClose>
            </div>
          </>
        )}
      </div>
    </Modal>
  );
}
