import { KeyRound, TriangleExclamationPoint } from 'lucide-react';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { matchesValuePrefix, MAX_DESCRIPTION_LENGTH, secretValueSchema, type CatalogEntry, type SecretStatus } from '../../../../shared/contract';
import { api, toUiErrorData, type UiErrorData } from '../../api';
import { Button } from '../../components/button';
import { ConfirmDialog } from '../../components/dialog';
import { FieldProblem, Hint, inputClass, Label } from '../../components/field';
import { contextKeyOf, useAppStore } from '../../store';
import { ErrorMessage } from '../errors/ErrorMessage';
import { SecretInput } from './SecretInput';

/** A paste that brought a space, tab or line break along at either end (rarely part of a key). */
const EDGE_WHITESPACE = /^\s|\s$/;

interface Props {
  status: SecretStatus;
  entry: CatalogEntry | undefined;
  /** The profile/org/domain this form writes to; a reply for another context is not applied. */
  contextKey: string;
  onClose(outcome: 'saved' | 'cancelled'): void;
}

/**
 * Add Key / Rotate Key. The value lives in this component's state and nowhere else: not in the
 * store, the URL, storage, a log or an error. It is cleared on success and on cancel; switching
 * profile, org or domain unmounts the form, which drops it. A failed write keeps the form open,
 * value included, so the person can retry, with focus back in the value field.
 *
 * A save can answer after the person has moved on (another org, another form). The answer then
 * belongs to a form that is gone: its status is applied only if its context is still shown
 * (applyStatus checks), and nothing is closed or announced — closing "the open form" would close
 * someone else's, typed value and all.
 */
