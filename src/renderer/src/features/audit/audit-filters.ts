/**
 * The audit filter form's working copy (strings as typed) and its translation into the channel's
 * filters, checked with the contract's own schemas. Dates are whole local days: "from" starts at
 * the beginning of its day, "to" includes its whole day (the channel's `to` is exclusive).
 */
import {
  AUDIT_ACTIONS,
  AUDIT_OUTCOMES,
  auditFiltersSchema,
  auditSecretIdSchema,
  type AuditAction,
  type AuditFilters,
  type AuditOutcome,
} from '../../../../shared/audit';
import { orgIdSchema } from '../../../../shared/naming';

export interface FilterDraft {
  readonly orgId: string;
  readonly secretId: string;
  /** '' = any. */
  readonly action: AuditAction | '';
  readonly outcome: AuditOutcome | '';
  /** yyyy-mm-dd from a date input, or ''. */
  readonly from: string;
  readonly to: string;
}

export type FilterField = keyof FilterDraft;

export const EMPTY_FILTERS: FilterDraft = { orgId: '', secretId: '', action: '', outcome: '', from: '', to: '' };

const INVERTED = 'The start date must not be after the end date.';
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Local midnight at the start of `day` (+ `plusDays`), as ISO 8601; null if not a date. */
function startOfDay(day: string, plusDays = 0): string | null {
  const match = DAY.exec(day);
  if (!match) return null;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + plusDays);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The local day of an ISO time, as a date input shows it. */
function dayOf(iso: string, minusDays = 0): string {
  const date = new Date(iso);
  date.setDate(date.getDate() - minusDays);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function isAction(value: string): value is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(value);
}

export function isOutcome(value: string): value is AuditOutcome {
  return (AUDIT_OUTCOMES as readonly string[]).includes(value);
}

function sentence(label: string, message: string): string {
  const text = message.startsWith('must') || message.startsWith('may') ? `${label} ${message}` : message.charAt(0).toUpperCase() + message.slice(1);
  return text.endsWith('.') ? text : `${text}.`;
}

export type FilterCheck = { ok: true; filters: AuditFilters } | { ok: false; problems: Partial<Record<FilterField, string>> };

export function checkFilters(draft: FilterDraft): FilterCheck {
  const problems: Partial<Record<FilterField, string>> = {};
  const orgId = draft.orgId.trim();
  const secretId = draft.secretId.trim();
  if (orgId !== '') {
    const parsed = orgIdSchema.safeParse(orgId);
    if (!parsed.success) problems.orgId = sentence('The organization id', parsed.error.issues[0]?.message ?? 'is not valid');
  }
  if (secretId !== '') {
    const parsed = auditSecretIdSchema.safeParse(secretId);
    if (!parsed.success) problems.secretId = sentence('The secret id', parsed.error.issues[0]?.message ?? 'is not valid');
  }
  const from = draft.from === '' ? undefined : startOfDay(draft.from);
  const to = draft.to === '' ? undefined : startOfDay(draft.to, 1);
  if (from === null) problems.from = 'Enter a date.';
  if (to === null) problems.to = 'Enter a date.';
  // Whole days: "from the 3rd to the 2nd" is inverted even though, as times, it is an empty range.
  if (from && to && draft.from > draft.to) problems.from = INVERTED;
  if (Object.keys(problems).length > 0) return { ok: false, problems };

  const candidate = {
    ...(orgId !== '' && { orgId }),
    ...(secretId !== '' && { secretId }),
    ...(draft.action !== '' && { actions: [draft.action] }),
    ...(draft.outcome !== '' && { outcomes: [draft.outcome] }),
    ...(from && { from }),
    ...(to && { to }),
  };
  const parsed = auditFiltersSchema.safeParse(candidate);
  if (parsed.success) return { ok: true, filters: parsed.data };
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] === 'from' ? 'from' : issue.path[0] === 'to' ? 'to' : undefined;
    // The refinement's words are about the channel's fields; the form says it in its own terms.
    if (field) problems[field] ??= /later than/.test(issue.message) ? INVERTED : sentence('The date', issue.message);
  }
  return { ok: false, problems: Object.keys(problems).length > 0 ? problems : { from: 'These filters are not valid.' } };
}

/** The form for filters that were applied (to show them again on return to the screen). */
export function draftOf(filters: AuditFilters): FilterDraft {
  return {
    orgId: filters.orgId ?? '',
    secretId: filters.secretId ?? '',
    action: filters.actions?.[0] ?? '',
    outcome: filters.outcomes?.[0] ?? '',
    from: filters.from ? dayOf(filters.from) : '',
    to: filters.to ? dayOf(filters.to, 1) : '',
  };
}

export function hasFilters(filters: AuditFilters): boolean {
  return Object.keys(filters).length > 0;
}
