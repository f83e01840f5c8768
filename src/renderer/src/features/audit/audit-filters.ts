/**
 * The audit filter form's working copy (strings as typed) and its translation into the channel's
 * filters, checked with the contract's own schemas. Dates are whole local days: "from" starts at
 * the beginning of its day, "to" includes its whole day (the channel's `to` is exclusive).
 *
 * The secret field takes what people know: a name (`openai_api_key`, every org and domain), the
 * start of an id (`agentfoundry/dev/acme/`), or a whole id (exactly that secret).
 */
import {
  AUDIT_ACTIONS,
  AUDIT_OUTCOMES,
  auditActorSchema,
  auditFiltersSchema,
  auditSecretIdSchema,
  auditSecretNameSchema,
  auditSecretPrefixSchema,
  type AuditAction,
  type AuditFilters,
  type AuditOutcome,
} from '../../../../shared/audit';
import { orgIdSchema } from '../../../../shared/naming';

export interface FilterDraft {
  readonly secret: string;
  readonly orgId: string;
  /** '' = any. */
  readonly action: AuditAction | '';
  readonly outcome: AuditOutcome | '';
  readonly actor: string;
  /** yyyy-mm-dd from a date input, or ''. */
  readonly from: string;
  readonly to: string;
  /** Profile switches are hidden unless this is on. */
  readonly showSwitches: boolean;
}

export type FilterField = Exclude<keyof FilterDraft, 'showSwitches'>;

/** Text fields apply after a pause in typing; the others at once. */
export const TEXT_FIELDS: readonly FilterField[] = ['secret', 'orgId', 'actor'];

export const EMPTY_FILTERS: FilterDraft = { secret: '', orgId: '', action: '', outcome: '', actor: '', from: '', to: '', showSwitches: false };

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

type SecretFilter = Pick<AuditFilters, 'secretId' | 'secretName' | 'secretPrefix'>;

/** A whole id is that secret; with a "/" it is the start of ids; otherwise a name. */
function secretFilter(text: string): { ok: true; filter: SecretFilter } | { ok: false; problem: string } {
  if (auditSecretIdSchema.safeParse(text).success) return { ok: true, filter: { secretId: text } };
  const [key, schema] = text.includes('/') ? (['secretPrefix', auditSecretPrefixSchema] as const) : (['secretName', auditSecretNameSchema] as const);
  const parsed = schema.safeParse(text);
  if (parsed.success) return { ok: true, filter: { [key]: parsed.data } };
  return { ok: false, problem: sentence(key === 'secretName' ? 'The secret name' : 'The id prefix', parsed.error.issues[0]?.message ?? 'is not valid') };
}

export type FilterCheck = { ok: true; filters: AuditFilters } | { ok: false; problems: Partial<Record<FilterField, string>> };

export function checkFilters(draft: FilterDraft): FilterCheck {
  const problems: Partial<Record<FilterField, string>> = {};
  const orgId = draft.orgId.trim();
  const secret = draft.secret.trim();
  const actor = draft.actor.trim();
  let secretPart: SecretFilter = {};
  if (orgId !== '') {
    const parsed = orgIdSchema.safeParse(orgId);
    if (!parsed.success) problems.orgId = sentence('The organization id', parsed.error.issues[0]?.message ?? 'is not valid');
  }
  if (secret !== '') {
    const checked = secretFilter(secret);
    if (checked.ok) secretPart = checked.filter;
    else problems.secret = checked.problem;
  }
  if (actor !== '') {
    const parsed = auditActorSchema.shape.osUser.safeParse(actor);
    if (!parsed.success) problems.actor = sentence('Who', parsed.error.issues[0]?.message ?? 'is not valid');
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
    ...secretPart,
    ...(actor !== '' && { actor }),
    ...(draft.action !== '' && { actions: [draft.action] }),
    ...(draft.outcome !== '' && { outcomes: [draft.outcome] }),
    ...(from && { from }),
    ...(to && { to }),
    ...(!draft.showSwitches && { hideNonChanges: true }),
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
    secret: filters.secretId ?? filters.secretPrefix ?? filters.secretName ?? '',
    orgId: filters.orgId ?? '',
    action: filters.actions?.[0] ?? '',
    outcome: filters.outcomes?.[0] ?? '',
    actor: filters.actor ?? '',
    from: filters.from ? dayOf(filters.from) : '',
    to: filters.to ? dayOf(filters.to, 1) : '',
    showSwitches: filters.hideNonChanges !== true,
  };
}

/** Whether anything narrows the list beyond the default (profile switches hidden). */
export function hasFilters(filters: AuditFilters): boolean {
  return Object.entries(filters).some(([key, value]) => value !== undefined && key !== 'hideNonChanges');
}

export function isDefaultDraft(draft: FilterDraft): boolean {
  return JSON.stringify(draft) === JSON.stringify(EMPTY_FILTERS);
}
