import { Tooltip } from '../../components/tooltip';
import { focusRing } from '../../components/focus';
import { exactTime, relativeTime } from '../../lib/time';
import { useNow } from '../../lib/use-now';

/** "Last accessed 2026-11-20" (AWS records the day, in UTC) or "Never accessed". */
function LastAccessed({ at }: { at: number | null }) {
  if (at === null) return <span className="text-xs text-slate-600 dark:text-slate-400">Never accessed</span>;
  const day = new Date(at).toISOString().slice(0, 10);
  return (
    <span className="text-xs text-slate-600 dark:text-slate-400">
      Last accessed <time dateTime={day}>{day}</time>
    </span>
  );
}

/** The exact moment, formatted only when its tooltip opens (Intl is costly the first time: see lib/time.ts). */
function ExactTime({ iso }: { iso: string }) {
  return exactTime(iso);
}

/**
 * "Changed 3 minutes ago"; the exact moment shows on hover and on keyboard focus. With
 * `lastAccessedAt` (from the fleet snapshot; null: never), the day it was last read, below.
 */
export function LastChanged({ iso, verb = 'Changed', lastAccessedAt }: { iso: string | undefined; verb?: string; lastAccessedAt?: number | null }) {
  const now = useNow();
  const changed = !iso ? (
    <span className="text-xs text-slate-600 dark:text-slate-400">Never set</span>
  ) : (
    <Tooltip label={<ExactTime iso={iso} />}>
      <time dateTime={iso} tabIndex={0} className={`rounded text-xs text-slate-600 underline decoration-dotted underline-offset-2 dark:text-slate-400 ${focusRing}`}>
        {verb} {relativeTime(iso, now)}
      </time>
    </Tooltip>
  );
  if (lastAccessedAt === undefined) return changed;
  return (
    <span className="flex flex-col items-end gap-0.5" data-testid="last-accessed">
      {changed}
      <LastAccessed at={lastAccessedAt} />
    </span>
  );
}
