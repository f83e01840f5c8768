import { useEffect, useRef } from 'react';
import type { Env } from '../../../../shared/naming';
import { EnvBadge } from '../profiles/ProfileSwitcher';
import { Label, TextInput } from '../../components/field';
import { consequence, describeChange, type BulkActionKind } from './bulk-model';
import { formatCount } from '../../lib/numbers';

/** Orgs named in the confirmation before "and N more". */
const NAMED_ORGS = 12;

interface Props {
  readonly id: string;
  readonly action: BulkActionKind;
  readonly secretName: string;
  readonly domainId: string;
  readonly days: string;
  readonly orgIds: readonly string[];
  readonly env: Env;
  /** On prod, the env name as typed so far (the change is refused until it matches). */
  readonly typed: string;
  onTypedChange(typed: string): void;
}

/**
 * The last look before a change across orgs: what, where, how many orgs and which env, the orgs
 * themselves (the first few), and on prod the env name to type. Focus lands on that field on
 * prod, else on the summary, so the sentence is read out first.
 */
export function BulkConfirm({ id, action, secretName, domainId, days, orgIds, env, typed, onTypedChange }: Props) {
  const prod = env === 'prod';
  const summary = useRef<HTMLHeadingElement>(null);
  const typedRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (prod) typedRef.current?.focus();
    else summary.current?.focus();
  }, [prod]);

  const named = orgIds.slice(0, NAMED_ORGS);
  const more = orgIds.length - named.length;
  return (
    <div className="space-y-3" data-testid="bulk-confirm">
      <h3 ref={summary} tabIndex={-1} className="flex flex-wrap items-center gap-2 text-base font-semibold focus:outline-none" id={`${id}-summary`}>
        <EnvBadge env={env} />
        {describeChange(action, secretName, domainId, orgIds.length, env, days)}
      </h3>
      <p className="text-sm text-slate-800 dark:text-slate-200">{consequence(action)}</p>
      <p className="text-sm text-slate-800 dark:text-slate-200">
        <span className="font-medium">Organizations: </span>
        <span className="font-mono text-xs break-all">{named.join(', ')}</span>
        {more > 0 && ` and ${formatCount(more)} more`}.
      </p>
      {prod && (
        <div className="rounded-md border border-red-300 bg-red-50 p-3 dark:border-red-800 dark:bg-red-950">
          <Label htmlFor={`${id}-typed`} className="text-red-950 dark:text-red-100">
            This is production. Type <code className="font-mono font-semibold">prod</code> to confirm
          </Label>
          <TextInput
            ref={typedRef}
            id={`${id}-typed`}
            className="mt-1 w-40 font-mono"
            value={typed}
            autoComplete="off"
            spellCheck={false}
            autoCapitalize="off"
            aria-invalid={typed !== '' && typed !== env}
            aria-describedby={`${id}-summary`}
            onChange={(event) => onTypedChange(event.currentTarget.value)}
          />
        </div>
      )}
    </div>
  );
}
