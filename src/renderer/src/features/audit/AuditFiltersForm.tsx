import { X } from 'lucide-react';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES, type AuditFilters } from '../../../../shared/audit';
import { Button } from '../../components/button';
import { FieldProblem, inputClass, Label, TextInput } from '../../components/field';
import { useAppStore } from '../../store';
import { checkFilters, draftOf, EMPTY_FILTERS, isAction, isDefaultDraft, isOutcome, TEXT_FIELDS, type FilterDraft, type FilterField } from './audit-filters';
import { ACTION_LABELS, CHANGE_OUTCOME_LABELS } from './describe-audit';

/** Long enough to type a name without a request per key, short enough to feel immediate. */
export const TYPING_PAUSE_MS = 350;

function Field({ id, label, problem, className, children }: { id: string; label: string; problem: string | undefined; className: string; children: ReactNode }) {
  return (
    <div className={className}>
      <Label htmlFor={id}>{label}</Label>
      <div className="mt-1">{children}</div>
      {problem && <FieldProblem id={`${id}-problem`}>{problem}</FieldProblem>}
    </div>
  );
}

const textProps = { autoComplete: 'off', spellCheck: false, autoCapitalize: 'off' } as const;

/**
 * One rule for every filter: it applies as it changes — a list or a date at once, text after a
 * short pause in typing. There is no Apply button, and Enter does nothing a pause would not. A
 * field that is not valid says what to do and keeps what was typed; the list keeps the filters
 * last applied until it is fixed.
 */
export function AuditFiltersForm({ applied, onApply }: { applied: AuditFilters; onApply(filters: AuditFilters): void }) {
  const id = useId();
  const [draft, setDraft] = useState<FilterDraft>(() => draftOf(applied));
  const orgs = useAppStore((s) => s.orgs.data?.orgs);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const check = checkFilters(draft);
  const problems: Partial<Record<FilterField, string>> = check.ok ? {} : check.problems;

  useEffect(() => () => clearTimeout(timer.current), []);

  function apply(next: FilterDraft) {
    clearTimeout(timer.current);
    const checked = checkFilters(next);
    if (checked.ok) onApply(checked.filters);
  }

  function set(patch: Partial<FilterDraft>) {
    const next = { ...draft, ...patch };
    setDraft(next);
    const typed = Object.keys(patch).some((key) => (TEXT_FIELDS as readonly string[]).includes(key));
    if (!typed) apply(next);
    else {
      clearTimeout(timer.current);
      timer.current = setTimeout(() => apply(next), TYPING_PAUSE_MS);
    }
  }

  const invalid = (field: FilterField) => ({
    'aria-invalid': problems[field] !== undefined,
    ...(problems[field] && { 'aria-describedby': `${id}-${field}-problem` }),
  });

  return (
    <form
      aria-label="Filter the audit log"
      className="rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-700 dark:bg-slate-900"
      noValidate
      // Enter in a field is not a separate way to apply: filters apply as they change.
      onSubmit={(event) => event.preventDefault()}
    >
      <div className="flex flex-wrap items-start gap-3">
        <Field id={`${id}-secret`} label="Secret name or id prefix" problem={problems.secret} className="min-w-60 flex-1">
          <TextInput
            id={`${id}-secret`}
            className="font-mono"
            value={draft.secret}
            placeholder="openai_api_key or agentfoundry/dev/acme/"
            {...textProps}
            {...invalid('secret')}
            onChange={(event) => set({ secret: event.currentTarget.value })}
          />
        </Field>
        <Field id={`${id}-orgId`} label="Organization" problem={problems.orgId} className="w-40">
          <TextInput
            id={`${id}-orgId`}
            list={`${id}-orgs`}
            value={draft.orgId}
            placeholder="any"
            {...textProps}
            {...invalid('orgId')}
            onChange={(event) => set({ orgId: event.currentTarget.value })}
          />
          <datalist id={`${id}-orgs`}>
            {orgs?.map((org) => (
              <option key={org.orgId} value={org.orgId} />
            ))}
          </datalist>
        </Field>
        <Field id={`${id}-actor`} label="Who" problem={problems.actor} className="w-40">
          <TextInput
            id={`${id}-actor`}
            value={draft.actor}
            placeholder="user or ARN"
            {...textProps}
            {...invalid('actor')}
            onChange={(event) => set({ actor: event.currentTarget.value })}
          />
        </Field>
        <Field id={`${id}-action`} label="Action" problem={undefined} className="w-48">
          <select
            id={`${id}-action`}
            className={inputClass}
            value={draft.action}
            onChange={(event) => {
              const value = event.currentTarget.value;
              set({ action: isAction(value) ? value : '' });
            }}
          >
            <option value="">Any action</option>
            {AUDIT_ACTIONS.map((action) => (
              <option key={action} value={action}>
                {ACTION_LABELS[action]}
              </option>
            ))}
          </select>
        </Field>
        <Field id={`${id}-outcome`} label="Outcome" problem={undefined} className="w-48">
          <select
            id={`${id}-outcome`}
            className={inputClass}
            value={draft.outcome}
            onChange={(event) => {
              const value = event.currentTarget.value;
              set({ outcome: isOutcome(value) ? value : '' });
            }}
          >
            <option value="">Any outcome</option>
            {AUDIT_OUTCOMES.map((outcome) => (
              <option key={outcome} value={outcome}>
                {CHANGE_OUTCOME_LABELS[outcome]}
              </option>
            ))}
          </select>
        </Field>
        <Field id={`${id}-from`} label="From" problem={problems.from} className="w-40">
          <TextInput id={`${id}-from`} type="date" value={draft.from} {...invalid('from')} onChange={(event) => set({ from: event.currentTarget.value })} />
        </Field>
        <Field id={`${id}-to`} label="To (inclusive)" problem={problems.to} className="w-40">
          <TextInput id={`${id}-to`} type="date" value={draft.to} {...invalid('to')} onChange={(event) => set({ to: event.currentTarget.value })} />
        </Field>
      </div>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <label className="flex items-center gap-2 text-sm text-slate-800 dark:text-slate-200">
          <input
            type="checkbox"
            className="size-4 accent-sky-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 dark:accent-sky-400"
            checked={draft.showSwitches}
            onChange={(event) => set({ showSwitches: event.currentTarget.checked })}
          />
          Show profile switches
        </label>
        {!check.ok && (
          <p role="status" className="text-sm text-amber-900 dark:text-amber-200">
            Not applied yet: fix the field marked above. The list shows the filters last applied.
          </p>
        )}
        <Button
          className="ml-auto"
          disabled={isDefaultDraft(draft)}
          onClick={() => {
            setDraft(EMPTY_FILTERS);
            apply(EMPTY_FILTERS);
          }}
        >
          <X aria-hidden className="size-4" />
          Clear filters
        </Button>
      </div>
    </form>
  );
}
