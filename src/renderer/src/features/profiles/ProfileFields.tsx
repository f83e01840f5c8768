import { Cloud, HardDrive, Server } from 'lucide-react';
import { useId, type ReactNode } from 'react';
import { PROFILE_KINDS, type ProfileKind } from '../../../../shared/profiles';
import { focusRing } from '../../components/focus';
import { FieldProblem, Hint, Label, TextInput } from '../../components/field';
import { cn } from '../../lib/cn';
import type { DraftField, ProfileDraft } from './profile-draft';

export interface FieldsProps {
  draft: ProfileDraft;
  /** The problem to show per field (only for fields touched, or after a save attempt). */
  shown: Partial<Record<DraftField, string>>;
  disabled: boolean;
  change(patch: Partial<ProfileDraft>, field: DraftField): void;
}

const KINDS: Readonly<Record<ProfileKind, { label: string; icon: typeof Server; blurb: string }>> = {
  embedded: { label: 'Embedded vault', icon: HardDrive, blurb: 'Built in, on this computer; needs no account.' },
  localstack: { label: 'LocalStack', icon: Server, blurb: 'A LocalStack endpoint (its fixed test credentials).' },
  aws: { label: 'AWS Secrets Manager', icon: Cloud, blurb: 'Signs in with a profile from ~/.aws (SSO included).' },
};

/** One labelled text field with its hint and, when there is one, its problem (announced). */
export function TextField(props: {
  label: string;
  value: string;
  problem: string | undefined;
  hint?: ReactNode;
  disabled?: boolean;
  readOnly?: boolean;
  placeholder?: string;
  list?: string;
  onChange(value: string): void;
}) {
  const id = useId();
  const describedBy = [props.problem && `${id}-problem`, props.hint && `${id}-hint`].filter(Boolean).join(' ') || undefined;
  return (
    <div>
      <Label htmlFor={id}>{props.label}</Label>
      <TextInput
        id={id}
        className={cn('mt-1', props.readOnly && 'bg-slate-100 dark:bg-slate-800')}
        value={props.value}
        disabled={props.disabled}
        readOnly={props.readOnly}
        placeholder={props.placeholder}
        list={props.list}
        autoComplete="off"
        spellCheck={false}
        autoCapitalize="off"
        aria-invalid={props.problem !== undefined}
        aria-describedby={describedBy}
        onChange={(event) => props.onChange(event.currentTarget.value)}
      />
      {props.problem && <FieldProblem id={`${id}-problem`}>{props.problem}</FieldProblem>}
      {props.hint && <Hint id={`${id}-hint`}>{props.hint}</Hint>}
    </div>
  );
}

/** `fixed`: a saved profile's backend never changes (main refuses it); the choice is shown, not offered. */
export function KindChoice({ draft, disabled, fixed = false, change }: FieldsProps & { fixed?: boolean }) {
  const id = useId();
  return (
    <fieldset aria-describedby={fixed ? `${id}-fixed` : undefined}>
      <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">Backend</legend>
      {fixed && <Hint id={`${id}-fixed`}>A profile’s backend cannot change. For another backend, create a new profile.</Hint>}
      <div className="mt-1 grid grid-cols-3 gap-2">
        {PROFILE_KINDS.map((kind) => {
          const { label, icon: Icon, blurb } = KINDS[kind];
          const checked = draft.kind === kind;
          return (
            <label
              key={kind}
              htmlFor={`${id}-${kind}`}
              className={cn(
                'flex cursor-pointer flex-col gap-1 rounded-md border p-2 text-xs',
                checked ? 'border-sky-700 bg-sky-50 dark:border-sky-400 dark:bg-sky-950' : 'border-slate-300 dark:border-slate-600',
              )}
            >
              <span className="flex items-center gap-1.5 text-sm font-medium text-slate-900 dark:text-slate-100">
                <input
                  id={`${id}-${kind}`}
                  type="radio"
                  name={`${id}-kind`}
                  className={cn('size-3.5 accent-sky-700 dark:accent-sky-400', focusRing)}
                  checked={checked}
                  disabled={disabled}
                  onChange={() => change({ kind }, 'kind')}
                />
                <Icon aria-hidden className="size-3.5 shrink-0" />
                {label}
              </span>
              <span className="text-slate-600 dark:text-slate-300">{blurb}</span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}

/** The fields only LocalStack and AWS profiles have. (None of them is a credential: there is no such field.) */
export function BackendFields({ draft, shown, disabled, change, awsProfiles, defaultRegion }: FieldsProps & { awsProfiles: readonly string[]; defaultRegion: string }) {
  const listId = useId();
  if (draft.kind === 'localstack') {
    return (
      <div className="grid grid-cols-[1fr_10rem] gap-3">
        <TextField
          label="Endpoint"
          value={draft.endpoint}
          problem={shown.endpoint}
          disabled={disabled}
          placeholder="http://localhost:4566"
          hint="The LocalStack URL, e.g. http://localhost:4566 (no user name or password in it)."
          onChange={(endpoint) => change({ endpoint }, 'endpoint')}
        />
        <TextField label="Region" value={draft.region} problem={shown.region} disabled={disabled} placeholder="us-east-1" onChange={(region) => change({ region }, 'region')} />
      </div>
    );
  }
  if (draft.kind === 'aws') {
    const found = awsProfiles.length > 0 ? `Found in ~/.aws: ${awsProfiles.join(', ')}.` : 'No profile was found in ~/.aws/config or ~/.aws/credentials.';
    return (
      <div className="grid grid-cols-[1fr_10rem] gap-3">
        <div>
          <TextField
            label="AWS profile"
            value={draft.awsProfile}
            problem={shown.awsProfile}
            disabled={disabled}
            placeholder={awsProfiles[0] ?? 'e.g. foundry-admin'}
            list={listId}
            hint={`${found} Pick one or type the name of a profile you set up with the AWS CLI (aws configure / aws configure sso).`}
            onChange={(awsProfile) => change({ awsProfile }, 'awsProfile')}
          />
          <datalist id={listId}>
            {awsProfiles.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
        </div>
        <TextField
          label="Region (optional)"
          value={draft.awsRegion}
          problem={shown.awsRegion}
          disabled={disabled}
          placeholder={defaultRegion || 'us-east-1'}
          hint="Empty: the AWS profile's region, else AWS_REGION."
          onChange={(awsRegion) => change({ awsRegion }, 'awsRegion')}
        />
      </div>
    );
  }
  return <Hint>The embedded vault keeps its data in this app’s folder, encrypted; it needs no endpoint and no account.</Hint>;
}
