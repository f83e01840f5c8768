import { FileText, LoaderCircle } from 'lucide-react';
import { Button } from '../../components/button';
import { LazyPart } from '../../components/lazy-part';
import { JobReportDialog } from '../../later-parts';
import { NoticeLine } from '../../components/notice-line';
import { closeJobReport, dismissBackgroundJob, showJobReport, useBackgroundJobs, type BackgroundJob } from './background-jobs';
import { backgroundLine, backgroundTone } from './job-model';

function JobLine({ job }: { job: BackgroundJob }) {
  const running = job.state === 'running';
  const label = running ? 'Show progress' : 'Show report';
  return (
    <NoticeLine
      testId="background-job"
      state={job.state}
      notice={{ tone: backgroundTone(job), text: backgroundLine(job) }}
      {...(running && { icon: LoaderCircle })}
      action={
        <Button size="sm" aria-label={`${label}: ${job.title}`} onClick={() => showJobReport(job.jobId)}>
          <FileText aria-hidden className="size-4" />
          {label}
        </Button>
      }
      // A running job's line stays: it is the only way back to it.
      {...(!running && { onDismiss: () => dismissBackgroundJob(job.jobId), dismissLabel: `Dismiss: ${job.title}` })}
    />
  );
}

/**
 * A line per job whose dialog was put away while it ran, kept until dismissed: running, then how
 * it ended (announced once, as the line changes), with the way back to its report and export.
 */
export function BackgroundJobLines() {
  const jobs = useBackgroundJobs((s) => s.jobs);
  const shown = useBackgroundJobs((s) => s.shown);
  return (
    <>
      <div role="status" aria-live="polite" aria-label="Jobs in the background" data-testid="background-jobs" className={jobs.length > 0 ? 'space-y-2' : 'hidden'}>
        {jobs.map((job) => (
          <JobLine key={job.jobId} job={job} />
        ))}
      </div>
      {shown && (
        <LazyPart what="the job report" fallback={null}>
          <JobReportDialog key={shown} jobId={shown} onClose={closeJobReport} />
        </LazyPart>
      )}
    </>
  );
}
