import { useId } from 'react';
import { describeNameRule } from '../../../../shared/naming';
import { FieldProblem, Hint, Label, TextInput } from '../../components/field';
import { focusRing } from '../../components/focus';

export interface ImportTarget {
  readonly orgId: string;
  readonly domainId: string;
  readonly includeCustom: boolean;
  readonly overwrite: boolean;
}

interface Props {
  readonly target: ImportTarget;
  readonly env: string;
  /** Known orgs, offered as the org field's suggestions. */
  readonly orgIds: readonly string[];
  readonly orgProblem: string | null;
  readonly domainProblem: string | null;
  readonly disabled: boolean;
  onChange(patch: Partial<ImportTarget>): void;
}

function Check({ id, checked, disabled, onChange, label, hint }: { id: string; checked: boolean; disabled: boolean; onChange(next: boolean): void; label: string; hint: string }) {
  return (
    <div className="flex items-start gap-2">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={disabled}
        aria-describedby={`${id}-hint`}
        onChange={(event) => onChange(event.currentTarget.checked)}
        className={`mt-0.5 size-4 accent-sky-700 dark:accent-sky-400 ${focusRing}`}
      />
      <div>
        <Label htmlFor={id}>{label}</Label>
        <p id={`${id}-hint`} className="text-xs text-slate-700 dark:text-slate-300">
          {hint}
        </p>
      </div>
    </div>
  );
}

/** Where the keys go (org and domain in the active profile's env), and how the run treats them. */
export function ImportTargetFields({ target, env, orgIds, orgProblem, domainProblem, disabled, onChange }: Props) {
  const id = useId();
  return (
    <fieldset className="space-y-3" disabled={disabled}>
      <legend className="text-sm font-semibold">Where to ({env})</legend>
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <Label htmlFor={`${id}-org`}>Organization</Label>
          <TextInput
            id={`${id}-org`}
            className="mt-1 font-mono"
            list={`${id}-orgs`}
            value={target.orgId}
            autoComplete="off"
            spellCheck={false}
            autoCapitalize="off"
            aria-invalid={orgProblem !== null}
            aria-describedby={orgProblem ? `${id}-org-problem` : `${id}-org-hint`}
            onChange={(event) => onChange({ orgId: event.currentTarget.value })}
          />
          <datalist id={`${id}-orgs`}>
            {orgIds.map((orgId) => (
              <option key={orgId} value={orgId} />
            ))}
          </datalist>
          {orgProblem ? <FieldProblem id={`${id}-org-problem`}>{orgProblem}</FieldProblem> : <Hint id={`${id}-org-hint`}>{describeNameRule('orgId')}</Hint>}
        </div>
        <div>
          <Label htmlFor={`${id}-domain`}>Domain</Label>
          <TextInput
            id={`${id}-domain`}
            className="mt-1 font-mono"
            value={target.domainId}
            autoComplete="off"
            spellCheck={false}
            autoCapitalize="off"
            aria-invalid={domainProblem !== null}
            aria-describedby={domainProblem ? `${id}-domain-problem` : `${id}-domain-hint`}
            onChange={(event) => onChange({ domainId: event.currentTarget.value })}
          />
          {domainProblem ? (
            <FieldProblem id={`${id}-domain-problem`}>{domainProblem}</FieldProblem>
          ) : (
            <Hint id={`${id}-domain-hint`}>“shared” is the org-wide domain.</Hint>
          )}
        </div>
      </div>
      <Check
        id={`${id}-custom`}
        checked={target.includeCustom}
        disabled={disabled}
        onChange={(includeCustom) => onChange({ includeCustom })}
        label="Import other keys as custom secrets"
        hint="Keys no catalog secret uses become custom secrets named after them in lower case; otherwise they are skipped."
      />
      <Check
        id={`${id}-overwrite`}
        checked={target.overwrite}
        disabled={disabled}
        onChange={(overwrite) => onChange({ overwrite })}
        label="Overwrite secrets that exist"
        hint="They get the file’s value as a new version. Otherwise they are left as they are."
      />
    </fieldset>
  );
}
