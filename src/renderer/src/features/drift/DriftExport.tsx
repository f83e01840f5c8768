import { Download } from 'lucide-react';
import { useState } from 'react';
import { api, toUiErrorData, type UiErrorData } from '../../api';
import { Button } from '../../components/button';
import { formatCount } from '../../lib/numbers';
import { ErrorMessage } from '../errors/ErrorMessage';
import { BreakableId } from '../jobs/BreakableId';
import { exportKinds, type CountKey } from './drift-model';

type Outcome = { saved: true; path: string; count: number } | { saved: false };

/**
 * Export the report kept in main as CSV (status only: names, states, dates — never a value). Main
 * asks where to save; only the path and the row count come back. The kinds of the toggles that are
 * on go with it (the export filters by kind, on both sides); none on exports every finding.
 */
export function DriftExport({ driftId, keys }: { driftId: string; keys: readonly CountKey[] }) {
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<UiErrorData | null>(null);
  const kinds = exportKinds(keys);

  async function run() {
    setPending(true);
    setError(null);
    setOutcome(null);
    try {
      const result = await api.exportDrift(kinds ? { driftId, kinds } : { driftId });
      setOutcome(result.saved ? { saved: true, path: result.path ?? 'the chosen file', count: result.count } : { saved: false });
    } catch (failure) {
      setError(toUiErrorData(failure));
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="flex min-w-0 flex-col items-end gap-1">
      <Button disabled={pending} onClick={() => void run()}>
        <Download aria-hidden className="size-4" />
        {pending ? 'Exporting…' : kinds ? `Export ${kinds.join(' + ')} as CSV…` : 'Export CSV…'}
      </Button>
      <p role="status" className="max-w-md text-right text-xs text-slate-800 dark:text-slate-200" data-testid="drift-export-result">
        {outcome?.saved === true ? (
          <>
            {outcome.count === 1 ? '1 finding' : `${formatCount(outcome.count)} findings`} saved to{' '}
            <span className="font-mono">
              <BreakableId id={outcome.path} />
            </span>
          </>
        ) : outcome?.saved === false ? (
          'Export cancelled: nothing was saved.'
        ) : null}
      </p>
      {error && <ErrorMessage compact context="Not exported" error={error} />}
    </div>
  );
}
