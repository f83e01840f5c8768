import { Download } from 'lucide-react';
import { useState } from 'react';
import { api, toUiErrorData, type UiErrorData } from '../../api';
import { Button } from '../../components/button';
import { ErrorMessage } from '../errors/ErrorMessage';
import { formatCount } from '../../lib/numbers';

/**
 * Export the report as CSV or JSON: main asks where to save it and writes it (keys, org ids,
 * secret ids, states and reasons; no value); only the path and the count come back. The outcome
 * is said here, in the dialog, since the page behind it is inert.
 */
export function JobExport({ jobId }: { jobId: string }) {
  const [pending, setPending] = useState<'csv' | 'json' | null>(null);
  const [saved, setSaved] = useState('');
  const [error, setError] = useState<UiErrorData | null>(null);

  async function run(format: 'csv' | 'json') {
    setPending(format);
    setError(null);
    setSaved('');
    try {
      const result = await api.exportJobReport(jobId, format);
      const items = result.count === 1 ? '1 item' : `${formatCount(result.count)} items`;
      setSaved(result.saved ? `Report (${format.toUpperCase()}, ${items}) saved to ${result.path}.` : 'Export cancelled: nothing was saved.');
    } catch (failure) {
      setError(toUiErrorData(failure));
    } finally {
      setPending(null);
    }
  }

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        <Button size="sm" disabled={pending !== null} onClick={() => void run('csv')}>
          <Download aria-hidden className="size-4" />
          {pending === 'csv' ? 'Exporting…' : 'Export CSV…'}
        </Button>
        <Button size="sm" disabled={pending !== null} onClick={() => void run('json')}>
          <Download aria-hidden className="size-4" />
          {pending === 'json' ? 'Exporting…' : 'Export JSON…'}
        </Button>
      </div>
      <p role="status" data-testid="job-export" className="text-xs break-all text-slate-800 dark:text-slate-200">
        {saved}
      </p>
      {error && <ErrorMessage compact context="Not exported" error={error} />}
    </div>
  );
}
