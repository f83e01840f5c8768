/**
 * What `migrate` prints: one row per key of the source — line, key, secret id, state and why —
 * built from the blind preview and the job report, which carry keys, ids, line numbers and this
 * project's messages, never a value, its length or a hash of it.
 */
import type { ErrorCode } from '../../shared/errors';
import type { ImportItem, ImportPlan, ImportPreview, JobReport } from '../../shared/jobs';

export const ROW_STATES = ['planned', 'written', 'skipped', 'failed', 'cancelled'] as const;
export type RowState = (typeof ROW_STATES)[number];

export interface MigrateRow {
  /** The line of the assignment that counts (0 when it could not be placed). */
  readonly line: number;
  readonly key: string;
  /** Absent when the key maps to no secret (not in the catalog, or not a valid name). */
  readonly secretId?: string;
  /** What the preview planned for it. */
  readonly plan: ImportPlan;
  readonly state: RowState;
  readonly reason: string;
  /** Why a write failed, as one of the app's error codes. */
  readonly code?: ErrorCode;
  /** The target secret existed before (and when it last changed, ISO 8601). */
  readonly exists: boolean;
  readonly lastChangedAt?: string;
  /** Earlier lines that assigned the same key (the last one counts). */
  readonly overriddenLines?: readonly number[];
  /** A value-free note: "does not start like an OpenAI key", "scheduled for deletion". */
  readonly warning?: string;
}

export type RowCounts = Record<RowState, number>;

const day = (epochMs: number): string => new Date(epochMs).toISOString().slice(0, 10);

function planReason(item: ImportItem): string {
  const changed = item.lastChangedAt === undefined ? '' : ` (last changed ${day(item.lastChangedAt)})`;
  switch (item.plan) {
    case 'create':
      return 'Will be created.';
    case 'overwrite':
      return `Exists${changed}: a new version will be added.`;
    case 'skip-existing':
      return `Exists already${changed}: left as it is (--overwrite adds a new version).`;
    case 'skip-empty':
      return 'The value is empty: nothing to store.';
    case 'skip-unmapped':
      return 'No catalog secret uses this variable (--include-custom imports it as a custom secret).';
    case 'skip-chosen':
      return 'Not chosen.';
    case 'skip-malformed':
      return item.warning ?? 'Written in a way that cannot be read as one value.';
    case 'invalid-name':
      return item.warning ?? 'Its name cannot be a secret name.';
  }
}

/** Notes that belong with any state: the duplicate lines, a format or deletion warning. */
function notes(item: ImportItem): string {
  const parts: string[] = [];
  if (item.overriddenLines?.length) parts.push(`Also set on line ${item.overriddenLines.join(', ')}; the last one counts.`);
  // The unmapped and invalid-name warnings are the reason itself.
  if (item.warning !== undefined && item.plan !== 'invalid-name' && item.plan !== 'skip-unmapped') parts.push(item.warning);
  return parts.length ? ` ${parts.join(' ')}` : '';
}

function baseRow(item: ImportItem): Omit<MigrateRow, 'state' | 'reason'> {
  return {
    line: item.line,
    key: item.key,
    ...(item.secretId !== undefined && { secretId: item.secretId }),
    plan: item.plan,
    exists: item.exists,
    ...(item.lastChangedAt !== undefined && { lastChangedAt: new Date(item.lastChangedAt).toISOString() }),
    ...(item.overriddenLines?.length && { overriddenLines: [...item.overriddenLines] }),
    ...(item.warning !== undefined && { warning: item.warning }),
  };
}

const writes = (plan: ImportPlan): boolean => plan === 'create' || plan === 'overwrite';

export function previewRows(preview: ImportPreview): MigrateRow[] {
  return preview.items.map((item) => ({ ...baseRow(item), state: writes(item.plan) ? 'planned' : 'skipped', reason: `${planReason(item)}${notes(item)}` }));
}

/** The preview's rows with the run's outcome (items are matched by key: a source has each key once). */
export function runRows(preview: ImportPreview, report: JobReport): MigrateRow[] {
  const outcomes = new Map(report.items.map((item) => [item.key, item]));
  return preview.items.map((item): MigrateRow => {
    const outcome = outcomes.get(item.key);
    if (!outcome || outcome.state === 'pending' || outcome.state === 'running') {
      return { ...baseRow(item), state: 'cancelled', reason: 'Not run: nothing was written for it.' };
    }
    // A skip the plan decided keeps the plan's wording; anything the run decided keeps the run's.
    const reason = outcome.state === 'skipped' && !writes(item.plan) ? planReason(item) : (outcome.reason ?? '');
    return { ...baseRow(item), state: outcome.state, reason: `${reason}${notes(item)}`.trim(), ...(outcome.code !== undefined && { code: outcome.code }) };
  });
}

export function countRows(rows: readonly MigrateRow[]): RowCounts {
  const counts: RowCounts = { planned: 0, written: 0, skipped: 0, failed: 0, cancelled: 0 };
  for (const row of rows) counts[row.state] += 1;
  return counts;
}

/** The plan's warning for a secret scheduled for deletion (import-plan.ts): it holds a value only until then. */
const SCHEDULED_WARNING = /^Scheduled for deletion/;

/** Keys whose secret holds a value now (written, or there already): the ones that may leave the file. */
export function storedKeys(rows: readonly MigrateRow[]): string[] {
  const kept = (row: MigrateRow): boolean => row.state === 'skipped' && row.plan === 'skip-existing' && !SCHEDULED_WARNING.test(row.warning ?? '');
  return rows.filter((row) => row.state === 'written' || kept(row)).map((row) => row.key);
}
