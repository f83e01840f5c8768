/**
 * A change across orgs in words, and the checks of its form, kept out of the components. Nothing
 * here sees the typed value except `typedValueProblem` (write/value-entry.ts), which answers fixed
 * sentences only.
 */
import { findCatalogEntry } from '../../../../shared/contract';
import { nameSegmentProblem } from '../../../../shared/naming';
import type { ValueMode } from '../../../../shared/value-rules';
import { recoveryDaysProblem } from '../delete/recovery-window';
import { needsWhitespaceChoice, typedValueProblem } from '../write/value-entry';
import { formatCount } from '../../lib/numbers';

export const BULK_ACTIONS = ['set', 'schedule-deletion', 'restore'] as const;
export type BulkActionKind = (typeof BULK_ACTIONS)[number];

export const ACTION_LABELS: Readonly<Record<BulkActionKind, string>> = {
  set: 'Set a value',
  'schedule-deletion': 'Schedule deletion',
  restore: 'Restore',
};

/** The select's value for "a secret outside the catalog" (a typed name). */
export const CUSTOM_SECRET = '*custom';

export interface BulkDraft {
  readonly action: BulkActionKind;
  /** A catalog secret name, CUSTOM_SECRET, or '' (not chosen yet). */
  readonly secretChoice: string;
  readonly customName: string;
  readonly domainId: string;
  readonly days: string;
  readonly mode: ValueMode;
  /** Whether keep/trim was chosen (when the value has whitespace at an end). */
  readonly whitespaceChosen: boolean;
}

export type BulkField = 'secret' | 'custom' | 'domain' | 'value' | 'whitespace' | 'days';
export interface BulkProblem {
  readonly field: BulkField;
  readonly text: string;
}

export function secretNameOf(draft: BulkDraft): string {
  return draft.secretChoice === CUSTOM_SECRET ? draft.customName : draft.secretChoice;
}

/** "OpenAI API Key (openai_api_key)" or the custom name as is. */
export function secretLabel(secretName: string): string {
  const entry = findCatalogEntry(secretName);
  return entry ? `${entry.displayName} (${secretName})` : secretName;
}

/** The first thing that stops the change, in the order of the form; null when it can be reviewed. */
export function findBulkProblem(draft: BulkDraft, value: string): BulkProblem | null {
  if (draft.secretChoice === '') return { field: 'secret', text: 'Choose the secret to change.' };
  if (draft.secretChoice === CUSTOM_SECRET) {
    if (draft.customName === '') return { field: 'custom', text: 'Enter the secret name.' };
    const rule = nameSegmentProblem('secretName', draft.customName);
    if (rule) return { field: 'custom', text: `The secret name ${rule}.` };
  }
  const domainRule = draft.domainId === '' ? 'must not be empty' : nameSegmentProblem('domainId', draft.domainId);
  if (domainRule) return { field: 'domain', text: `The domain id ${domainRule}.` };
  if (draft.action === 'set') {
    const valueProblem = typedValueProblem(value, draft.mode);
    if (valueProblem) return { field: 'value', text: valueProblem };
    if (needsWhitespaceChoice({ file: null, value }) && !draft.whitespaceChosen) {
      return { field: 'whitespace', text: 'Choose whether to keep the value exactly as is or to trim it: nothing is trimmed without your choice.' };
    }
  }
  if (draft.action === 'schedule-deletion') {
    const days = recoveryDaysProblem(draft.days);
    if (days) return { field: 'days', text: days };
  }
  return null;
}

const orgs = (n: number): string => (n === 1 ? '1 organization' : `${formatCount(n)} organizations`);

/** The confirmation's main sentence: what, where, in how many orgs, in which env. */
export function describeChange(action: BulkActionKind, secretName: string, domainId: string, count: number, env: string, days: string): string {
  const what = `${secretLabel(secretName)} in domain ${domainId}`;
  if (action === 'set') return `Set ${what} of ${orgs(count)} in ${env}, to the value you typed.`;
  if (action === 'schedule-deletion') return `Schedule the deletion of ${what} in ${orgs(count)} in ${env}, with a recovery window of ${days} days.`;
  return `Restore ${what} in ${orgs(count)} in ${env}.`;
}

/** What happens to each org, said before it happens. */
export function consequence(action: BulkActionKind): string {
  if (action === 'set') return 'Each organization gets its own new version (and audit entry): created where it is missing, replacing the current value where it is set. The value cannot be viewed afterwards, only replaced.';
  if (action === 'schedule-deletion') return 'Agents stop getting the value once it is deleted; until then it can be restored. Organizations without this secret are skipped.';
  return 'The scheduled deletion is cancelled and the value is kept. Organizations without this secret are skipped.';
}

export function confirmLabel(action: BulkActionKind, count: number): string {
  const where = `in ${orgs(count)}`;
  if (action === 'set') return `Set ${where}`;
  if (action === 'schedule-deletion') return `Schedule deletion ${where}`;
  return `Restore ${where}`;
}