export function WriteForm({ status, entry, contextKey, onClose }: Props) {
  const id = useId();
  const [value, setValue] = useState('');
  const [description, setDescription] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<UiErrorData | null>(null);
  const [pending, setPending] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const mounted = useRef(false);
  /** Set by a failed save: focus goes back to the value once the field is enabled again. */
  const refocusAfterError = useRef(false);
  const applyStatus = useAppStore((s) => s.applyStatus);
  const notify = useAppStore((s) => s.notify);

  const name = entry?.displayName ?? status.secretName;
  const replacing = status.state === 'configured';
  const edgeWhitespace = EDGE_WHITESPACE.test(value);
  // Checked without the stray whitespace: that warning already says what is wrong.
  const prefixMatch = entry && value ? matchesValuePrefix(entry, edgeWhitespace ? value.trim() : value) : null;

  useEffect(() => {
    mounted.current = true;
    inputRef.current?.focus();
    return () => {
      mounted.current = false;
    };
  }, []);

  // After a failed save the inputs are re-enabled by the render that shows the error; focusing
  // before that (on a disabled field) would leave focus on <body>, as would the confirmation
  // dialog, which returns focus to the Save button while it is still disabled.
  useEffect(() => {
    if (error && !pending && refocusAfterError.current) {
      refocusAfterError.current = false;
      inputRef.current?.focus();
    }
  }, [error, pending]);

  /** Whether this very form is still the one on screen: mounted, open, and in the same context. */
  function stillCurrent(): boolean {
    const state = useAppStore.getState();
    return mounted.current && state.openForm === status.secretName && contextKeyOf(state) === contextKey;
  }

  function cancel() {
    setValue('');
    onClose('cancelled');
  }

  async function save() {
    setConfirming(false);
    setPending(true);
    setError(null);
    try {
      const result = await api.writeSecret({
        orgId: status.orgId,
        domainId: status.domainId,
        secretName: status.secretName,
        value,
        ...(description.trim() !== '' && { description }),
      });
      // The write answers the new status: shown as is, with no second round trip (if its context is still shown).
      applyStatus(result.status, contextKey);
      if (!stillCurrent()) return;
      setValue('');
      const where = `${status.orgId} / ${status.domainId}`;
      notify(result.created ? `${name} saved in ${where}. Its value cannot be viewed, only replaced.` : `${name} rotated in ${where}: the new value is now current.`);
      onClose('saved');
    } catch (failure) {
      if (!mounted.current) return;
      refocusAfterError.current = true;
      setError(toUiErrorData(failure));
      setPending(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (pending) return;
    const checked = secretValueSchema.safeParse(value);
    if (!checked.success) {
      // Fixed texts from the shared schema: they state a rule, never the value or its length.
      setProblem(`The value ${checked.error.issues[0]?.message ?? 'is not valid'}.`);
      inputRef.current?.focus();
      return;
    }
    setProblem(null);
    if (replacing) setConfirming(true);
    else void save();
  }

  const describedBy = [`${id}-hint`, problem && `${id}-problem`, edgeWhitespace && `${id}-whitespace`, prefixMatch === false && `${id}-format`, error && `${id}-error`]
    .filter(Boolean)
    .join(' ');

  return (
    <form
      aria-label={`${replacing ? 'Rotate' : 'Add'} key: ${name}`}
      className="space-y-3 border-t border-slate-200 bg-slate-50 p-4 dark:border-slate-700 dark:bg-slate-950/60"
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !confirming && !pending) {
          event.stopPropagation();
          cancel();
        }
      }}
    >
      <div>
        <Label htmlFor={`${id}-value`}>{replacing ? 'New value' : 'Value'}</Label>
        <SecretInput
          id={`${id}-value`}
          className="mt-1"
          value={value}
          onValueChange={(next) => {
            setValue(next);
            if (problem) setProblem(null);
          }}
          placeholder={entry?.placeholder || 'Paste the value'}
          aria-invalid={problem !== null}
          aria-describedby={describedBy}
          disabled={pending}
          inputRef={inputRef}
        />
        {problem && <FieldProblem id={`${id}-problem`}>{problem}</FieldProblem>}
        {edgeWhitespace && (
          <p id={`${id}-whitespace`} role="status" className="mt-1 flex items-start gap-1.5 text-xs font-medium text-amber-800 dark:text-amber-300">
            <TriangleExclamationPoint aria-hidden className="mt-px size-3.5 shrink-0" />
            The value starts or ends with a space or tab (or another blank), and it is saved exactly as typed. Check the paste; you can still save it.
          </p>
        )}
        {prefixMatch === false && entry && (
          <p id={`${id}-format`} role="status" className="mt-1 flex items-start gap-1.5 text-xs font-medium text-amber-800 dark:text-amber-300">
            <TriangleExclamationPoint aria-hidden className="mt-px size-3.5 shrink-0" />
            This does not look like a key from {entry.provider}. {entry.formatHint} You can still save it.
          </p>
        )}
        <Hint id={`${id}-hint`}>
          {entry?.formatHint && prefixMatch !== false ? `${entry.formatHint} ` : ''}
          Write-only: once saved, the value cannot be viewed here or anywhere in this app, only replaced.
        </Hint>
      </div>
      <div>
        <Label htmlFor={`${id}-description`}>Description (optional)</Label>
        <input
          id={`${id}-description`}
          className={`${inputClass} mt-1`}
          value={description}
          maxLength={MAX_DESCRIPTION_LENGTH}
          autoComplete="off"
          disabled={pending}
          placeholder={replacing || status.description ? 'Leave empty to keep the current description' : 'e.g. Team key, expires in March'}
          onChange={(event) => setDescription(event.currentTarget.value)}
        />
      </div>
      {error && <ErrorMessage id={`${id}-error`} compact context="Not saved" error={error} />}
      <div className="flex items-center gap-2">
        <Button type="submit" variant="primary" disabled={pending}>
          <KeyRound aria-hidden className="size-4" />
          {pending ? 'Saving…' : 'Save & Overwrite'}
        </Button>
        <Button onClick={cancel} disabled={pending}>
          Cancel
        </Button>
      </div>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={`Overwrite ${name}?`}
        description={
          <>
            <p>
              The current value of <code className="font-mono text-xs break-all">{status.secretId}</code> will be replaced. Agents get the new value on
              their next read.
            </p>
            <p className="mt-2">The old value cannot be viewed or brought back from this app.</p>
          </>
        }
        confirmLabel="Overwrite"
        tone="danger"
        onConfirm={() => void save()}
      />
    </form>
  );
}
