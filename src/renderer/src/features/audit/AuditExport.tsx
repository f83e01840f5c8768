import { Download } from 'lucide-react';
import { useId, useState } from 'react';
import type { AuditFilters, ExportAuditInput, ExportAuditResult } from '../../../../shared/audit';
import { api, toUiErrorData, type UiErrorData } from '../../api';
import { Button } from '../../components/button';
import { inputClass, Label } from '../../components/field';
import { ErrorMessage } from '../errors/ErrorMessage';

type Format = ExportAuditInput['format'];

/**
 * Export the changes the screen shows (both entries of each: attempt and outcome, one per line). Main
 * asks where to save and writes the file; this window gets back only where it went and how many
 * entries it holds (never its contents).
 */
export function AuditExport({ filters, count }: { filters: AuditFilters; count: number }) {
  const id = useId();
  const [format, setFormat] = useState<Format>('csv');
  const [state, setState] = useState<{ pending: boolean; result: ExportAuditResult | null; error: UiErrorData | null }>({ pending: false, result: null, error: null });

  async function run() {
    setState({ pending: true, result: null, error: null });
    try {
      setState({ pending: false, result: await api.exportAudit({ format, filters, view: 'changes' }), error: null });
    } catch (error) {
      setState({ pending: false, result: null, error: toUiErrorData(error) });
    }
  }

  const { result } = state;
  return (
    <div className="space-y-1">
      <div className="flex items-center justify-end gap-2">
        <Label htmlFor={`${id}-format`} className="font-normal whitespace-nowrap">
          Export as
        </Label>
        <div className="w-24">
          <select id={`${id}-format`} className={inputClass} value={format} onChange={(event) => setFormat(event.currentTarget.value === 'json' ? 'json' : 'csv')}>
            <option value="csv">CSV</option>
            <option value="json">JSON</option>
          </select>
        </div>
        <Button disabled={state.pending} onClick={() => void run()}>
          <Download aria-hidden className="size-4" />
          {state.pending ? 'Exporting…' : `Export ${count === 1 ? '1 change' : `${count} changes`}…`}
        </Button>
      </div>
      <div role="status" data-testid="audit-export-result" className="max-w-xl text-right text-sm">
        {result?.saved && (
          <p className="text-emerald-800 dark:text-emerald-300">
            Saved {result.count === 1 ? '1 entry' : `${result.count} entries`} (attempts and outcomes) to <code className="font-mono break-all">{result.path}</code>
          </p>
        )}
        {result && !result.saved && <p className="text-slate-700 dark:text-slate-300">Export cancelled: nothing was saved.</p>}
      </div>
      {state.error && <ErrorMessage compact context="Not exported" error={state.error} />}
    </div>
  );
}
