import { ListChecks, X } from 'lucide-react';
import { lazy, useEffect, useId, useRef, useState } from 'react';
import { findCatalogEntry } from '../../../../shared/catalog-entries';
import { Button } from '../../components/button';
import { focusRing } from '../../components/focus';
import { useAppStore } from '../../store';
import { formatCount } from '../../lib/numbers';
import { LazyPart } from '../../components/lazy-part';

// Opened now and then: the dialog (value field, confirmation, the job panel) loads on first use.
const BulkDialog = lazy(() => import('../bulk/BulkDialog').then((module) => ({ default: module.BulkDialog })));

const number = (n: number): string => formatCount(n);

/**
 * The orgs chosen for a change across orgs: "select all shown" (the orgs the filters leave), the
 * count (and how many of them the filters hide), and "Change selected…", which opens the bulk
 * dialog for exactly the orgs selected at that moment.
 *
 * An org still being listed cannot be chosen, and a selection holding one (a refresh started
 * after it was made) cannot be changed until it is listed: a change picked from "missing" cells
 * must not land on keys that exist but were not listed yet.
 */
export function SelectionBar({
  shownOrgIds,
  selectableOrgIds,
  isListed,
  stopped = false,
}: {
  shownOrgIds: readonly string[];
  /** Those of `shownOrgIds` listed in full. */
  selectableOrgIds: readonly string[];
  isListed: (orgId: string) => boolean;
  /** The listing was cancelled or failed: the orgs it never finished wait for a refresh, not for it. */
  stopped?: boolean;
}) {
  const id = useId();
  const selected = useAppStore((s) => s.matrixSelected);
  const selectOrgs = useAppStore((s) => s.selectMatrixOrgs);
  const clear = useAppStore((s) => s.clearMatrixSelection);
  const missing = useAppStore((s) => s.matrixFilters.missing);
  const [changing, setChanging] = useState<readonly string[] | null>(null);
  const allBox = useRef<HTMLInputElement>(null);

  const count = Object.keys(selected).length;
  const shownSelected = shownOrgIds.reduce((n, orgId) => (selected[orgId] === true ? n + 1 : n), 0);
  const hidden = count - shownSelected;
  const selectableSelected = selectableOrgIds.reduce((n, orgId) => (selected[orgId] === true ? n + 1 : n), 0);
  const all = selectableOrgIds.length > 0 && selectableSelected === selectableOrgIds.length;
  const stillListing = shownOrgIds.length - selectableOrgIds.length;
  const selectedListing = Object.keys(selected).filter((orgId) => !isListed(orgId)).length;

  useEffect(() => {
    if (allBox.current) allBox.current.indeterminate = selectableSelected > 0 && !all;
  }, [selectableSelected, all]);

  return (
    <div role="group" aria-label="Organizations to change together" className="flex flex-wrap items-center gap-x-3 gap-y-2 text-sm">
      <div className="flex h-8 items-center gap-1.5">
        <input
          ref={allBox}
          id={`${id}-all`}
          type="checkbox"
          checked={all}
          disabled={selectableOrgIds.length === 0}
          onChange={(event) => selectOrgs(selectableOrgIds, event.currentTarget.checked)}
          className={`size-4 accent-sky-700 dark:accent-sky-400 ${focusRing}`}
        />
        <label htmlFor={`${id}-all`} className="cursor-pointer whitespace-nowrap text-slate-800 dark:text-slate-200">
          Select all {number(selectableOrgIds.length)} shown{stillListing > 0 ? ' and listed' : ''}
        </label>
      </div>
      {stillListing > 0 && (
        <p className="text-slate-800 dark:text-slate-200" data-testid="selection-listing">
          {stopped
            ? `${number(stillListing)} not listed in full (the listing stopped): refresh to list them, then they can be selected.`
            : `${number(stillListing)} still being listed: they can be selected once all their secrets are listed.`}
        </p>
      )}
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
      {selectedListing > 0 && (
        <p className="text-slate-800 dark:text-slate-200" data-testid="selection-blocked">
          {stopped
            ? `${number(selectedListing)} selected ${selectedListing === 1 ? 'is' : 'are'} not listed in full (the listing stopped): refresh to change them.`
            : `${number(selectedListing)} selected ${selectedListing === 1 ? 'is' : 'are'} being listed again: wait for the listing to end to change them.`}
        </p>
      )}
      <Button
        size="sm"
        variant="primary"
        disabled={count === 0 || selectedListing > 0}
        aria-haspopup="dialog"
        onClick={() => setChanging(Object.keys(selected).sort())}
      >
        <ListChecks aria-hidden className="size-4" />
        {count === 0 ? 'Change selected…' : `Change ${number(count)} selected…`}
      </Button>
      {changing && (
        <LazyPart what="the change dialog" fallback={null}>
          <BulkDialog orgIds={changing} initialSecretName={findCatalogEntry(missing) ? missing : ''} onClose={() => setChanging(null)} />
        </LazyPart>
      )}
    </div>
  );
}
