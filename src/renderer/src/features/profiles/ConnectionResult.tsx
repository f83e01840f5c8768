import type { ConnectionReport, Profile } from '../../../../shared/contract';
import type { UiErrorData } from '../../api';
import { ErrorMessage } from '../errors/ErrorMessage';

/** The outcome of "Test connection": what was checked and found, and the error with its next step. */
export function ConnectionResult({ report, error, profile }: { report: ConnectionReport | null; error: UiErrorData | null; profile?: Profile }) {
  return (
    <>
      <div aria-live="polite">
        {report && (
          <p className={report.ok ? 'text-xs text-emerald-800 dark:text-emerald-300' : 'text-xs text-red-700 dark:text-red-300'}>
            {report.ok ? 'Connected' : 'Not connected'}
            {report.latencyMs !== undefined && ` in ${Math.round(report.latencyMs)} ms`}: {report.detail}
          </p>
        )}
      </div>
      {report?.error && <ErrorMessage compact error={report.error} {...(profile && { profile })} />}
      {error && <ErrorMessage compact error={error} {...(profile && { profile })} />}
    </>
  );
}
