import { Save, Undo2 } from 'lucide-react';
import { Switch } from 'radix-ui';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { KEY_CHECK_TIMEOUT_MS, type KeyCheckProviderId, type KeyCheckSettings } from '../../../../shared/key-checks';
import { toUiErrorData, type UiErrorData } from '../../api';
import { Button } from '../../components/button';
import { focusRing } from '../../components/focus';
import { cn } from '../../lib/cn';
import { useAppStore } from '../../store';
import { ErrorMessage } from '../errors/ErrorMessage';
import { checkDraft, draftOf, sameSettings, type KeyCheckDraft } from './key-check-draft';
import { ProviderTable } from './ProviderTable';

/** Where the keyboard goes once a save has answered (the control it was on may be disabled now). */
type FocusAfter = 'status' | 'save' | null;

/**
 * Live key checks: on or off, and where each provider's check is sent. URLs are checked as they
 * are typed with the schema main applies; Save is offered only for a valid change, and a failed
 * save keeps the draft. Settings never hold a key: there is no field for one here.
 */
export function KeyCheckSettingsForm({ stored }: { stored: KeyCheckSettings }) {
  const id = useId();
  const saveKeyChecks = useAppStore((s) => s.saveKeyChecks);
  const notify = useAppStore((s) => s.notify);
  const [draft, setDraft] = useState<KeyCheckDraft>(() => draftOf(stored));
  /** Fields changed since the last save: their problems are shown as they are typed. */
  const [touched, setTouched] = useState<ReadonlySet<KeyCheckProviderId>>(new Set());
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<UiErrorData | null>(null);
  const focusAfter = useRef<FocusAfter>(null);
  const statusLine = useRef<HTMLParagraphElement>(null);
  /** Since the last save, until the next change: the status line says so. */
  const [justSaved, setJustSaved] = useState(false);
  const saveButton = useRef<HTMLButtonElement>(null);

  // After the render that follows a save or a discard (when the control used may be disabled).
  useEffect(() => {
    const target = focusAfter.current;
    if (target === null) return;
    focusAfter.current = null;
    (target === 'status' ? statusLine.current : saveButton.current)?.focus();
  });

  const checked = checkDraft(draft);
  const problems = checked.ok ? {} : checked.problems;
  const shown = Object.fromEntries(Object.entries(problems).filter(([providerId]) => touched.has(providerId as KeyCheckProviderId)));
  const changed = !checked.ok || !sameSettings(checked.settings, stored);
  const canSave = checked.ok && changed && !pending;
  const status = pending ? 'Saving…' : !checked.ok ? 'Fix the URL marked above to save.' : changed ? 'Unsaved changes.' : justSaved ? 'Saved.' : 'No changes to save.';

  function changeUrl(providerId: KeyCheckProviderId, value: string) {
    setJustSaved(false);
    setDraft((current) => ({ ...current, baseUrls: { ...current.baseUrls, [providerId]: value } }));
    setTouched((current) => new Set(current).add(providerId));
  }

  async function save(settings: KeyCheckSettings) {
    setPending(true);
    setError(null);
    try {
      const saved = await saveKeyChecks(settings);
      setDraft(draftOf(saved));
      setTouched(new Set());
      setJustSaved(true);
      notify(saved.enabled ? 'Key check settings saved.' : 'Key check settings saved. Checks are off: no key is sent to a provider.');
      focusAfter.current = 'status';
    } catch (failure) {
      // The draft stays as typed, to retry or change.
      setError(toUiErrorData(failure));
      focusAfter.current = 'save';
    } finally {
      setPending(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (canSave && checked.ok) void save(checked.settings);
  }

  return (
    <section aria-labelledby={`${id}-title`} className="space-y-4">
      <h2 id={`${id}-title`} className="text-lg font-semibold text-slate-900 dark:text-slate-50">
        Live key checks
      </h2>
      <form aria-labelledby={`${id}-title`} noValidate onSubmit={submit} className="space-y-4">
        <div className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-700 dark:bg-slate-900">
          <div className="flex items-start gap-3">
            <Switch.Root
              id={`${id}-enabled`}
              checked={draft.enabled}
              disabled={pending}
              aria-describedby={`${id}-enabled-hint`}
              onCheckedChange={(enabled) => {
                setJustSaved(false);
                setDraft((current) => ({ ...current, enabled }));
              }}
              className={cn(
                'relative mt-0.5 inline-flex h-5 w-9 shrink-0 cursor-pointer items-center rounded-full border-2 border-transparent motion-safe:transition-colors',
                'bg-slate-500 data-[state=checked]:bg-sky-700 dark:bg-slate-500 dark:data-[state=checked]:bg-sky-400',
                'disabled:cursor-not-allowed disabled:opacity-60',
                focusRing,
              )}
            >
              <Switch.Thumb className="pointer-events-none block size-4 rounded-full bg-white shadow-sm data-[state=checked]:translate-x-4 motion-safe:transition-transform dark:bg-slate-950" />
            </Switch.Root>
            <div className="min-w-0 space-y-2">
              <label htmlFor={`${id}-enabled`} className="block cursor-pointer text-sm font-medium text-slate-900 dark:text-slate-100">
                Check keys with their provider before saving{' '}
                <span className="font-normal text-slate-600 dark:text-slate-400">({draft.enabled ? 'on' : 'off'})</span>
              </label>
              <div id={`${id}-enabled-hint`} className="max-w-prose space-y-2 text-sm text-slate-700 dark:text-slate-300">
                <p>
                  When you save a key, it is sent once to its provider’s cheapest call that needs a valid key (listed below), and only there. The provider’s
                  answer decides what happens:
                </p>
                <ul className="list-disc space-y-0.5 pl-5">
                  <li>
                    <strong className="font-semibold">Valid</strong>: the key is saved.
                  </li>
                  <li>
                    <strong className="font-semibold">Rejected</strong> by the provider: nothing is saved, and the form says why.
                  </li>
                  <li>
                    <strong className="font-semibold">Couldn’t verify</strong> (no answer within {KEY_CHECK_TIMEOUT_MS / 1000} s, a rate limit, a server
                    error): nothing is saved unless you choose <em>Save anyway</em>.
                  </li>
                </ul>
                <p>
                  The audit log records what each check found, never the key. Secrets without a provider below are never checked. Turn checks off for
                  air-gapped use: then no key ever leaves this computer for a provider, only for the profile’s secrets backend.
                </p>
              </div>
            </div>
          </div>
        </div>

        {!draft.enabled && (
          <p className="text-sm text-slate-700 dark:text-slate-300">Checks are off: the URLs below are kept for when you turn them back on, and nothing is called.</p>
        )}
        <ProviderTable typed={draft.baseUrls} shown={shown} stored={stored} disabled={pending} onChange={changeUrl} />

        {/* Kept in view while the page scrolls, so Save is always within reach (800×600 included). */}
        <div className="sticky bottom-0 z-10 -mx-6 space-y-2 border-t border-slate-200 bg-slate-50 px-6 py-3 dark:border-slate-800 dark:bg-slate-950">
          {error && <ErrorMessage compact context="Not saved" error={error} />}
          <div className="flex items-center gap-2">
            <p ref={statusLine} id={`${id}-status`} tabIndex={-1} className="min-w-0 flex-1 text-sm text-slate-700 focus:outline-none dark:text-slate-300">
              {status}
            </p>
            <Button
              disabled={pending || !changed}
              onClick={() => {
                setDraft(draftOf(stored));
                setTouched(new Set());
                setError(null);
                setJustSaved(false);
                focusAfter.current = 'status';
              }}
            >
              <Undo2 aria-hidden className="size-4" />
              Discard changes
            </Button>
            <Button ref={saveButton} type="submit" variant="primary" disabled={!canSave} aria-describedby={`${id}-status`}>
              <Save aria-hidden className="size-4" />
              {pending ? 'Saving…' : 'Save'}
            </Button>
          </div>
        </div>
      </form>
    </section>
  );
}
