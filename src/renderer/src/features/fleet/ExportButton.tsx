import { Download } from 'lucide-react';
import { useId, useState } from 'react';
import { api, toUiErrorData, type UiErrorData } from '../../api';
import { Button } from '../../components/button';
import { useAppStore } from '../../store';
import { ErrorMessage } from '../errors/ErrorMessage';
import { formatCount } from '../../lib/numbers';
import { exportRequest } from './fleet-model';

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

  const request = exportRequest(orgIds, narrowed);
  const why = !complete ? 'Available once every organization is listed.' : 'refused' in request ? request.refused : null;

  async function run() {
    if ('refused' in request) return;
    setPending(true);
    setError(null);
    try {
      const result = await api.exportFleet(request.orgIds);
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
      <Button disabled={why !== null || pending || orgIds.length === 0} aria-describedby={why === null ? undefined : `${id}-why`} onClick={() => void run()}>
        <Download aria-hidden className="size-4" />
        {pending ? 'Exporting…' : narrowed ? `Export ${formatCount(orgIds.length)} as CSV…` : 'Export CSV…'}
      </Button>
      {why !== null && (
        <p id={`${id}-why`} className="max-w-sm text-right text-xs text-slate-700 dark:text-slate-300">
          {why}
        </p>
      )}
      {error && <ErrorMessage compact context="Not exported" error={error} />}
    </div>
  );
}
