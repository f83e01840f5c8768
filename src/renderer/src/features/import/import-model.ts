/**
 * The words of an import's blind preview and its "Afterwards" list, kept out of the components.
 * Everything here is about keys, line numbers, secret ids and plans: the preview carries nothing
 * else (never a value, its length or a hash), so nothing here can say more.
 */
import type { ImportItem, ImportPlan, ImportPreview, JobReport } from '../../../../shared/contract';

/** Badge tones (components/badge.tsx) by what a plan does: green writes, amber replaces, slate leaves as is. */
type PlanTone = 'green' | 'amber' | 'slate';

export const PLAN_WORDS: Readonly<Record<ImportPlan, { readonly label: string; readonly tone: PlanTone }>> = {
  create: { label: 'Create', tone: 'green' },
  overwrite: { label: 'Overwrite', tone: 'amber' },
  'skip-existing': { label: 'Skip: exists', tone: 'slate' },
  'skip-empty': { label: 'Skip: empty value', tone: 'slate' },
  'skip-malformed': { label: 'Skip: unquoted multi-line value', tone: 'slate' },
  'skip-unmapped': { label: 'Skip: not in the catalog', tone: 'slate' },
  'skip-chosen': { label: 'Skip: your choice', tone: 'slate' },
  'invalid-name': { label: 'Skip: invalid name', tone: 'slate' },
};

/** Plans the person may switch off (or back on) with the key's checkbox: the ones that would write. */
export function isChoosable(item: ImportItem): boolean {
  return item.plan === 'create' || item.plan === 'overwrite' || item.plan === 'skip-chosen';
}

const list = (lines: readonly number[]): string => {
  if (lines.length <= 1) return lines.join('');
  return `${lines.slice(0, -1).join(', ')} and ${lines[lines.length - 1] ?? ''}`;
};

/** "Line 2 overridden by line 11 (the last assignment counts)." — or null when the key is assigned once. */
export function overriddenNote(item: ImportItem): string | null {
  const earlier = item.overriddenLines ?? [];
  if (earlier.length === 0) return null;
  return `${earlier.length === 1 ? 'Line' : 'Lines'} ${list(earlier)} overridden by line ${item.line} (the last assignment counts).`;
}

/** Bad lines are named by number only: their text may be a value written the wrong way. */
export function badLinesNote(lines: readonly number[]): string | null {
  if (lines.length === 0) return null;
  const which = lines.length === 1 ? `Line ${lines[0] ?? ''} is not` : `Lines ${list(lines)} are not`;
  const one = lines.length === 1;
  return `${which} a KEY=value assignment, a comment or blank, so ${one ? 'it is' : 'they are'} left out. ${one ? 'Its' : 'Their'} text is not shown here.`;
}

/**
 * Lines whose key looks like key material (main hides them, see env-key-name.ts), by number only.
 * Kept apart from bad lines: they are assignments, and one may be a real variable the rule hid.
 */
export function materialLinesNote(lines: readonly number[]): string | null {
  if (lines.length === 0) return null;
  const one = lines.length === 1;
  return `${one ? 'Line' : 'Lines'} ${list(lines)} ${one ? 'looks' : 'look'} like key material rather than a variable name, so ${one ? 'it is' : 'they are'} not imported. ${one ? 'Its' : 'Their'} text is not shown here. If ${one ? 'it is a variable' : 'one is a variable'}, store it by hand.`;
}

/** Every line the import leaves in the file: not assignments, or hidden as key material. */
export function notImportedNote(source: { readonly badLines: readonly number[]; readonly materialLines: readonly number[] }): string | null {
  const lines = [...source.badLines, ...source.materialLines].sort((a, b) => a - b);
  if (lines.length === 0) return null;
  const one = lines.length === 1;
  return `${one ? 'Line' : 'Lines'} ${list(lines)} ${one ? 'was' : 'were'} not imported: keep ${one ? 'it' : 'them'} in the file, or store ${one ? 'it' : 'them'} by hand.`;
}

/** "2 to create, 1 to overwrite, 5 skipped": what Run will do. */
export function planSummary(preview: ImportPreview): string {
  const { counts } = preview;
  const skipped = preview.items.length - counts.create - counts.overwrite;
  const parts = [`${counts.create} to create`];
  if (counts.overwrite > 0) parts.push(`${counts.overwrite} to overwrite`);
  parts.push(`${skipped} skipped`);
  return `${preview.items.length} ${preview.items.length === 1 ? 'key' : 'keys'}: ${parts.join(', ')}.`;
}

export function writesOf(preview: ImportPreview): number {
  return preview.counts.create + preview.counts.overwrite;
}

export interface StoredKey {
  readonly key: string;
  readonly secretId: string;
  /** Written by this run, or there already (and left as it was). */
  readonly how: 'written' | 'existing';
}

/**
 * The source's keys whose value is now in the store: written by the run, or there already (the run
 * left it as it was, so it may hold another value than the file's). The person may remove these
 * from the file; the app never edits it.
 */
export function storedKeys(preview: ImportPreview, report: JobReport): StoredKey[] {
  const planned = new Map(preview.items.map((item) => [item.key, item] as const));
  return report.items.flatMap((item): StoredKey[] => {
    if (!item.key || !item.secretId) return [];
    if (item.state === 'written') return [{ key: item.key, secretId: item.secretId, how: 'written' }];
    // Already stored: only a secret left as it was because it exists — not one that failed, was
    // cancelled, or is scheduled for deletion (its value goes when the window ends).
    const plannedItem = planned.get(item.key);
    const kept = item.state === 'skipped' && plannedItem?.plan === 'skip-existing' && plannedItem.warning?.startsWith('Scheduled for deletion') !== true;
    return kept ? [{ key: item.key, secretId: item.secretId, how: 'existing' }] : [];
  });
}
