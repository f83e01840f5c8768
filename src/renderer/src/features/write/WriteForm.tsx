import { KeyRound } from 'lucide-react';
import { useEffect, useId, useRef, useState, type ClipboardEvent, type DragEvent, type FormEvent, type SyntheticEvent } from 'react';
import type { CatalogEntry, ChannelInput, PickedValueFile, SecretStatus, ValueMode, WhitespaceChoice as WhitespaceChoiceValue } from '../../../../shared/contract';
import { matchesValuePrefix } from '../../../../shared/catalog-entries';
import { KEY_CHECK_PROVIDERS, keyCheckProviderFor } from '../../../../shared/key-check-providers';
import { MAX_DESCRIPTION_LENGTH } from '../../../../shared/secret-limits';
import { isBlank, isMultiLine, secretValueProblem } from '../../../../shared/value-rules';
import { api, toUiErrorData, type UiErrorData } from '../../api';
import { Button } from '../../components/button';
import { ConfirmDialog } from '../../components/dialog';
import { inputClass, Label } from '../../components/field';
import { contextKeyOf, switchedProfileOf, useAppStore } from '../../store';
import { ErrorMessage } from '../errors/ErrorMessage';
import { companionTitle, KeyCheckOption, keyCheckAvailability } from './KeyCheckOption';
import { isKeyCheckRefusal, KeyCheckOutcome } from './KeyCheckOutcome';
import type { SecretFieldElement } from './SecretInput';
import { ValueField } from './ValueField';
import { TOO_LARGE, edgesOfFile, edgesOfText, isTooLarge, jsonProblem, needsWhitespaceChoice, pasteOutcome, typedValueProblem } from './value-entry';
import { WhitespaceChoice } from './WhitespaceChoice';
import { closedSaveFailure, savePlace } from './save-notices';

interface Props {
  status: SecretStatus;
  entry: CatalogEntry | undefined;
  /** The profile/org/domain this form writes to; a reply for another context is not applied. */
  contextKey: string;
  onClose(outcome: 'saved' | 'cancelled'): void;
}

/** What Save refused, and where: the message shows next to that control, which takes focus. */
interface Problem {
  readonly field: 'value' | 'file' | 'whitespace' | 'companion';
  readonly text: string;
}

/** Where focus goes once the form is enabled again (a disabled control cannot take it). */
type FocusTarget = 'value' | 'chip' | 'from-file' | 'outcome';

const labelOfProvider = (providerId: string): string => KEY_CHECK_PROVIDERS.find((provider) => provider.id === providerId)?.label ?? providerId;

/**
 * Add Key / Rotate Key. The value lives in this component's state and in its field's DOM property,
 * nowhere else: not in the store, the URL, storage, a log or an error. It is cleared on success and
 * on cancel; switching profile, org or domain unmounts the form, which drops it. A failed write
 * keeps the form open, value included, so the person can retry.
 *
 * The value is saved byte for byte: a multi-line paste switches the field to Multi-line rather
 * than being flattened by a single-line input, whitespace at the ends is kept or trimmed only as
 * the person chooses, and a file is read by main, never by this window (only a handle comes back).
 *
 * A save can answer after the person has moved on (another org, another form). The answer then
 * belongs to a form that is gone: its status is applied only if its context is still shown
 * (applyStatus checks), and nothing is closed or announced — closing "the open form" would close
 * someone else's, typed value and all.
 */
