import { useId, useState } from 'react';
import type { JobItem, JobItemState, JobReport } from '../../../../shared/contract';
import { Badge, type BadgeTone } from '../../components/badge';
import { BreakableId } from './BreakableId';
import { inputClass, Label } from '../../components/field';
import { isItemFilter, ITEM_FILTERS, ITEM_STATE_WORDS, itemMatches, type ItemFilter } from './job-model';
import { formatCount } from '../../lib/numbers';

/** Rows drawn at most: a job over 10,000 orgs stays quick to show; the export has every item. */
const MAX_ROWS = 200;

const TONES: Readonly<Record<JobItemState, BadgeTone>> = {
  pending: 'slate',
  running: 'sky',
  written: 'green',
  skipped: 'slate',
  failed: 'red',
  cancelled: 'amber',
};

const FILTER_WORDS: Readonly<Record<ItemFilter, string>> = {
  all: 'All',
  failed: 'Failed',
  skipped: 'Skipped',
  written: 'Written',
  cancelled: 'Cancelled',
  waiting: 'Waiting or in progress',
};

export function ItemStateBadge({ state }: { state: JobItemState }) {
  return <Badge tone={TONES[state]}>{ITEM_STATE_WORDS[state]}</Badge>;
}

/** What an item is about: the `.env` key (imports) or the organization (changes across orgs). */
function subjectOf(item: JobItem, byKey: boolean): string {
  return byKey ? (item.key ?? item.orgId) : item.orgId;
}

/**
 * Every item of a job with its state and why (fixed text and secret ids: never a value), filtered
 * by state. A long job shows its first rows; the exported report has them all.
 */
export function JobItemsTable({ report }: { report: JobReport }) {
  const id = useId();
  const [filter, setFilter] = useState<ItemFilter>('all');
  const byKey = report.kind === 'import';
  const matching = report.items.filter((item) => itemMatches(filter, item.state));
  const shown = matching.slice(0, MAX_ROWS);
  const amount = (choice: ItemFilter): number => report.items.filter((item) => itemMatches(choice, item.state)).length;
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <Label htmlFor={`${id}-filter`}>Show</Label>
        <div className="w-56">
          <select id={`${id}-filter`} className={inputClass} value={filter} onChange={(event) => {
              const next = event.currentTarget.value;
              if (isItemFilter(next)) setFilter(next);
            }}>
            {ITEM_FILTERS.map((choice) => (
              <option key={choice} value={choice}>
                {FILTER_WORDS[choice]} ({formatCount(amount(choice))})
              </option>
            ))}
          </select>
        </div>
        {matching.length > shown.length && (
          <p className="text-xs text-slate-700 dark:text-slate-300">
            Showing the first {MAX_ROWS} of {formatCount(matching.length)}; the exported report lists every item.
          </p>
        )}
      </div>
      {/* Its own scroll box (focusable, so the keyboard can scroll it), keeping the actions below in view. */}
      <div
        role="region"
        aria-label="Items of the job"
        tabIndex={0}
        className="max-h-64 overflow-y-auto rounded-md border border-slate-200 focus-visible:outline-2 focus-visible:outline-sky-700 dark:border-slate-700 dark:focus-visible:outline-sky-300"
      >
        <table className="w-full table-fixed text-left text-sm">
          <thead className="sticky top-0 bg-slate-100 text-xs text-slate-800 dark:bg-slate-800 dark:text-slate-200">
            <tr>
              <th scope="col" className="w-[26%] px-2 py-1.5 font-semibold">
                {byKey ? 'Key' : 'Organization'}
              </th>
              <th scope="col" className="w-28 px-2 py-1.5 font-semibold">
                State
              </th>
              <th scope="col" className="px-2 py-1.5 font-semibold">
                Secret and why
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((item) => (
              <tr
                key={item.index}
                data-subject={subjectOf(item, byKey)}
                data-state={item.state}
                className="border-t border-slate-200 align-top dark:border-slate-700"
              >
                <td className="px-2 py-1.5 font-mono text-xs break-all">{subjectOf(item, byKey)}</td>
                <td className="px-2 py-1.5">
                  <ItemStateBadge state={item.state} />
                </td>
                <td className="px-2 py-1.5 text-xs text-slate-700 dark:text-slate-300">
                  {item.secretId && (
                    <code className="block font-mono break-words text-slate-900 dark:text-slate-100">
                      <BreakableId id={item.secretId} />
                    </code>
                  )}
                  {item.reason && <span className="block">{item.reason}</span>}
                </td>
              </tr>
            ))}
            {shown.length === 0 && (
              <tr>
                <td colSpan={3} className="px-2 py-3 text-center text-xs text-slate-700 dark:text-slate-300">
                  No item in this state.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
