import { useVirtualizer } from '@tanstack/react-virtual';
import { ChevronRight } from 'lucide-react';
import { useRef, useState } from 'react';
import type { AuditChange, AuditEntry } from '../../../../shared/audit';
import { Badge } from '../../components/badge';
import { focusRing } from '../../components/focus';
import { cn } from '../../lib/cn';
import { relativeTime } from '../../lib/time';
import { useNow } from '../../lib/use-now';
import { BreakablePath } from './BreakablePath';
import { ChangeDetails } from './ChangeDetails';
import { ACTION_LABELS, CHANGE_OUTCOME_LABELS, OUTCOME_TONES, targetOf } from './describe-audit';
import { useWide } from './use-wide';

const ROW_ESTIMATE = 64;
/** Drawn columns: all six when wide; details, change and target when narrow. */
const columnsFor = (wide: boolean): number => (wide ? 6 : 3);
const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short' });
const clockFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

const TH = 'px-3 py-2 text-left text-xs font-semibold tracking-wide text-slate-700 uppercase dark:text-slate-300';
const TD = 'px-3 py-2 align-top';

/** A change's key: its attempt's seq (or its outcome's, when the attempt is not in the log). */
const keyOf = (change: AuditChange): number => (change.attempt ?? (change.outcome as AuditEntry)).seq;

function When({ time, now }: { time: string; now: number }) {
  return (
    <>
      <time dateTime={time} className="block text-slate-900 dark:text-slate-100">
        <span className="whitespace-nowrap">{dayFormat.format(new Date(time))}</span>{' '}
        <span className="whitespace-nowrap">{clockFormat.format(new Date(time))}</span>
      </time>
      <span className="text-xs text-slate-600 dark:text-slate-400">{relativeTime(time, now)}</span>
    </>
  );
}

interface RowProps {
  change: AuditChange;
  now: number;
  open: boolean;
  onToggle(): void;
  detailsId: string;
  /** Time, Profile and Who have columns of their own (they are in the details too). */
  wide: boolean;
}

function Row({ change, now, open, onToggle, detailsId, wide }: RowProps) {
  const first = (change.attempt ?? change.outcome) as AuditEntry;
  const outcome = change.outcome?.outcome ?? 'attempt';
  // The outcome says what a write turned out to be (a rotation).
  const action = change.outcome?.action ?? first.action;
  const target = targetOf(change.outcome ?? first);
  return (
    <tr data-seq={keyOf(change)} data-action={action} data-outcome={outcome} className="border-t border-slate-200 dark:border-slate-700">
      <td className={cn(TD, 'pr-0')}>
        <button
          type="button"
          aria-expanded={open}
          aria-controls={open ? detailsId : undefined}
          aria-label={`Details: ${ACTION_LABELS[action]}, ${target.label}`}
          onClick={onToggle}
          className={cn('rounded p-1 text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800', focusRing)}
        >
          <ChevronRight aria-hidden className={cn('size-4 transition-transform motion-reduce:transition-none', open && 'rotate-90')} />
        </button>
      </td>
      {wide && (
        <td className={TD}>
          <When time={first.time} now={now} />
        </td>
      )}
      <td className={TD}>
        <span className="block text-slate-900 dark:text-slate-100">{ACTION_LABELS[action]}</span>
        <Badge tone={OUTCOME_TONES[outcome]}>{CHANGE_OUTCOME_LABELS[outcome]}</Badge>
        {change.outcome?.errorCode && <code className="mt-1 block font-mono text-xs text-red-700 dark:text-red-300">{change.outcome.errorCode}</code>}
        {/* Narrow windows have no Time column: the time goes with the change. */}
        {!wide && (
          <span className="mt-1 block text-xs">
            <When time={first.time} now={now} />
          </span>
        )}
      </td>
      <td className={TD}>
        <span data-testid="audit-target" className={target.mono ? 'font-mono text-xs' : ''}>
          {target.mono ? <BreakablePath text={target.label} /> : target.label}
        </span>
      </td>
      {wide && (
        <>
          <td className={TD}>
            <span className="block">
              <BreakablePath text={first.profileId} />
            </span>
            <span className="text-xs text-slate-600 dark:text-slate-400">{[first.profileKind, first.env].filter(Boolean).join(' · ')}</span>
          </td>
          <td className={TD}>
            <span className="block truncate">{first.actor.osUser}</span>
            {first.actor.callerArn && (
              <span className="block truncate font-mono text-xs text-slate-600 dark:text-slate-400">{first.actor.callerArn.slice(first.actor.callerArn.lastIndexOf(':') + 1)}</span>
            )}
          </td>
        </>
      )}
    </tr>
  );
}

