import { RefreshCw } from 'lucide-react';
import { useEffect } from 'react';
import { Button } from '../../components/button';
import { Loading } from '../../components/spinner';
import { useAppStore } from '../../store';
import { ErrorMessage } from '../errors/ErrorMessage';
import { hasFilters } from './audit-filters';
import { AuditExport } from './AuditExport';
import { AuditFiltersForm } from './AuditFiltersForm';
import { AuditPager } from './AuditPager';
import { AuditTable } from './AuditTable';
import { VerificationBadge } from './VerificationBadge';

/**
 * Who did what, when, through which profile — never a value (entries have no field for one).
 * One row per change (attempt and outcome, paired by main); the badge checks the whole log's hash
 * chain; filters and paging are done by main.
 */
export function AuditScreen() {
  const audit = useAppStore((s) => s.audit);
  const query = useAppStore((s) => s.auditQuery);
  const loadAudit = useAppStore((s) => s.loadAudit);
  // A new value when another screen opens the audit with its own filters (History on a card): the form starts again from them.
  const formKey = useAppStore((s) => s.auditFormKey);

  // Read afresh each time the screen opens: changes made meanwhile are in the log.
  useEffect(() => {
    void loadAudit();
  }, [loadAudit]);

  const data = audit.data;
  const changes = data?.changes ?? [];
  const filtered = hasFilters(query.filters);
  return (
    <div className="mx-auto flex h-full max-w-6xl flex-col gap-3 p-6">
      <div className="flex flex-wrap items-start gap-3">
        <h1 className="text-2xl font-bold text-slate-900 dark:text-slate-50">Audit log</h1>
        <div className="ml-auto">{data && <AuditExport filters={query.filters} count={data.total} />}</div>
        <Button onClick={() => void loadAudit()} disabled={audit.loading} aria-label="Refresh the audit log">
          <RefreshCw aria-hidden className={audit.loading ? 'size-4 animate-spin motion-reduce:animate-none' : 'size-4'} />
          Refresh
        </Button>
      </div>
      {data && <VerificationBadge verification={data.verification} />}
      <AuditFiltersForm
        key={formKey}
        applied={query.filters}
        // Read the query afresh: a typed filter applies after a pause, when the page size may have changed.
        onApply={(filters) => void loadAudit({ ...useAppStore.getState().auditQuery, filters, offset: 0 })}
      />
      {audit.error && <ErrorMessage compact context="Could not read the audit log" error={audit.error} onRetry={() => void loadAudit()} />}
      {!data && audit.loading && <Loading label="Reading the audit log…" />}
      {data && (
        <>
          <AuditPager
            offset={data.offset}
            limit={query.limit}
            shown={changes.length}
            total={data.total}
            busy={audit.loading}
            onPage={(offset, limit) => void loadAudit({ ...query, offset, limit })}
          />
          {changes.length > 0 ? (
            <AuditTable changes={changes} busy={audit.loading} caption={`Audit log, changes ${data.offset + 1}–${data.offset + changes.length} of ${data.total}, newest first`} />
          ) : (
            <div className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-700 dark:border-slate-600 dark:text-slate-300">
              {filtered ? (
                <p>No change matches these filters.</p>
              ) : (
                <p>No audit entries yet. Every change made through this app (keys, profiles, organizations) is recorded here, with who made it and how it ended.</p>
              )}
            </div>
          )}
        </>
      )}
    </div>
  );
}
