import { Tooltip } from '../../components/tooltip';
import { focusRing } from '../../components/focus';
import { exactTime, relativeTime } from '../../lib/time';
import { useNow } from '../../lib/use-now';

/** "Changed 3 minutes ago"; the exact moment shows on hover and on keyboard focus. */
export function LastChanged({ iso, verb = 'Changed' }: { iso: string | undefined; verb?: string }) {
  const now = useNow();
  if (!iso) return <span className="text-xs text-slate-600 dark:text-slate-400">Never set</span>;
  const exact = exactTime(iso);
  return (
    <Tooltip label={exact}>
      <time dateTime={iso} tabIndex={0} className={`rounded text-xs text-slate-600 underline decoration-dotted underline-offset-2 dark:text-slate-400 ${focusRing}`}>
        {verb} {relativeTime(iso, now)}
      </time>
    </Tooltip>
  );
}
