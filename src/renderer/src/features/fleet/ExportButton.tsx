import { Download } from 'lucide-react';
import { useId, useState } from 'react';
import { MAX_EXPORTED_ORGS } from '../../../../shared/fleet-rules';
import { api, toUiErrorData, type UiErrorData } from '../../api';
import { Button } from '../../components/button';
import { useAppStore } from '../../store';
import { ErrorMessage } from '../errors/ErrorMessage';
import { formatCount } from '../../lib/numbers';

/**
 * Export the matrix (status only) as CSV: main asks where to save and writes the file with the
 * same cell words as the screen; only the path and the row count come back. The orgs go in the
 * order shown (filtered and sorted), or all of them when nothing narrows the view.
 */
export function ExportButton({ orgIds, narrowed }: { orgIds: readonly string[]; narrowed: boolean }) {
  const id = useId();
  const complete = useAppStore((s) => s.fleet.header?.state === 'complete');
  const notify = useAppStore((s) => s.notify);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<UiErrorData | null>(null);

  async function run() {
    setPending(true);
    setError(null);
    try {
      const subset = narrowed && orgIds.length <= MAX_EXPORTED_ORGS ? orgIds : undefined;
      const result = await api.exportFleet(subset);
      const what = result.count === 1 ? '1 organization' : `${formatCount(result.count)} organizations`;
      if (result.saved) notify(`Coverage of ${what} saved to ${result.path ?? 'the chosen file'}.`);
      else notify('Export cancelled: nothing was saved.', 'info');
    } catch (failure) {
      setError(toUiErrorData(failure));
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="flex flex-col items-end gap-1">
      <Button disabled={!complete || pending || orgIds.length === 0} aria-describedby={complete ? undefined : `${id}-why`} onClick={() => void run()}>
        <Download aria-hidden className="size-4" />
        {pending ? 'Exporting…' : narrowed ? `Export ${formatCount(orgIds.length)} as CSV…` : 'Export CSV…'}
      </Button>
      {!complete && (
        <p id={`${id}-why`} className="text-xs text-slate-700 dark:text-slate-300">
          Available once every organization is listed.
        </p>
      )}
      {error && <ErrorMessage compact context="Not exported" error={error} />}
    </div>
  );
}
