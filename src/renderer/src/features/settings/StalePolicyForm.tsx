import { Save } from 'lucide-react';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { DEFAULT_STALE_AFTER_DAYS, fleetSettingsSchema, type FleetSettings } from '../../../../shared/fleet';
import { toUiErrorData, type UiErrorData } from '../../api';
import { Button } from '../../components/button';
import { FieldProblem, Hint, Label, TextInput } from '../../components/field';
import { useAppStore } from '../../store';
import { ErrorMessage } from '../errors/ErrorMessage';

/** The typed number of days, checked with the schema main applies: the settings, or what is wrong. */
export function checkStaleDays(text: string): { ok: true; settings: FleetSettings } | { ok: false; problem: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, problem: 'Enter a number of days.' };
  if (!/^\d+$/.test(trimmed)) return { ok: false, problem: 'The number of days must be a whole number of days (digits only).' };
  const parsed = fleetSettingsSchema.safeParse({ staleAfterDays: Number(trimmed) });
  if (!parsed.success) return { ok: false, problem: `The number of days ${parsed.error.issues[0]?.message ?? 'is not valid'}.` };
  return { ok: true, settings: parsed.data };
}

/**
 * The stale policy: a secret last changed longer ago than this many days is "stale" in the coverage
 * matrix, on its card and in the CSV export. Checked as typed; Save is offered for a valid change;
 * main audits every save; a failed save keeps what was typed.
 */
export function StalePolicyForm({ stored }: { stored: FleetSettings }) {
  const id = useId();
  const save = useAppStore((s) => s.saveFleetSettings);
  const notify = useAppStore((s) => s.notify);
  const [draft, setDraft] = useState(String(stored.staleAfterDays));
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<UiErrorData | null>(null);
  const [justSaved, setJustSaved] = useState(false);
  const statusLine = useRef<HTMLParagraphElement>(null);
  const focusStatus = useRef(false);

  useEffect(() => {
    if (!focusStatus.current || pending) return;
    focusStatus.current = false;
    statusLine.current?.focus();
  });

  const checked = checkStaleDays(draft);
  const changed = !checked.ok || checked.settings.staleAfterDays !== stored.staleAfterDays;
  const canSave = checked.ok && changed && !pending;
  const status = pending ? 'Saving…' : !checked.ok ? 'Fix the number of days to save.' : changed ? 'Unsaved change.' : justSaved ? 'Saved.' : 'No changes to save.';

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!canSave || !checked.ok) return;
    setPending(true);
    setError(null);
    try {
      const saved = await save(checked.settings);
      setDraft(String(saved.staleAfterDays));
      setJustSaved(true);
      notify(`Stale policy saved: a secret unchanged for more than ${saved.staleAfterDays} ${saved.staleAfterDays === 1 ? 'day' : 'days'} is stale.`);
      focusStatus.current = true;
    } catch (failure) {
      setError(toUiErrorData(failure));
    } finally {
      setPending(false);
    }
  }

  return (
    <section aria-labelledby={`${id}-title`} className="space-y-3" data-testid="stale-policy">
      <h2 id={`${id}-title`} className="text-lg font-semibold text-slate-900 dark:text-slate-50">
        Stale policy
      </h2>
      <form aria-labelledby={`${id}-title`} noValidate onSubmit={(event) => void submit(event)} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-700 dark:bg-slate-900">
        <div className="max-w-xs">
          <Label htmlFor={`${id}-days`}>Stale after (days)</Label>
          <TextInput
            id={`${id}-days`}
            inputMode="numeric"
            autoComplete="off"
            className="mt-1"
            value={draft}
            disabled={pending}
            aria-invalid={!checked.ok}
            aria-describedby={`${id}-hint${checked.ok ? '' : ` ${id}-problem`}`}
            onChange={(event) => {
              setJustSaved(false);
              setDraft(event.currentTarget.value);
            }}
          />
          {!checked.ok && <FieldProblem id={`${id}-problem`}>{checked.problem}</FieldProblem>}
        </div>
        <Hint id={`${id}-hint`}>
          A secret whose value last changed more than this many days ago counts as stale: marked in the coverage matrix, on its card and in the CSV export.
          From 1 to 3650 days; the default is {DEFAULT_STALE_AFTER_DAYS}. Saving is recorded in the audit log.
        </Hint>
        {error && <ErrorMessage compact context="Not saved" error={error} />}
        <div className="flex items-center gap-2">
          <p ref={statusLine} id={`${id}-status`} tabIndex={-1} className="min-w-0 flex-1 text-sm text-slate-700 focus:outline-none dark:text-slate-300">
            {status}
          </p>
          <Button type="submit" variant="primary" disabled={!canSave} aria-describedby={`${id}-status`}>
            <Save aria-hidden className="size-4" />
            {pending ? 'Saving…' : 'Save policy'}
          </Button>
        </div>
      </form>
    </section>
  );
}
