import { TriangleExclamationPoint } from 'lucide-react';
import { useState, type ClipboardEvent, type DragEvent, type RefObject, type SyntheticEvent } from 'react';
import { isBlank, isMultiLine, matchesValuePrefix, type CatalogEntry, type ValueMode, type WhitespaceChoice as Choice } from '../../../../shared/contract';
import { FieldProblem, Hint, Label } from '../../components/field';
import { SecretInput, type SecretFieldElement } from '../write/SecretInput';
import { SingleLineBlockedHint, ValueModeSwitch } from '../write/ValueModeSwitch';
import { edgesOfText, isTooLarge, needsWhitespaceChoice, pasteOutcome, TOO_LARGE } from '../write/value-entry';
import { WhitespaceChoice } from '../write/WhitespaceChoice';

interface Props {
  readonly id: string;
  readonly entry: CatalogEntry | undefined;
  readonly value: string;
  onValueChange(value: string): void;
  readonly mode: ValueMode;
  onModeChange(mode: ValueMode): void;
  readonly whitespace: Choice | null;
  onWhitespaceChange(choice: Choice): void;
  /** What Review refused about the value, or about the missing whitespace choice. */
  readonly problem: string | null;
  readonly whitespaceProblem: string | null;
  readonly valueRef: RefObject<SecretFieldElement | null>;
  readonly whitespaceRef: RefObject<HTMLInputElement | null>;
}

/**
 * The one value typed for every selected org, in the write form's own masked field (a password
 * input, or a textarea that only ever holds a mask): the value lives in the dialog's React state
 * and in that field, nowhere else. A paste with line breaks switches to Multi-line rather than
 * being flattened, and whitespace at an end is kept or trimmed only as the person chooses — as in
 * the write form. Typed only: a value from a file is written org by org, from the secret's card.
 */
export function BulkValueField({ id, entry, value, onValueChange, mode, onModeChange, whitespace, onWhitespaceChange, problem, whitespaceProblem, valueRef, whitespaceRef }: Props) {
  const [pasteNote, setPasteNote] = useState('');
  const blocked = mode !== 'single-line' && isMultiLine(value);
  const askWhitespace = needsWhitespaceChoice({ file: null, value });
  const shownProblem = isTooLarge(value) ? TOO_LARGE : problem;
  const prefixMatch = entry && value && !isBlank(value) ? matchesValuePrefix(entry, askWhitespace ? value.trim() : value) : null;
  const describedBy = [`${id}-hint`, shownProblem && `${id}-problem`, pasteNote && `${id}-paste`, prefixMatch === false && `${id}-format`, askWhitespace && `${id}-ws-edges`]
    .filter(Boolean)
    .join(' ');

  function change(next: string) {
    onValueChange(next);
    if (next === '') setPasteNote('');
  }

  /** As in the write form: a single-line (password) field would drop a paste's line breaks. */
  function takeText(event: SyntheticEvent<SecretFieldElement>, pasted: string) {
    const outcome = pasteOutcome(mode, pasted, event.currentTarget);
    if (outcome.kind === 'default') {
      if (outcome.note) setPasteNote(outcome.note);
      return;
    }
    event.preventDefault();
    onModeChange('multi-line');
    change(outcome.value);
    setPasteNote(outcome.note);
  }

  return (
    <div className="min-w-0 space-y-2">
      <div>
        <div className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1.5">
          <Label htmlFor={`${id}-value`}>Value</Label>
          <ValueModeSwitch id={id} mode={mode} onModeChange={onModeChange} singleLineBlocked={blocked} />
        </div>
        <SecretInput
          id={`${id}-value`}
          className="mt-1"
          multiline={mode !== 'single-line'}
          rows={mode === 'json' ? 7 : 4}
          value={value}
          onValueChange={change}
          onPaste={(event: ClipboardEvent<SecretFieldElement>) => takeText(event, event.clipboardData.getData('text/plain'))}
          onDrop={(event: DragEvent<SecretFieldElement>) => takeText(event, event.dataTransfer.getData('text/plain'))}
          placeholder={mode === 'single-line' ? entry?.placeholder || 'Paste the value' : 'Paste the key, certificate or text'}
          aria-invalid={shownProblem !== null}
          aria-describedby={describedBy}
          inputRef={valueRef}
        />
        {shownProblem && <FieldProblem id={`${id}-problem`}>{shownProblem}</FieldProblem>}
        <p id={`${id}-paste`} role="status" className={pasteNote ? 'mt-1 text-xs font-medium text-sky-900 dark:text-sky-200' : 'sr-only'}>
          {pasteNote}
        </p>
        {blocked && <SingleLineBlockedHint id={id} />}
        {prefixMatch === false && entry && (
          <p id={`${id}-format`} role="status" className="mt-1 flex items-start gap-1.5 text-xs font-medium text-amber-800 dark:text-amber-300">
            <TriangleExclamationPoint aria-hidden className="mt-px size-3.5 shrink-0" />
            This does not look like a key from {entry.provider}. {entry.formatHint} You can still set it.
          </p>
        )}
        <Hint id={`${id}-hint`}>Typed once, written to every selected organization. Write-only: it cannot be viewed here or anywhere in this app afterwards.</Hint>
      </div>
      {askWhitespace && (
        <WhitespaceChoice
          id={`${id}-ws`}
          edges={edgesOfText(value)}
          subject="The value"
          choice={whitespace}
          onChoiceChange={onWhitespaceChange}
          problem={whitespaceProblem}
          firstRef={whitespaceRef}
        />
      )}
    </div>
  );
}
