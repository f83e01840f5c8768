import { Filter, X } from 'lucide-react';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES, type AuditFilters } from '../../../../shared/audit';
import { Button } from '../../components/button';
import { FieldProblem, inputClass, Label, TextInput } from '../../components/field';
import { useAppStore } from '../../store';
import { checkFilters, draftOf, EMPTY_FILTERS, hasFilters, isAction, isOutcome, type FilterDraft, type FilterField } from './audit-filters';
import { ACTION_LABELS, OUTCOME_LABELS } from './describe-audit';

function Field({ id, label, problem, className, children }: { id: string; label: string; problem: string | undefined; className: string; children: ReactNode }) {
  return (
    <div className={className}>
      <Label htmlFor={id}>{label}</Label>
      <div className="mt-1">{children}</div>
      {problem && <FieldProblem id={`${id}-problem`}>{problem}</FieldProblem>}
    </div>
  );
}

/**
 * Organization, secret id, action, outcome and a date range. Each field is checked as it is typed
 * (with the contract's schemas); Apply (or Enter) asks main for the first page that matches.
 */
export function AuditFiltersForm({ applied, onApply }: { applied: AuditFilters; onApply(filters: AuditFilters): void }) {
  const id = useId();
  const [draft, setDraft] = useState<FilterDraft>(() => draftOf(applied));
  const orgs = useAppStore((s) => s.orgs.data?.orgs);
  const check = checkFilters(draft);
  const problems: Partial<Record<FilterField, string>> = check.ok ? {} : check.problems;

  function set(patch: Partial<FilterDraft>) {
    setDraft((current) => ({ ...current, ...patch }));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (check.ok) onApply(check.filters);
  }

  const invalid = (field: FilterField) => ({
    'aria-invalid': problems[field] !== undefined,
    ...(problems[field] && { 'aria-describedby': `${id}-${field}-problem` }),
  });

  return (
    <form aria-label="Filter the audit log" className="rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-700 dark:bg-slate-900" noValidate onSubmit={submit}>
      <div className="flex flex-wrap items-start gap-3">
        <Field id={`${id}-orgId`} label="Organization" problem={problems.orgId} className="w-44">
          <TextInput
            id={`${id}-orgId`}
            list={`${id}-orgs`}
            value={draft.orgId}
            placeholder="any"
            autoComplete="off"
            spellCheck={false}
            autoCapitalize="off"
            {...invalid('orgId')}
            onChange={(event) => set({ orgId: event.currentTarget.value })}
          />
          <datalist id={`${id}-orgs`}>
            {orgs?.map((org) => (
              <option key={org.orgId} value={org.orgId} />
            ))}
          </datalist>
        </Field>
        <Field id={`${id}-secretId`} label="Secret id" problem={problems.secretId} className="min-w-72 flex-1">
          <TextInput
            id={`${id}-secretId`}
            className="font-mono"
            value={draft.secretId}
            placeholder="agentfoundry/dev/acme/shared/openai_api_key"
            autoComplete="off"
            spellCheck={false}
            autoCapitalize="off"
            {...invalid('secretId')}
            onChange={(event) => set({ secretId: event.currentTarget.value })}
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
        <Field id={`${id}-outcome`} label="Outcome" problem={undefined} className="w-36">
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
                {OUTCOME_LABELS[outcome]}
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
        <div className="flex gap-2 self-end">
          <Button type="submit" variant="primary" disabled={!check.ok}>
            <Filter aria-hidden className="size-4" />
            Apply
          </Button>
          <Button
            aria-label="Clear the filters"
            disabled={!hasFilters(applied) && JSON.stringify(draft) === JSON.stringify(EMPTY_FILTERS)}
            onClick={() => {
              setDraft(EMPTY_FILTERS);
              onApply({});
            }}
          >
            <X aria-hidden className="size-4" />
            Clear
          </Button>
        </div>
      </div>
    </form>
  );
}
