import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { AuditEntry } from '../../../../shared/audit';
import { Badge } from '../../components/badge';
import { focusRing } from '../../components/focus';
import { cn } from '../../lib/cn';
import { relativeTime } from '../../lib/time';
import { useNow } from '../../lib/use-now';
import { ACTION_LABELS, KEY_CHECK_LABELS, OUTCOME_LABELS, OUTCOME_TONES, targetOf } from './describe-audit';

const ROW_ESTIMATE = 72;
const COLUMNS = 7;
const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });

const TH = 'px-3 py-2 text-left text-xs font-semibold tracking-wide text-slate-700 uppercase dark:text-slate-300';
const TD = 'px-3 py-2 align-top';

/**
 * The ARN's telling part (user/…, assumed-role/…) as a disclosure that opens on the whole ARN: a
 * tooltip (title) would be out of reach of the keyboard and of most screen readers.
 */
function CallerArn({ arn }: { arn: string }) {
  const short = arn.slice(arn.lastIndexOf(':') + 1) || arn;
  return (
    <details className="text-xs text-slate-600 dark:text-slate-400">
      <summary className={cn('cursor-pointer truncate rounded-sm font-mono', focusRing)}>
        <span className="sr-only">Caller ARN: </span>
        {short}
      </summary>
      <code className="mt-1 block font-mono break-all text-slate-800 dark:text-slate-200">{arn}</code>
    </details>
  );
}

function Row({ entry, now, index, measure }: { entry: AuditEntry; now: number; index: number; measure: (node: Element | null) => void }) {
  const target = targetOf(entry);
  return (
    <tr ref={measure} data-index={index} data-seq={entry.seq} data-action={entry.action} data-outcome={entry.outcome} className="border-t border-slate-200 dark:border-slate-700">
      <td className={TD}>
        <time dateTime={entry.time} className="block whitespace-nowrap text-slate-900 dark:text-slate-100">
          {timeFormat.format(new Date(entry.time))}
        </time>
        <span className="text-xs text-slate-600 dark:text-slate-400">{relativeTime(entry.time, now)}</span>
      </td>
      <td className={TD}>
        <span className="block text-slate-900 dark:text-slate-100">{ACTION_LABELS[entry.action]}</span>
        <code className="font-mono text-xs text-slate-600 dark:text-slate-400">{entry.action}</code>
      </td>
      <td className={TD}>
        <Badge tone={OUTCOME_TONES[entry.outcome]}>{OUTCOME_LABELS[entry.outcome]}</Badge>
        {entry.errorCode && <code className="mt-1 block font-mono text-xs break-all text-red-700 dark:text-red-300">{entry.errorCode}</code>}
        {entry.attemptSeq !== undefined && <span className="mt-1 block text-xs text-slate-600 dark:text-slate-400">of #{entry.attemptSeq}</span>}
      </td>
      <td className={cn(TD, 'break-all')}>
        <span className={target.mono ? 'font-mono text-xs' : ''}>{target.label}</span>
        {entry.versionId && <span className="block truncate font-mono text-xs text-slate-600 dark:text-slate-400">version {entry.versionId}</span>}
        {entry.keyCheck && (
          <span data-key-check={entry.keyCheck} className="block text-xs break-normal text-slate-600 dark:text-slate-400">
            Key check: {KEY_CHECK_LABELS[entry.keyCheck]}
          </span>
        )}
      </td>
      <td className={cn(TD, 'break-all')}>
        <span className="block">{entry.profileId}</span>
        <span className="text-xs text-slate-600 dark:text-slate-400">
          {[entry.profileKind, entry.env].filter(Boolean).join(' · ')}
        </span>
      </td>
      <td className={TD}>
        <span className="block truncate">{entry.actor.osUser}</span>
        {entry.actor.callerArn && <CallerArn arn={entry.actor.callerArn} />}
      </td>
      <td className={cn(TD, 'text-right font-mono text-xs text-slate-600 tabular-nums dark:text-slate-400')}>{entry.seq}</td>
    </tr>
  );
}

/**
 * One page of entries, newest first. A page can hold 500 entries, so only the rows in view are in
 * the DOM (spacer rows keep the scroll height true). The scrolling region is focusable, so the
 * arrow keys and Page Up/Down scroll it from the keyboard, and Home/End go to the first/last entry.
 */
export function AuditTable({ entries, busy, caption }: { entries: readonly AuditEntry[]; busy: boolean; caption: string }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const now = useNow();
  // TanStack Virtual keeps its own mutable state; the React Compiler lint cannot see through it.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: entries.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_ESTIMATE, overscan: 8 });
  const items = virtualizer.getVirtualItems();
  const top = items[0]?.start ?? 0;
  const bottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);

  return (
    <div
      ref={scrollRef}
      role="region"
      aria-label={caption}
      aria-busy={busy}
      // Focusable so the keyboard can scroll it (its rows hold nothing else to land on but the ARN disclosures).
      tabIndex={0}
      onKeyDown={(event) => {
        // Rows are measured as they render, so the native End would stop short of the last one.
        const target = event.key === 'Home' ? 0 : event.key === 'End' ? entries.length - 1 : null;
        if (target === null || event.target !== event.currentTarget) return;
        event.preventDefault();
        virtualizer.scrollToIndex(target, { align: target === 0 ? 'start' : 'end' });
      }}
      className={cn(
        'min-h-64 flex-1 overflow-auto rounded-lg border border-slate-200 bg-white dark:border-slate-700 dark:bg-slate-900',
        busy && 'opacity-70',
        focusRing,
      )}
    >
      <table className="w-full table-fixed border-collapse text-sm text-slate-800 dark:text-slate-200">
        <caption className="sr-only">{caption}</caption>
        <colgroup>
          <col className="w-44" />
          <col className="w-32" />
          <col className="w-28" />
          <col />
          <col className="w-32" />
          <col className="w-36" />
          <col className="w-12" />
        </colgroup>
        <thead className="sticky top-0 z-10 bg-slate-100 dark:bg-slate-800">
          <tr>
            <th scope="col" className={TH}>
              Time
            </th>
            <th scope="col" className={TH}>
              Action
            </th>
            <th scope="col" className={TH}>
              Outcome
            </th>
            <th scope="col" className={TH}>
              Secret or target
            </th>
            <th scope="col" className={TH}>
              Profile
            </th>
            <th scope="col" className={TH}>
              Who
            </th>
            <th scope="col" className={cn(TH, 'text-right')}>
              #
            </th>
          </tr>
        </thead>
        <tbody>
          {top > 0 && (
            <tr aria-hidden="true">
              <td colSpan={COLUMNS} style={{ height: top, padding: 0 }} />
            </tr>
          )}
          {items.map((item) => {
            const entry = entries[item.index];
            return entry ? <Row key={entry.seq} entry={entry} now={now} index={item.index} measure={virtualizer.measureElement} /> : null;
          })}
          {bottom > 0 && (
            <tr aria-hidden="true">
              <td colSpan={COLUMNS} style={{ height: bottom, padding: 0 }} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
