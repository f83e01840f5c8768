import { useId } from 'react';
import { focusRing } from '../../components/focus';
import { FieldProblem, Hint, inputClass, Label, TextInput } from '../../components/field';
import { IAM_ROLE_SUMMARY, IAM_ROLES, type IamRole } from '../../../../shared/iam-policy';
import { ENVS, type Env } from '../../../../shared/naming';
import type { PolicyDraft, PolicyDraftField, PolicyDraftProblems } from './policy-draft';

const RADIO = `mt-0.5 size-4 accent-sky-700 dark:accent-sky-400 ${focusRing}`;
const ROLE_LABELS: Readonly<Record<IamRole, string>> = { admin: 'Admin', support: 'Support' };

export interface PolicyOptionsFormProps {
  readonly draft: PolicyDraft;
  readonly problems: PolicyDraftProblems;
  /** Org ids known in the active profile's env, offered as suggestions. */
  readonly knownOrgs: readonly string[];
  onChange(change: Partial<PolicyDraft>): void;
}

/** Who the policy is for and where it applies. The policy below follows every change. */
export function PolicyOptionsForm({ draft, problems, knownOrgs, onChange }: PolicyOptionsFormProps) {
  const id = useId();
  const described = (field: PolicyDraftField): string => (problems[field] ? `${id}-${field}-problem` : `${id}-${field}-hint`);
  const text = (field: PolicyDraftField, label: string, hint: string, extra: { placeholder: string; inputMode?: 'numeric'; list?: string }) => (
    <div>
      <Label htmlFor={`${id}-${field}`}>{label}</Label>
      <TextInput
        id={`${id}-${field}`}
        className="mt-1 font-mono"
        value={draft[field]}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={problems[field] ? true : undefined}
        aria-describedby={described(field)}
        onChange={(event) => onChange({ [field]: event.currentTarget.value })}
        {...extra}
      />
      {problems[field] ? <FieldProblem id={`${id}-${field}-problem`}>{problems[field]}</FieldProblem> : <Hint id={`${id}-${field}-hint`}>{hint}</Hint>}
    </div>
  );

  return (
    <form className="max-w-3xl space-y-4" onSubmit={(event) => event.preventDefault()} aria-label="Policy options">
      <fieldset>
        <legend className="text-sm font-semibold text-slate-900 dark:text-slate-50">Role</legend>
        <div className="mt-2 grid gap-2 sm:grid-cols-2">
          {IAM_ROLES.map((role) => (
            <label key={role} className="flex cursor-pointer items-start gap-2 rounded-md border border-slate-300 p-2.5 text-sm dark:border-slate-600">
              <input type="radio" name={`${id}-role`} value={role} checked={draft.role === role} onChange={() => onChange({ role })} className={RADIO} />
              <span>
                <span className="font-medium text-slate-900 dark:text-slate-50">{ROLE_LABELS[role]}</span>
                <span className="block text-xs text-slate-700 dark:text-slate-300">{IAM_ROLE_SUMMARY[role]}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>

      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <Label htmlFor={`${id}-env`}>Environment</Label>
          <select id={`${id}-env`} className={`${inputClass} mt-1`} value={draft.env} aria-describedby={`${id}-env-hint`} onChange={(event) => onChange({ env: event.currentTarget.value as Env })}>
            {ENVS.map((env) => (
              <option key={env} value={env}>
                {env}
              </option>
            ))}
          </select>
          <Hint id={`${id}-env-hint`}>The secrets under agentfoundry/{draft.env}/</Hint>
        </div>
        {text('org', 'Organization (optional)', 'Empty: every organization of the environment.', { placeholder: 'e.g. acme', list: `${id}-orgs` })}
        {text('account', 'AWS account (optional)', 'Empty: any account ("*").', { placeholder: '123456789012', inputMode: 'numeric' })}
        {text('region', 'Region (optional)', 'Empty: any region ("*"). cn-… and us-gov-… pick their partition.', { placeholder: 'eu-central-1' })}
      </div>
      <datalist id={`${id}-orgs`}>
        {knownOrgs.map((org) => (
          <option key={org} value={org} />
        ))}
      </datalist>

      {draft.role === 'admin' && (
        <label className="flex cursor-pointer items-start gap-2 text-sm text-slate-800 dark:text-slate-200">
          <input
            type="checkbox"
            className={`mt-0.5 size-4 accent-sky-700 dark:accent-sky-400 ${focusRing}`}
            checked={draft.denyForceDelete}
            onChange={(event) => onChange({ denyForceDelete: event.currentTarget.checked })}
          />
          <span>
            Deny deleting without a recovery window
            <span className="block text-xs text-slate-700 dark:text-slate-300">The app&rsquo;s &ldquo;Delete now&rdquo; is then refused; scheduled deletion and restore still work.</span>
          </span>
        </label>
      )}
    </form>
  );
}
