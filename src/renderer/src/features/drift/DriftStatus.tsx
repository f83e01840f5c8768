import { Info, LoaderCircle } from 'lucide-react';
import { formatCount } from '../../lib/numbers';
import { useAppStore } from '../../store';
import { useDriftStore } from '../../store/drift';
import { ErrorMessage } from '../errors/ErrorMessage';
import { isoDay, totalFindings, type SideNames } from './drift-model';

/** The comparison's state in words: listing, failed (which side, why, what to do), cancelled, or what was compared. */
export function DriftStatus({ names }: { names: SideNames }) {
  const running = useDriftStore((s) => s.running);
  const report = useDriftStore((s) => s.report);
  const error = useDriftStore((s) => s.error);
  const asked = useDriftStore((s) => s.asked);
  const profiles = useAppStore((s) => s.profiles.data?.profiles);

  if (running) {
    return (
      <p role="status" className="flex items-center gap-2 text-sm text-slate-800 dark:text-slate-200" data-testid="drift-status" data-state="running">
        <LoaderCircle aria-hidden className="size-4 animate-spin motion-reduce:animate-none" />
        {running.refresh ? 'Listing both sides again…' : 'Listing both sides…'}
      </p>
    );
  }
  if (error) return <ErrorMessage context="Could not compare" error={error} />;
  if (!report) return null;
  if (report.state === 'failed') {
    const side = report.failedSide;
    // The advice (e.g. which `aws sso login`) is about the side's profile, not the active one.
    const profileId = side ? (report[side]?.profileId ?? asked?.[side].profileId) : undefined;
    const profile = profiles?.find((p) => p.id === profileId);
    const env = side ? (report[side]?.env ?? asked?.[side].env ?? profile?.env) : undefined;
    const which = side ? `the ${side} side (${profile ? `profile “${profile.name}”, ${env ?? profile.env}` : names[side]})` : 'a side';
    return (
      <div data-testid="drift-status" data-state="failed">
        {report.error ? (
          <ErrorMessage context={`Could not list ${which}`} error={report.error} {...(profile && { profile })} />
        ) : (
          <p role="alert" className="text-sm text-red-800 dark:text-red-300">
            Could not list {which}. Check its profile with “Test connection” in Profiles, then compare again.
          </p>
        )}
      </div>
    );
  }
  if (report.state === 'cancelled') {
    return (
      <p role="status" className="flex items-center gap-2 text-sm text-slate-800 dark:text-slate-200" data-testid="drift-status" data-state="cancelled">
        <Info aria-hidden className="size-4 shrink-0" />
        Comparison cancelled: nothing was compared. Press Compare to start again.
      </p>
    );
  }
  // The counts are of every finding; the answer may hold only the first ones (`truncated`).
  const differ = totalFindings(report.counts);
  return (
    <>
      <p role="status" className="text-sm text-slate-800 dark:text-slate-200" data-testid="drift-status" data-state="complete">
        Compared {formatCount(report.compared)} {report.compared === 1 ? 'secret' : 'secrets'}
        {report.left && report.right
          ? ` (${names.left}: ${formatCount(report.left.secretCount)} in ${formatCount(report.left.orgCount)} orgs, listed ${isoDay(report.left.listedAt)}; ${names.right}: ${formatCount(report.right.secretCount)} in ${formatCount(report.right.orgCount)} orgs, listed ${isoDay(report.right.listedAt)})`
          : ''}
        : {differ === 0 ? 'no drift.' : `${formatCount(differ)} ${differ === 1 ? 'differs' : 'differ'}.`}
      </p>
      {report.truncated && (
        <p className="flex items-center gap-2 text-sm text-slate-800 dark:text-slate-200" data-testid="drift-truncated">
          <Info aria-hidden className="size-4 shrink-0" />
          Showing the first {formatCount(report.findings.length)} of {formatCount(differ)} findings; the export has all.
        </p>
      )}
    </>
  );
}