export function WriteForm({ status, entry, contextKey, onClose }: Props) {
  const id = useId();
  const [mode, setMode] = useState<ValueMode>('single-line');
  const [value, setValue] = useState('');
  const [file, setFile] = useState<PickedValueFile | null>(null);
  const [picking, setPicking] = useState(false);
  const [whitespace, setWhitespace] = useState<WhitespaceChoiceValue | null>(null);
  const [check, setCheck] = useState(true);
  const [companion, setCompanion] = useState('');
  const [description, setDescription] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  /** After a Save refused invalid JSON, the JSON is checked again as it is edited. */
  const [jsonLive, setJsonLive] = useState(false);
  const [pasteNote, setPasteNote] = useState('');
  const [error, setError] = useState<UiErrorData | null>(null);
  /** 'check': main is asking the provider first; 'save': a plain write. */
  const [pending, setPending] = useState<false | 'check' | 'save'>(false);
  const [confirming, setConfirming] = useState(false);

  const valueRef = useRef<SecretFieldElement>(null);
  const companionRef = useRef<SecretFieldElement>(null);
  const whitespaceRef = useRef<HTMLInputElement>(null);
  const chipRef = useRef<HTMLDivElement>(null);
  const fromFileRef = useRef<HTMLButtonElement>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);
  const mounted = useRef(false);
  const focusNext = useRef<FocusTarget | null>(null);
  /** Where the caret goes after a paste that switched the field to Multi-line. */
  const caretAfterPaste = useRef<number | null>(null);
  /** The picked file main holds for this form, to let go of it when the form goes away unsaved. */
  const heldFile = useRef<string | null>(null);
  const saving = useRef(false);

  const applyStatus = useAppStore((s) => s.applyStatus);
  const notify = useAppStore((s) => s.notify);
  const keyCheckSettings = useAppStore((s) => s.keyChecks.data);

  const name = entry?.displayName ?? status.secretName;
  // Inherited counts as new here: this domain gets its own value, the shared one is untouched.
  const replacing = status.state === 'configured';
  const provider = keyCheckProviderFor(status.secretName);
  const availability = keyCheckAvailability(provider, keyCheckSettings, file?.content === 'binary');
  const willCheck = availability === 'available' && check;
  const pairTitle = provider ? companionTitle(provider, status.secretName) : null;

  const tooLarge = !file && isTooLarge(value);
  const liveJson = !file && !tooLarge && mode === 'json' && jsonLive ? jsonProblem(value) : null;
  const valueProblem = tooLarge ? TOO_LARGE : (liveJson ?? (problem?.field === 'value' ? problem.text : null));
  const askWhitespace = needsWhitespaceChoice({ file, value });
  const edges = file ? edgesOfFile(file) : edgesOfText(value);
  // Checked without the stray whitespace: the whitespace warning already says what is wrong.
  const prefixMatch = entry && !file && value && !isBlank(value) ? matchesValuePrefix(entry, askWhitespace ? value.trim() : value) : null;

  useEffect(() => {
    mounted.current = true;
    valueRef.current?.focus();
    return () => {
      mounted.current = false;
      // Unsaved and gone (cancel, or a switch of profile, org or domain): main can drop the file now
      // rather than in 15 minutes. Not while a save is in flight: that write still needs it.
      const handle = heldFile.current;
      if (handle && !saving.current) void api.discardValueFile(handle).catch(() => undefined);
    };
  }, []);

  // Focus moves once the controls are enabled again: a failed save re-enables them in the render
  // that shows the error, and the confirmation dialog returns focus to a Save that is still disabled.
  useEffect(() => {
    if (pending || !focusNext.current) return;
    const target = focusNext.current;
    focusNext.current = null;
    if (target === 'outcome') outcomeRef.current?.focus();
    else if (target === 'from-file') fromFileRef.current?.focus();
    else if (target === 'chip' || file) chipRef.current?.focus();
    else {
      const field = valueRef.current;
      field?.focus();
      const caret = caretAfterPaste.current;
      caretAfterPaste.current = null;
      if (field && caret !== null) field.setSelectionRange(caret, caret);
    }
  });

  /** Whether this very form is still the one on screen: mounted, open, and in the same context. */
  function stillCurrent(): boolean {
    const state = useAppStore.getState();
    return mounted.current && state.openForm === status.secretName && contextKeyOf(state) === contextKey;
  }

  /** A key check's verdict was about the value then: any change makes "Save anyway" stale. */
  function dropKeyCheckVerdict() {
    if (isKeyCheckRefusal(error)) setError(null);
  }

  function changeValue(next: string) {
    setValue(next);
    if (problem?.field === 'value') setProblem(null);
    if (!needsWhitespaceChoice({ file: null, value: next })) {
      // The next stray space asks again: a choice is about the whitespace that was there.
      setWhitespace(null);
      if (problem?.field === 'whitespace') setProblem(null);
    }
    if (next === '') setPasteNote('');
    dropKeyCheckVerdict();
  }

  function changeMode(next: ValueMode) {
    setMode(next);
    setJsonLive(false);
    setPasteNote('');
    if (problem?.field === 'value') setProblem(null);
  }

  /**
   * THE cause of flattened keys: a password <input> silently drops the line breaks of a paste. A
   * paste with line breaks into the single-line field goes into a Multi-line field instead, exactly
   * (in place of the selection), and the switch is announced. A textarea stores line breaks as LF,
   * so a paste with CR in it is said to lose them (From file… keeps them byte for byte).
   */
  function paste(event: ClipboardEvent<SecretFieldElement>) {
    takeText(event, event.clipboardData.getData('text/plain'));
  }

  /** A drop is a paste by mouse: a single-line field would flatten its line breaks just the same. */
  function drop(event: DragEvent<SecretFieldElement>) {
    takeText(event, event.dataTransfer.getData('text/plain'));
  }

  function takeText(event: SyntheticEvent<SecretFieldElement>, pasted: string) {
    const outcome = pasteOutcome(mode, pasted, event.currentTarget);
    if (outcome.kind === 'default') {
      if (outcome.note) setPasteNote(outcome.note);
      return;
    }
    event.preventDefault();
    caretAfterPaste.current = outcome.caret;
    focusNext.current = 'value';
    changeMode('multi-line');
    changeValue(outcome.value);
    setPasteNote(outcome.note);
  }

  async function pickFile() {
    setPicking(true);
    if (problem?.field === 'file') setProblem(null);
    try {
      const result = await api.pickValueFile({ orgId: status.orgId, domainId: status.domainId, secretName: status.secretName });
      if (!mounted.current) {
        if (result.picked) void api.discardValueFile(result.handle).catch(() => undefined);
        return;
      }
      if (!result.picked) {
        focusNext.current = 'from-file';
        return;
      }
      // The file replaces whatever was typed: one value per save, and a hidden one would confuse.
      setValue('');
      setPasteNote('');
      setJsonLive(false);
      setWhitespace(null);
      setProblem(null);
      dropKeyCheckVerdict();
      heldFile.current = result.handle;
      setFile(result);
      focusNext.current = 'chip';
    } catch (failure) {
      if (!mounted.current) return;
      const data = toUiErrorData(failure);
      // Main's refusals of a file (empty, too large, only blanks) are whole sentences about the field.
      if (data.code === 'VALIDATION') setProblem({ field: 'file', text: data.message });
      else setError(data);
      focusNext.current = 'from-file';
    } finally {
      if (mounted.current) setPicking(false);
    }
  }

  function removeFile() {
    const handle = heldFile.current;
    heldFile.current = null;
    setFile(null);
    setWhitespace(null);
    setProblem(null);
    dropKeyCheckVerdict();
    focusNext.current = 'value';
    if (handle) void api.discardValueFile(handle).catch(() => undefined);
  }

  function cancel() {
    setValue('');
    setCompanion('');
    onClose('cancelled');
  }

  /** The first thing that stops this save, in the order of the form. */
  function findProblem(): Problem | null {
    if (!file) {
      const text = typedValueProblem(value, mode);
      if (text) return { field: 'value', text };
    }
    if (askWhitespace && whitespace === null) {
      return {
        field: 'whitespace',
        text: `Choose whether to keep the ${file ? 'file' : 'value'} exactly as is or to trim it: nothing is trimmed without your choice.`,
      };
    }
    if (willCheck && pairTitle && companion !== '') {
      if (isBlank(companion)) return { field: 'companion', text: `The ${provider?.label ?? ''} ${pairTitle} is only spaces, tabs or line breaks; enter it, or leave it empty.` };
      if (secretValueProblem(companion) !== null) return { field: 'companion', text: `The ${provider?.label ?? ''} ${pairTitle} cannot be used for the check; check what you pasted.` };
    }
    return null;
  }

  function refuse(found: Problem) {
    setProblem(found);
    if (found.field === 'value') {
      if (mode === 'json' && jsonProblem(value)) setJsonLive(true);
      valueRef.current?.focus();
    } else if (found.field === 'whitespace') {
      whitespaceRef.current?.focus();
    } else if (found.field === 'companion') {
      companionRef.current?.focus();
    }
  }

  /**
   * Where, for a notice given when the answer lands: with the profile's name once another profile
   * is in use (dev and prod often share org ids: "saved in acme / shared" would read as this one).
   */
  const whereNow = (): string => savePlace(status.orgId, status.domainId, switchedProfileOf(useAppStore.getState(), contextKey)?.name);

  async function save(withCheck: boolean) {
    setConfirming(false);
    const sendCheck = withCheck && willCheck;
    setPending(sendCheck ? 'check' : 'save');
    saving.current = true;
    setError(null);
    const input: ChannelInput<'writeSecret'> = {
      orgId: status.orgId,
      domainId: status.domainId,
      secretName: status.secretName,
      ...(file ? { file: file.handle } : { value, mode }),
      ...(askWhitespace && whitespace !== null && { whitespace }),
      check: sendCheck,
      ...(sendCheck && pairTitle && companion !== '' && { companion }),
      ...(description.trim() !== '' && { description }),
    };
    try {
      const result = await api.writeSecret(input);
      saving.current = false;
      // Main let go of a picked file once its value was stored.
      heldFile.current = null;
      // The write answers the new status: shown as is, with no second round trip (if its context is still shown).
      applyStatus(result.status, contextKey);
      const accepted = result.keyCheck?.outcome === 'valid' ? `${labelOfProvider(result.keyCheck.providerId)} accepted the key. ` : '';
      const saved = result.created
        ? `${accepted}${name} saved in ${whereNow()}. Its value cannot be viewed, only replaced.`
        : `${accepted}${name} rotated in ${whereNow()}: the new value is now current.`;
      // Said even when the form was closed (or another org opened) while it saved: it is still news.
      notify(saved);
      if (!stillCurrent()) return;
      setValue('');
      setCompanion('');
      setFile(null);
      onClose('saved');
    } catch (failure) {
      saving.current = false;
      const data = toUiErrorData(failure);
      if (!mounted.current) {
        const handle = heldFile.current;
        if (handle) void api.discardValueFile(handle).catch(() => undefined);
        // The form was closed while it saved (its button, another org, another screen): the one
        // place that would have said so is gone, and what was typed with it. Told here instead;
        // when no answer came, whether it was saved is not known, and the notice must not guess.
        notify(closedSaveFailure(name, whereNow(), data), 'error');
        return;
      }
      focusNext.current = isKeyCheckRefusal(data) ? 'outcome' : 'value';
      setError(data);
      setPending(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (pending) return;
    const found = findProblem();
    if (found) {
      refuse(found);
      return;
    }
    setProblem(null);
    if (replacing) setConfirming(true);
    else void save(true);
  }

  /** The same write without the check. A rotation's overwrite was confirmed before the check ran. */
  function saveAnyway() {
    if (pending) return;
    const found = findProblem();
    if (found) {
      refuse(found);
      return;
    }
    void save(false);
  }

  const errorId = `${id}-error`;
  const whitespaceId = `${id}-ws`;
  const disabled = pending !== false;

  return (
    <form
      aria-label={`${replacing ? 'Rotate' : 'Add'} key: ${name}`}
      className="min-w-0 space-y-3 border-t border-slate-200 bg-slate-50 p-4 dark:border-slate-700 dark:bg-slate-950/60"
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !confirming && !pending) {
          event.stopPropagation();
          cancel();
        }
      }}
    >
      <ValueField
        id={id}
        label={replacing ? 'New value' : 'Value'}
        entry={entry}
        mode={mode}
        onModeChange={changeMode}
        value={value}
        onValueChange={changeValue}
        onPaste={paste}
        onDrop={drop}
        valueRef={valueRef}
        file={file}
        chipRef={chipRef}
        fromFileRef={fromFileRef}
        onPickFile={() => void pickFile()}
        onRemoveFile={removeFile}
        picking={picking}
        multiLineValue={isMultiLine(value)}
        problem={valueProblem}
        fileProblem={problem?.field === 'file' ? problem.text : null}
        pasteNote={pasteNote}
        prefixMatch={prefixMatch}
        extraDescribedBy={[askWhitespace && `${whitespaceId}-edges`, error && errorId].filter((x): x is string => typeof x === 'string')}
        disabled={disabled}
      />
      {askWhitespace && (
        <WhitespaceChoice
          id={whitespaceId}
          edges={edges}
          subject={file ? 'The file' : 'The value'}
          choice={whitespace}
          onChoiceChange={(choice) => {
            setWhitespace(choice);
            if (problem?.field === 'whitespace') setProblem(null);
            dropKeyCheckVerdict();
          }}
          problem={problem?.field === 'whitespace' ? problem.text : null}
          firstRef={whitespaceRef}
          disabled={disabled}
        />
      )}
      <div>
        <Label htmlFor={`${id}-description`}>Description (optional)</Label>
        <input
          id={`${id}-description`}
          className={`${inputClass} mt-1`}
          value={description}
          maxLength={MAX_DESCRIPTION_LENGTH}
          autoComplete="off"
          disabled={disabled}
          placeholder={replacing || status.description ? 'Leave empty to keep the current description' : 'e.g. Team key, expires in March'}
          onChange={(event) => setDescription(event.currentTarget.value)}
        />
      </div>
      {provider && keyCheckSettings && availability !== 'none' && (
        <KeyCheckOption
          id={id}
          provider={provider}
          settings={keyCheckSettings}
          secretName={status.secretName}
          availability={availability}
          checked={check}
          onCheckedChange={(next) => {
            setCheck(next);
            if (problem?.field === 'companion') setProblem(null);
          }}
          companion={companion}
          onCompanionChange={(next) => {
            setCompanion(next);
            if (problem?.field === 'companion') setProblem(null);
            dropKeyCheckVerdict();
          }}
          companionRef={companionRef}
          companionProblem={problem?.field === 'companion' ? problem.text : null}
          disabled={disabled}
        />
      )}
      {error &&
        (isKeyCheckRefusal(error) ? (
          <KeyCheckOutcome id={errorId} error={error} boxRef={outcomeRef} onSaveAnyway={saveAnyway} replacing={replacing} disabled={disabled} />
        ) : (
          <div className="break-words">
            <ErrorMessage id={errorId} compact context="Not saved" error={error} />
          </div>
        ))}
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" variant="primary" disabled={disabled}>
          <KeyRound aria-hidden className="size-4" />
          {pending === 'check' ? `Checking with ${provider?.label ?? 'the provider'}…` : pending ? 'Saving…' : replacing ? 'Save & Overwrite' : 'Save'}
        </Button>
        <Button onClick={cancel} disabled={disabled}>
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
            {willCheck && <p className="mt-2">{provider?.label} checks the key first; it is saved only if accepted (or if you then save it anyway).</p>}
          </>
        }
        confirmLabel="Overwrite"
        tone="danger"
        onConfirm={() => void save(true)}
      />
    </form>
  );
}
