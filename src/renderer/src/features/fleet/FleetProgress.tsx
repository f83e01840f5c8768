import { CircleStop, RefreshCw } from 'lucide-react';
import { Button } from '../../components/button';
import { cn } from '../../lib/cn';
import { useAppStore } from '../../store';
import { ErrorMessage } from '../errors/ErrorMessage';
import { formatCount } from '../../lib/numbers';

const number = (n: number): string => formatCount(n);
const plural = (n: number, one: string, many: string): string => `${number(n)} ${n === 1 ? one : many}`;

function Bar({ done, total, label, valueText }: { done: number; total: number; label: string; valueText: string }) {
  const known = total > 0;
  const pct = known ? Math.min(100, (done / total) * 100) : 0;
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      {...(known && { 'aria-valuemax': total, 'aria-valuenow': done })}
      aria-valuetext={valueText}
      className="relative h-2 w-40 shrink-0 overflow-hidden rounded-full bg-slate-300 dark:bg-slate-700"
    >
      <span
        className={cn('absolute inset-y-0 left-0 rounded-full bg-sky-700 dark:bg-sky-400', !known && 'w-1/3 animate-pulse motion-reduce:animate-none')}
        style={known ? { width: `${pct}%` } : undefined}
      />
    </div>
  );
}

/** Lists the fleet again (a new snapshot); the matrix fills in anew as it comes. */
export function RefreshButton() {
  const loading = useAppStore((s) => s.fleet.loading);
  const loadFleet = useAppStore((s) => s.loadFleet);
  return (
    <Button onClick={() => void loadFleet(true)} disabled={loading}>
      <RefreshCw aria-hidden className="size-4" />
      Refresh
    </Button>
  );
}

/**
 * How far the fleet has been listed: shards done out of those known (a bar), orgs so far, with
 * Cancel while it runs (Refresh, next to Export, starts over). Ends are announced once.
 */
export function FleetProgress() {
  const fleet = useAppStore((s) => s.fleet);
  const loadFleet = useAppStore((s) => s.loadFleet);
  const cancelFleet = useAppStore((s) => s.cancelFleet);
  const { header } = fleet;
  const orgs = fleet.orgs.size;
  const secrets = [...fleet.orgs.values()].reduce((n, entry) => n + entry.secrets.length, 0);

  let line: string;
  let ended = '';
  if (!header) {
    line = fleet.loading ? 'Asking for the fleet…' : fleet.error ? 'The fleet could not be loaded.' : 'Not loaded yet.';
  } else if (header.state === 'loading') {
    const shards = header.shardsTotal > 0 ? `${number(header.shardsDone)} of ${plural(header.shardsTotal, 'shard', 'shards')} listed` : 'Starting';
    line = `Listing the fleet: ${shards} · ${plural(orgs, 'organization', 'organizations')} so far`;
  } else if (header.state === 'complete') {
    const seconds = header.completedAt !== undefined ? ((header.completedAt - header.startedAt) / 1000).toFixed(1) : null;
    line = `Listed ${plural(orgs, 'organization', 'organizations')} and ${plural(secrets, 'secret', 'secrets')}${seconds ? ` in ${seconds} s` : ''} (${plural(header.requests, 'request', 'requests')}).`;
    ended = `Fleet listed: ${plural(orgs, 'organization', 'organizations')}.`;
  } else {
    const what = header.state === 'cancelled' ? 'Listing stopped' : 'Listing failed';
    const after = header.shardsTotal > 0 ? ` after ${number(header.shardsDone)} of ${plural(header.shardsTotal, 'shard', 'shards')}` : '';
    line =
      orgs === 0
        ? `${what} before any organization was listed.`
        : `${what}${after}: the matrix shows only the ${plural(orgs, 'organization', 'organizations')} listed so far.`;
    ended = `${what}. The matrix is incomplete.`;
  }
  const loading = header?.state === 'loading' || (!header && fleet.loading);

  return (
    <div data-testid="fleet-progress" data-state={header?.state ?? (fleet.loading ? 'requested' : 'none')}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
        {loading && (
          <Bar
            done={header?.shardsDone ?? 0}
            total={header?.shardsTotal ?? 0}
            label="Listing the fleet"
            valueText={header && header.shardsTotal > 0 ? `${header.shardsDone} of ${header.shardsTotal} shards` : 'starting'}
          />
        )}
        <p className={cn('min-w-0 flex-1 text-sm', header?.state === 'cancelled' || header?.state === 'failed' ? 'font-medium text-amber-900 dark:text-amber-200' : 'text-slate-700 dark:text-slate-300')}>
          {line}
        </p>
        {header?.state === 'loading' && (
          <Button size="sm" onClick={() => void cancelFleet()}>
            <CircleStop aria-hidden className="size-3.5" />
            Cancel
          </Button>
        )}
      </div>
      <p role="status" className="sr-only">
        {ended}
      </p>
      {header?.state === 'failed' && header.error && (
        <div className="mt-2">
          <ErrorMessage compact context="Could not list every organization" error={header.error} onRetry={() => void loadFleet(true)} />
        </div>
      )}
      {fleet.error && (
        <div className="mt-2">
          <ErrorMessage compact context="Could not load the fleet" error={fleet.error} onRetry={() => void loadFleet(true)} />
        </div>
      )}
    </div>
  );
}
