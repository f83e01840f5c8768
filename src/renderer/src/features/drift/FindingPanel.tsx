import { PenLine } from 'lucide-react';
import { useId } from 'react';
import type { DriftFinding } from '../../../../shared/contract';
import type { UiErrorData } from '../../api';
import { Button } from '../../components/button';
import { ErrorMessage } from '../errors/ErrorMessage';
import { BreakableId } from '../jobs/BreakableId';
import { cellWords, findingWords, type FindingAction, type SideNames } from './drift-model';

interface Props {
  readonly finding: DriftFinding;
  readonly action: FindingAction;
  readonly names: SideNames;
  readonly now: number;
  readonly pending: boolean;
  readonly error: UiErrorData | null;
  onOpen(): void;
}

/** The finding holding the table's tab stop, in full, with its action (or why there is none). */
export function FindingPanel({ finding, action, names, now, pending, error, onOpen }: Props) {
  const id = useId();
  return (
    <section aria-label="Selected finding" data-testid="drift-selected" className="space-y-2 rounded-lg border border-slate-300 bg-white p-3 text-sm dark:border-slate-700 dark:bg-slate-900">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <div className="min-w-0 flex-1 basis-64">
          <p className="font-mono text-[13px] text-slate-900 dark:text-slate-100">
            <BreakableId id={`${finding.orgId}/${finding.domainId}/${finding.secretName}`} />
          </p>
          <p className="text-slate-800 dark:text-slate-200">
            <strong>{findingWords(finding, names)}</strong> — {names.left}: {cellWords(finding.left, now)}; {names.right}: {cellWords(finding.right, now)}.
          </p>
        </div>
        <Button variant="primary" size="sm" disabled={!action.enabled || pending} aria-describedby={action.enabled ? undefined : `${id}-why`} onClick={onOpen} data-testid="drift-open">
          <PenLine aria-hidden className="size-4" />
          {pending ? 'Switching profile…' : action.label}
        </Button>
      </div>
      {!action.enabled && (
        <p id={`${id}-why`} className="text-slate-800 dark:text-slate-200" data-testid="drift-open-why">
          {action.reason}
        </p>
      )}
      {error && <ErrorMessage compact context="Could not open it there" error={error} />}
    </section>
  );
}
