import { useEffect, useRef } from 'react';
import { CATALOG, findCatalogEntry, RECOVERY_WINDOW_DAYS, type WhitespaceChoice } from '../../../../shared/contract';
import { describeNameRule } from '../../../../shared/naming';
import { focusRing } from '../../components/focus';
import { FieldProblem, Hint, inputClass, Label, TextInput } from '../../components/field';
import type { SecretFieldElement } from '../write/SecretInput';
import { ACTION_LABELS, BULK_ACTIONS, CUSTOM_SECRET, type BulkDraft, type BulkField, type BulkProblem } from './bulk-model';
import { BulkValueField } from './BulkValueField';

interface Props {
  readonly id: string;
  readonly draft: BulkDraft;
  onDraftChange(patch: Partial<BulkDraft>): void;
  readonly value: string;
  onValueChange(value: string): void;
  readonly whitespace: WhitespaceChoice | null;
  onWhitespaceChange(choice: WhitespaceChoice): void;
  /** What Review refused: shown by its field, which takes focus (a new refusal focuses it again). */
  readonly problem: BulkProblem | null;
}

const RADIO = `size-4 accent-sky-700 dark:accent-sky-400 ${focusRing}`;

/** What to change across the selected orgs: the action, the secret and domain, and the value or the recovery window. */
export function BulkForm({ id, draft, onDraftChange, value, onValueChange, whitespace, onWhitespaceChange, problem }: Props) {
  const secretRef = useRef<HTMLSelectElement>(null);
  const customRef = useRef<HTMLInputElement>(null);
  const domainRef = useRef<HTMLInputElement>(null);
  const valueRef = useRef<SecretFieldElement>(null);
  const whitespaceRef = useRef<HTMLInputElement>(null);
  const daysRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!problem) return;
    const fields = { secret: secretRef, custom: customRef, domain: domainRef, value: valueRef, whitespace: whitespaceRef, days: daysRef };
    fields[problem.field].current?.focus();
  }, [problem]);

  const problemOf = (field: BulkField): string | null => (problem?.field === field ? problem.text : null);
  const described = (field: BulkField, hint: string): string => (problemOf(field) ? `${id}-${field}-problem` : hint);
  return (
    <div className="space-y-4">
      <fieldset>
        <legend className="text-sm font-semibold">Change</legend>
        <div className="mt-2 flex flex-wrap gap-x-5 gap-y-2">
          {BULK_ACTIONS.map((action) => (
            <label key={action} className="flex cursor-pointer items-center gap-2 text-sm">
              <input
                type="radio"
                name={`${id}-action`}
                value={action}
                checked={draft.action === action}
                onChange={() => onDraftChange({ action })}
                className={RADIO}
              />
              {ACTION_LABELS[action]}
            </label>
          ))}
        </div>
      </fieldset>

      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <Label htmlFor={`${id}-secret`}>Secret</Label>
          <select
            ref={secretRef}
            id={`${id}-secret`}
            className={`${inputClass} mt-1`}
            value={draft.secretChoice}
            aria-invalid={problemOf('secret') !== null}
            aria-describedby={problemOf('secret') ? `${id}-secret-problem` : undefined}
            onChange={(event) => onDraftChange({ secretChoice: event.currentTarget.value })}
          >
            <option value="">Choose a secret…</option>
            {CATALOG.map((entry) => (
              <option key={entry.secretName} value={entry.secretName}>
                {entry.displayName} ({entry.secretName})
              </option>
            ))}
            <option value={CUSTOM_SECRET}>Another secret (type its name)</option>
          </select>
          {problemOf('secret') && <FieldProblem id={`${id}-secret-problem`}>{problemOf('secret')}</FieldProblem>}
        </div>
        <div>
          <Label htmlFor={`${id}-domain`}>Domain</Label>
          <TextInput
            ref={domainRef}
            id={`${id}-domain`}
            className="mt-1 font-mono"
            value={draft.domainId}
            autoComplete="off"
            spellCheck={false}
            autoCapitalize="off"
            aria-invalid={problemOf('domain') !== null}
            aria-describedby={described('domain', `${id}-domain-hint`)}
            onChange={(event) => onDraftChange({ domainId: event.currentTarget.value })}
          />
          {problemOf('domain') ? <FieldProblem id={`${id}-domain-problem`}>{problemOf('domain')}</FieldProblem> : <Hint id={`${id}-domain-hint`}>“shared” is the org-wide domain.</Hint>}
        </div>
      </div>

      {draft.secretChoice === CUSTOM_SECRET && (
        <div>
          <Label htmlFor={`${id}-custom`}>Secret name</Label>
          <TextInput
            ref={customRef}
            id={`${id}-custom`}
            className="mt-1 font-mono"
            value={draft.customName}
            autoComplete="off"
            spellCheck={false}
            autoCapitalize="off"
            placeholder="e.g. stripe_api_key"
            aria-invalid={problemOf('custom') !== null}
            aria-describedby={described('custom', `${id}-custom-hint`)}
            onChange={(event) => onDraftChange({ customName: event.currentTarget.value })}
          />
          {problemOf('custom') ? <FieldProblem id={`${id}-custom-problem`}>{problemOf('custom')}</FieldProblem> : <Hint id={`${id}-custom-hint`}>{describeNameRule('secretName')}</Hint>}
        </div>
      )}

      {draft.action === 'set' && (
        <BulkValueField
          id={`${id}-v`}
          entry={findCatalogEntry(draft.secretChoice)}
          value={value}
          onValueChange={onValueChange}
          mode={draft.mode}
          onModeChange={(mode) => onDraftChange({ mode })}
          whitespace={whitespace}
          onWhitespaceChange={onWhitespaceChange}
          problem={problemOf('value')}
          whitespaceProblem={problemOf('whitespace')}
          valueRef={valueRef}
          whitespaceRef={whitespaceRef}
        />
      )}

      {draft.action === 'schedule-deletion' && (
        <div className="flex flex-wrap items-center gap-2">
          <Label htmlFor={`${id}-days`}>Recovery window in days</Label>
          <div className="w-24">
            <TextInput
              ref={daysRef}
              id={`${id}-days`}
              type="number"
              inputMode="numeric"
              min={RECOVERY_WINDOW_DAYS.min}
              max={RECOVERY_WINDOW_DAYS.max}
              value={draft.days}
              aria-invalid={problemOf('days') !== null}
              aria-describedby={described('days', `${id}-days-hint`)}
              onChange={(event) => onDraftChange({ days: event.currentTarget.value })}
            />
          </div>
          {problemOf('days') ? (
            <FieldProblem id={`${id}-days-problem`}>{problemOf('days')}</FieldProblem>
          ) : (
            <Hint id={`${id}-days-hint`}>
              {RECOVERY_WINDOW_DAYS.min}–{RECOVERY_WINDOW_DAYS.max} days. Until then each can be restored, not written.
            </Hint>
          )}
        </div>
      )}
    </div>
  );
}