/**
 * One page of changes, newest first: each row is an attempt with its outcome (paired by main), and
 * opens on both entries' details. A page can hold 500 changes, so only the rows in view are in the
 * DOM (each change is its own <tbody>, measured with its details open or shut). The scrolling
 * region is focusable, so the arrow keys and Page Up/Down scroll it, Home/End go to the first/last.
 */
export function AuditTable({ changes, busy, caption }: { changes: readonly AuditChange[]; busy: boolean; caption: string }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const now = useNow();
  const wide = useWide();
  const columns = columnsFor(wide);
  const [open, setOpen] = useState<ReadonlySet<number>>(() => new Set());
  // TanStack Virtual keeps its own mutable state; the React Compiler lint cannot see through it.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: changes.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_ESTIMATE, overscan: 8 });
  const items = virtualizer.getVirtualItems();
  const top = items[0]?.start ?? 0;
  const bottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);

  function toggle(key: number) {
    setOpen((current) => {
      const next = new Set(current);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  }

  return (
    <div
      ref={scrollRef}
      role="region"
      aria-label={caption}
      aria-busy={busy}
      // Focusable so the keyboard can scroll it; each row's disclosure button is in the tab order too.
      tabIndex={0}
      onKeyDown={(event) => {
        // Rows are measured as they render, so the native End would stop short of the last one.
        const target = event.key === 'Home' ? 0 : event.key === 'End' ? changes.length - 1 : null;
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
        <thead className="sticky top-0 z-10 bg-slate-100 dark:bg-slate-800">
          <tr>
            {/* Widths on the header cells (a fixed table takes them from its first row). */}
            <th scope="col" className={cn(TH, 'w-10')}>
              <span className="sr-only">Details</span>
            </th>
            {wide && (
              <th scope="col" className={cn(TH, 'w-28')}>
                Time
              </th>
            )}
            <th scope="col" className={cn(TH, 'w-40')}>
              Change
            </th>
            <th scope="col" className={TH}>
              Secret or target
            </th>
            {wide && (
              <>
                <th scope="col" className={cn(TH, 'w-32')}>
                  Profile
                </th>
                <th scope="col" className={cn(TH, 'w-36')}>
                  Who
                </th>
              </>
            )}
          </tr>
        </thead>
        {top > 0 && (
          <tbody aria-hidden="true">
            <tr>
              <td colSpan={columns} style={{ height: top, padding: 0 }} />
            </tr>
          </tbody>
        )}
        {items.map((item) => {
          const change = changes[item.index];
          if (!change) return null;
          const key = keyOf(change);
          const isOpen = open.has(key);
          const detailsId = `audit-change-${key}`;
          return (
            <tbody key={key} ref={virtualizer.measureElement} data-index={item.index}>
              <Row change={change} now={now} open={isOpen} onToggle={() => toggle(key)} detailsId={detailsId} wide={wide} />
              {isOpen && (
                <tr id={detailsId} data-details-of={key}>
                  <td colSpan={columns} className="p-0">
                    <ChangeDetails change={change} />
                  </td>
                </tr>
              )}
            </tbody>
          );
        })}
        {bottom > 0 && (
          <tbody aria-hidden="true">
            <tr>
              <td colSpan={columns} style={{ height: bottom, padding: 0 }} />
            </tr>
          </tbody>
        )}
      </table>
    </div>
  );
}
