import { OctagonExclamationPoint, RefreshCw } from 'lucide-react';
import type { Profile } from '../../../../shared/contract';
import type { UiErrorData } from '../../api';
import { Button } from '../../components/button';
import { CopyButton } from '../../components/copy-button';
import { activeProfileOf, useAppStore } from '../../store';
import { describeError } from './describe';

interface Props {
  error: UiErrorData;
  /** For a field to name this box in its aria-describedby. */
  id?: string;
  /** What failed, e.g. "Could not load the organizations". */
  context?: string;
  onRetry?: () => void;
  retryLabel?: string;
  compact?: boolean;
  /** The profile the failure is about, when it is not the active one (e.g. testing another profile). */
  profile?: Profile;
}

export function ErrorMessage({ error, id, context, onRetry, retryLabel = 'Retry', compact = false, profile }: Props) {
  const active = useAppStore(activeProfileOf);
  const described = describeError(error, profile ?? active);
  // "Not saved" would be a guess when no answer came: the change may have been made.
  const heading = described.outcomeUnknown ? 'Outcome unknown' : context;
  return (
    <div
      id={id}
      role="alert"
      data-error-code={error.code}
      className={
        compact
          ? 'rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-100'
          : 'rounded-lg border border-red-300 bg-red-50 p-5 text-sm text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-100'
      }
    >
      <p className="flex items-center gap-2 font-semibold">
        <OctagonExclamationPoint aria-hidden className="size-4 shrink-0" />
        {heading ? `${heading}: ${described.title}` : described.title}
      </p>
      <p className="mt-1">{described.message}</p>
      <p className="mt-2 font-medium">Next step: {described.nextStep}</p>
      {described.command && (
        <div className="mt-2 flex items-center gap-2">
          <code className="rounded bg-white px-2 py-1 font-mono text-xs text-slate-900 ring-1 ring-red-200 dark:bg-slate-900 dark:text-slate-100 dark:ring-red-800">
            {described.command}
          </code>
          <CopyButton text={described.command} label="Copy the command" />
        </div>
      )}
      {onRetry && (
        <Button className="mt-3" size="sm" onClick={onRetry}>
          <RefreshCw aria-hidden className="size-3.5" />
          {retryLabel}
        </Button>
      )}
    </div>
  );
}
