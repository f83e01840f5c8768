import { useDeferredValue, useId, useMemo } from 'react';
import type { DriftFinding } from '../../../../shared/contract';
import { Loading } from '../../components/spinner';
import { useNow } from '../../lib/use-now';
import { useAppStore } from '../../store';
import { useDriftStore } from '../../store/drift';
import { ErrorMessage } from '../errors/ErrorMessage';
import { filterFindings, findingAction, findingKey, sideNamesOf } from './drift-model';
import { DriftExport } from './DriftExport';
import { DriftFilters } from './DriftFilters';
import { DriftSetup } from './DriftSetup';
import { DriftStatus } from './DriftStatus';
import { DriftTable } from './DriftTable';
import { FindingPanel } from './FindingPanel';
import { defaultSides, sideOrDefault } from './side-choice';
import { useOpenOnSide } from './use-open-on-side';

/**
 * Drift between two sides — two profiles, or two envs of one backend — org × domain × secret:
 * present on one side only, scheduled for deletion on one side, or changed far apart. Main lists
 * both sides (from their fleet snapshots) and compares them; this screen picks the sides, shows the
 * findings side by side, filters them, exports them, and opens one on the side to fix it.
 */
export function DriftScreen() {
  const id = useId();
  const list = useAppStore((s) => s.profiles.data);
  const profilesError = useAppStore((s) => s.profiles.error);
  const loadProfiles = useAppStore((s) => s.loadProfiles);
  const chosenLeft = useDriftStore((s) => s.left);
  const chosenRight = useDriftStore((s) => s.right);
  const report = useDriftStore((s) => s.report);
  const filters = useDriftStore((s) => s.filters);
  const activeKey = useDriftStore((s) => s.activeKey);
  const setActiveKey = useDriftStore((s) => s.setActiveKey);
  const now = useNow();
  const opener = useOpenOnSide();

  // Typing in the search box stays responsive with many findings: the table follows a moment later.
  const deferredFilters = useDeferredValue(filters);
  const findings = report?.state === 'complete' ? report.findings : undefined;
  const shown = useMemo(() => (findings ? filterFindings(findings, deferredFilters) : []), [findings, deferredFilters]);
  const names = sideNamesOf(report?.left, report?.right);

  const defaults = defaultSides(list);
  if (!list || !defaults) {
    return (
      <div className="p-6">
        {profilesError ? <ErrorMessage context="Could not load the profiles" error={profilesError} onRetry={() => void loadProfiles()} /> : <Loading label="Loading profiles…" />}
      </div>
    );
  }
  const left = sideOrDefault(chosenLeft, defaults.left, list);
  const right = sideOrDefault(chosenRight, defaults.right, list);

  const active: DriftFinding | undefined = shown.find((finding) => findingKey(finding) === activeKey) ?? shown[0];
  const action = report && active ? findingAction(active, report, names, list.profiles, list.activeId) : null;
  const open = (finding: DriftFinding) => {
    if (!report) return;
    void opener.open(finding, findingAction(finding, report, names, list.profiles, list.activeId));
  };

  return (
    <div className="flex h-full min-h-[36rem] min-w-0 flex-col gap-3 px-4 pt-4 pb-3">
      <div className="flex flex-wrap items-start gap-3">
        <div className="min-w-0 flex-1 basis-64">
          <h1 className="text-2xl font-bold text-slate-900 dark:text-slate-50">Drift</h1>
          <p className="text-sm text-slate-700 dark:text-slate-300">
            What differs between two sides: a secret missing on one, scheduled for deletion on one, or changed far apart. The app cannot read values, so it can’t
            copy one: you type it on the side that lacks it.
          </p>
        </div>
        {report?.state === 'complete' && <DriftExport driftId={report.driftId} keys={filters.keys} />}
      </div>
      <DriftSetup list={list} left={left} right={right} />
      <DriftStatus names={names} />
      {report?.state === 'complete' && findings && (
        <>
          <DriftFilters report={report} names={names} shown={shown.length} />
          {shown.length > 0 ? (
            <>
              <DriftTable findings={shown} names={names} now={now} activeKey={active ? findingKey(active) : null} describedBy={`${id}-keys`} onActive={setActiveKey} onAct={open} />
              <p id={`${id}-keys`} className="text-xs text-slate-700 dark:text-slate-300">
                Up and Down, Home/End and Page Up/Down move between findings. Enter opens the selected one on the side to fix.
              </p>
              {active && action && (
                <FindingPanel finding={active} action={action} names={names} now={now} pending={opener.pending} error={opener.error} onOpen={() => open(active)} />
              )}
            </>
          ) : findings.length > 0 ? (
            <p className="text-sm text-slate-700 dark:text-slate-300">No finding matches the filters.</p>
          ) : (
            <p className="text-sm text-slate-700 dark:text-slate-300" data-testid="drift-none">
              No drift: both sides have the same secrets, none scheduled on one side only, none changed more than {report.skewDays} days apart.
            </p>
          )}
        </>
      )}
    </div>
  );
}
