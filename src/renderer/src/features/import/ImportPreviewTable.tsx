import { TriangleExclamationPoint } from 'lucide-react';
import type { ImportItem, ImportPreview } from '../../../../shared/contract';
import { Badge } from '../../components/badge';
import { focusRing } from '../../components/focus';
import { exactTime, relativeTime } from '../../lib/time';
import { useNow } from '../../lib/use-now';
import { BreakableId } from '../jobs/BreakableId';
import { isChoosable, overriddenNote, PLAN_WORDS } from './import-model';

interface Props {
  readonly preview: ImportPreview;
  /** A newer preview is on its way: this one is shown, marked busy. */
  readonly busy: boolean;
  readonly disabled: boolean;
  /** Keys left out by the person: their boxes follow at once, before the next preview answers. */
  readonly skipKeys: readonly string[];
  onToggleKey(key: string, include: boolean): void;
}

function Exists({ item, now }: { item: ImportItem; now: number }) {
  if (!item.exists) return <span className="text-slate-700 dark:text-slate-300">No</span>;
  if (item.lastChangedAt === undefined) return <span>Yes</span>;
  const iso = new Date(item.lastChangedAt).toISOString();
  return (
    <span>
      Yes,{' '}
      <time dateTime={iso} title={exactTime(iso)} className="text-slate-700 dark:text-slate-300">
        changed {relativeTime(iso, now)}
      </time>
    </span>
  );
}

function Notes({ item }: { item: ImportItem }) {
  const overridden = overriddenNote(item);
  if (!item.warning && !overridden) return null;
  return (
    <ul className="mt-1 space-y-0.5 text-xs text-slate-700 dark:text-slate-300">
      {overridden && <li data-note="duplicate">{overridden}</li>}
      {item.warning && (
        <li data-note="warning" className="flex items-start gap-1 text-amber-900 dark:text-amber-200">
          <TriangleExclamationPoint aria-hidden className="mt-px size-3.5 shrink-0" />
          {item.warning}
        </li>
      )}
    </ul>
  );
}

/**
 * The blind plan, one row per key of the source: its line, the secret it goes to, whether that
 * exists (and when it last changed), what Run does with it and why. A key Run would write has a
 * checkbox to leave it out (and back in).
 */
export function ImportPreviewTable({ preview, busy, disabled, skipKeys, onToggleKey }: Props) {
  const now = useNow();
  return (
    <table className="w-full table-fixed text-left text-sm" aria-busy={busy} data-testid="import-preview">
      <caption className="sr-only">What the import does with each key of {preview.sourceName}</caption>
      <thead className="bg-slate-100 text-xs text-slate-800 dark:bg-slate-800 dark:text-slate-200">
        <tr>
          <th scope="col" className="w-16 px-2 py-1.5 font-semibold">
            Import
          </th>
          <th scope="col" className="w-[24%] px-2 py-1.5 font-semibold">
            Key
          </th>
          <th scope="col" className="w-[30%] px-2 py-1.5 font-semibold">
            Secret
          </th>
          <th scope="col" className="w-[15%] px-2 py-1.5 font-semibold">
            Exists
          </th>
          <th scope="col" className="px-2 py-1.5 font-semibold">
            Plan
          </th>
        </tr>
      </thead>
      <tbody>
        {preview.items.map((item) => (
          <tr key={item.key} data-key={item.key} data-plan={item.plan} className="border-t border-slate-200 align-top dark:border-slate-700">
            <td className="px-2 py-1.5">
              {isChoosable(item) ? (
                <input
                  type="checkbox"
                  aria-label={`Import ${item.key}`}
                  checked={!skipKeys.includes(item.key)}
                  disabled={disabled}
                  onChange={(event) => onToggleKey(item.key, event.currentTarget.checked)}
                  className={`size-4 accent-sky-700 dark:accent-sky-400 ${focusRing}`}
                />
              ) : (
                <span className="sr-only">Not imported</span>
              )}
            </td>
            <td className="px-2 py-1.5">
              <code className="block font-mono text-xs break-all">{item.key}</code>
              <span className="text-xs text-slate-700 dark:text-slate-300" data-line={item.line}>
                {item.line > 0 ? `line ${item.line}` : 'environment'}
              </span>
            </td>
            <td className="px-2 py-1.5">
              {item.secretId ? (
                <code className="block font-mono text-xs break-words">
                  <BreakableId id={item.secretId} />
                </code>
              ) : (
                <>
                  <span aria-hidden>—</span>
                  <span className="sr-only">none</span>
                </>
              )}
              {item.custom && item.secretId && <span className="text-xs text-slate-700 dark:text-slate-300">custom secret</span>}
            </td>
            <td className="px-2 py-1.5 text-xs">
              <Exists item={item} now={now} />
            </td>
            <td className="px-2 py-1.5">
              <Badge tone={PLAN_WORDS[item.plan].tone}>{PLAN_WORDS[item.plan].label}</Badge>
              <Notes item={item} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
