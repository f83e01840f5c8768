import type { SelfCheckVerdict } from '../../../../shared/contract';
import { CopyButton } from '../../components/copy-button';
import { focusRing } from '../../components/focus';
import { cn } from '../../lib/cn';
import { SelfCheckArn, SelfCheckText } from './SelfCheckArn';

const DECISION_WORDS: Readonly<Record<SelfCheckVerdict['decisions'][number]['decision'], string>> = {
  allowed: 'Allowed',
  implicitDeny: 'Denied (no policy allows it)',
  explicitDeny: 'Denied (explicit deny)',
};

/** Who was checked, what IAM decided per action and secret, and what the verdict does not prove. */
export function SelfCheckDetails({ verdict }: { verdict: SelfCheckVerdict }) {
  const { identity, decisions, limits, missingPermissions } = verdict;
  return (
    <div className="mt-2 space-y-2 text-xs text-slate-700 dark:text-slate-300">
      {identity && (
        <p>
          Checked as <SelfCheckArn arn={identity.callerArn} /> (account <span className="font-mono">{identity.account}</span>)
          {identity.principalArn && identity.principalArn !== identity.callerArn && (
            <>
              {', simulated as '}
              <SelfCheckArn arn={identity.principalArn} />
              {identity.pathAssumed && ' (path assumed: iam:GetRole was denied)'}
            </>
          )}
          .
        </p>
      )}
      {missingPermissions.length > 0 && (
        <p>
          Needs: <span className="font-mono">{missingPermissions.join(', ')}</span>
        </p>
      )}
      {verdict.checkCommand && (
        <div className="flex items-start gap-2">
          <code className="min-w-0 flex-1 rounded bg-slate-100 px-2 py-1 font-mono text-xs text-slate-900 dark:bg-slate-800 dark:text-slate-100">
            <SelfCheckText text={verdict.checkCommand} />
          </code>
          <CopyButton text={verdict.checkCommand} label="Copy the check command" />
        </div>
      )}
      {decisions.length > 0 && (
        <details>
          <summary className={cn('cursor-pointer rounded-sm font-medium text-slate-800 dark:text-slate-200', focusRing)}>What IAM decided ({decisions.length})</summary>
          <ul className="mt-1 space-y-1">
            {decisions.map((entry) => (
              <li key={`${entry.action} ${entry.resource}`} data-decision={entry.decision}>
                <span className="font-semibold">{DECISION_WORDS[entry.decision]}</span>: <span className="font-mono">{entry.action}</span> on <SelfCheckArn arn={entry.resource} />
                {entry.matchedStatements.length > 0 && <> — matched {entry.matchedStatements.join('; ')}</>}
              </li>
            ))}
          </ul>
        </details>
      )}
      {limits.length > 0 && (
        <details>
          <summary className={cn('cursor-pointer rounded-sm font-medium text-slate-800 dark:text-slate-200', focusRing)}>What this check does not prove</summary>
          <ul className="mt-1 list-disc space-y-1 pl-5">
            {limits.map((limit) => (
              <li key={limit}>
                <SelfCheckText text={limit} />
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
