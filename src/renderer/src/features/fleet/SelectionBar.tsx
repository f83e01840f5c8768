import { ListChecks, X } from 'lucide-react';
import { lazy, Suspense, useEffect, useId, useRef, useState } from 'react';
import { findCatalogEntry } from '../../../../shared/contract';
import { Button } from '../../components/button';
import { focusRing } from '../../components/focus';
import { useAppStore } from '../../store';
import { formatCount } from '../../lib/numbers';

// Opened now and then: the dialog (value field, confirmation, the job panel) loads on first use.
const BulkDialog = lazy(() => import('../bulk/BulkDialog').then((module) => ({ default: module.BulkDialog })));

const number = (n: number): string => formatCount(n);

/**
 * The orgs chosen for a change across orgs: "select all shown" (the orgs the filters leave), the
 * count (and how many of them the filters hide), and "Change selected…", which opens the bulk
 * dialog for exactly the orgs selected at that moment.
 */
export function SelectionBar({ shownOrgIds }: { shownOrgIds: readonly string[] }) {
  const id = useId();
  const selected = useAppStore((s) => s.matrixSelected);
  const selectOrgs = useAppStore((s) => s.selectMatrixOrgs);
  const clear = useAppStore((s) => s.clearMatrixSelection);
  const missing = useAppStore((s) => s.matrixFilters.missing);
  const [changing, setChanging] = useState<readonly string[] | null>(null);
  const allBox = useRef<HTMLInputElement>(null);

  const count = Object.keys(selected).length;
  const shownSelected = shownOrgIds.reduce((n, orgId) => (selected[orgId] ? n + 1 : n), 0);
  const hidden = count - shownSelected;
  const all = shownOrgIds.length > 0 && shownSelected === shownOrgIds.length;

  useEffect(() => {
    if (allBox.current) allBox.current.indeterminate = shownSelected > 0 && !all;
  }, [shownSelected, all]);

  return (
    <div role="group" aria-label="Organizations to change together" className="flex flex-wrap items-center gap-x-3 gap-y-2 text-sm">
      <div className="flex h-8 items-center gap-1.5">
        <input
          ref={allBox}
          id={`${id}-all`}
          type="checkbox"
          checked={all}
          disabled={shownOrgIds.length === 0}
          onChange={(event) => selectOrgs(shownOrgIds, event.currentTarget.checked)}
          className={`size-4 accent-sky-700 dark:accent-sky-400 ${focusRing}`}
        />
        <label htmlFor={`${id}-all`} className="cursor-pointer whitespace-nowrap text-slate-800 dark:text-slate-200">
          Select all {number(shownOrgIds.length)} shown
        </label>
      </div>
      <p className="text-slate-800 dark:text-slate-200" data-testid="selection-count" aria-live="polite">
        {count === 0
          ? 'Or Shift+Space (or a click on a row’s box) selects one organization.'
          : `${number(count)} selected${hidden > 0 ? ` (${number(hidden)} hidden by the filters)` : ''}.`}
      </p>
      {count > 0 && (
        <Button size="sm" variant="ghost" onClick={clear}>
          <X aria-hidden className="size-4" />
          Clear selection
        </Button>
      )}
      <Button size="sm" variant="primary" disabled={count === 0} aria-haspopup="dialog" onClick={() => setChanging(Object.keys(selected).sort())}>
        <ListChecks aria-hidden className="size-4" />
        {count === 0 ? 'Change selected…' : `Change ${number(count)} selected…`}
      </Button>
      {changing && (
        <Suspense fallback={null}>
          <BulkDialog orgIds={changing} initialSecretName={findCatalogEntry(missing) ? missing : ''} onClose={() => setChanging(null)} />
        </Suspense>
      )}
    </div>
  );
}
