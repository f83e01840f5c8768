import { ShieldAlert, ShieldCheck } from 'lucide-react';
import type { AuditVerification } from '../../../../shared/audit';
import { exactTime } from '../../lib/time';

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The whole log's chain check (not only the entries listed): intact, intact with interrupted
 * appends at a file's end (never acknowledged, so nothing is missing), or broken, with the first
 * problems found and where.
 */
export function VerificationBadge({ verification }: { verification: AuditVerification }) {
  const { ok, entries, files, torn, legacy, problemCount, problems, checkedAt } = verification;
  const state = !ok ? 'problems' : torn > 0 ? 'torn' : 'ok';
  const scope = `${plural(entries, 'entry', 'entries')} in ${plural(files, 'file')}, checked ${exactTime(checkedAt)}`;
  if (ok) {
    return (
      <div
        data-testid="audit-verification"
        data-state={state}
        className="flex items-start gap-2 rounded-md border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100"
      >
        <ShieldCheck aria-hidden className="mt-0.5 size-4 shrink-0" />
        <div>
          <p>
            <strong>Chain verified:</strong> no entry was edited, removed or reordered ({scope}).
          </p>
          {torn > 0 && (
            <p className="mt-0.5 text-xs">
              {plural(torn, 'interrupted append')} at the end of a file: written while the app stopped, never acknowledged, so no change went
              unrecorded.
            </p>
          )}
          {legacy > 0 && (
            <p className="mt-0.5 text-xs">
              The first {plural(legacy, 'entry', 'entries')} predate the keyed chain: checked by hash only, so they are known unchanged but not
              known to be written by this app.
            </p>
          )}
        </div>
      </div>
    );
  }
  return (
    <div
      data-testid="audit-verification"
      data-state={state}
      role="alert"
      className="flex items-start gap-2 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
    >
      <ShieldAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
      <div className="min-w-0">
        <p>
          <strong>Chain broken: {plural(problemCount, 'problem')}.</strong> The log was changed outside the app, or damaged; entries listed here may not
          be what was recorded ({scope}).
        </p>
        <ul className="mt-1 list-disc space-y-0.5 pl-5 text-xs">
          {problems.map((problem, index) => (
            <li key={`${problem.file}:${problem.line}:${index}`}>
              <code className="font-mono">
                {problem.file}
                {problem.line > 0 && `:${problem.line}`}
              </code>{' '}
              ({problem.kind}): {problem.message}
            </li>
          ))}
        </ul>
        {problemCount > problems.length && <p className="mt-1 text-xs">…and {problemCount - problems.length} more after these.</p>}
      </div>
    </div>
  );
}
