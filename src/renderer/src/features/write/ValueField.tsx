import { FileUp, TriangleExclamationPoint } from 'lucide-react';
import type { ClipboardEvent, DragEvent, RefObject } from 'react';
import type { CatalogEntry, PickedValueFile, ValueMode } from '../../../../shared/contract';
import { Button } from '../../components/button';
import { FieldProblem, Hint, Label } from '../../components/field';
import { PickedFileChip } from './PickedFileChip';
import { SecretInput, type SecretFieldElement } from './SecretInput';
import { SingleLineBlockedHint, ValueModeSwitch } from './ValueModeSwitch';

interface Props {
  id: string;
  label: string;
  entry: CatalogEntry | undefined;
  mode: ValueMode;
  onModeChange(mode: ValueMode): void;
  value: string;
  onValueChange(value: string): void;
  onPaste(event: ClipboardEvent<SecretFieldElement>): void;
  onDrop(event: DragEvent<SecretFieldElement>): void;
  valueRef: RefObject<SecretFieldElement | null>;
  file: PickedValueFile | null;
  chipRef: RefObject<HTMLDivElement | null>;
  fromFileRef: RefObject<HTMLButtonElement | null>;
  onPickFile(): void;
  onRemoveFile(): void;
  picking: boolean;
  /** The value has line breaks (Single line is then not offered). */
  multiLineValue: boolean;
  /** The problem shown under the field (size as typed, JSON, or what Save refused). */
  problem: string | null;
  /** A file could not be used (empty, too large…): main's sentence. */
  fileProblem: string | null;
  /** "The pasted value has line breaks, so…" (announced). */
  pasteNote: string;
  /** false: the value does not look like this provider's keys (a warning, never a refusal). */
  prefixMatch: boolean | null;
  /** Ids of things outside this block that also describe the field (whitespace warning, error). */
  extraDescribedBy: string[];
  disabled: boolean;
}

const WARNING = 'mt-1 flex items-start gap-1.5 text-xs font-medium text-amber-800 dark:text-amber-300';

/**
 * The value: typed (in one of three formats) or taken from a file. Everything said about it is a
 * rule or a fact about its shape — never the value, its length or its byte count.
 */
export function ValueField({
  id,
  label,
  entry,
  mode,
  onModeChange,
  value,
  onValueChange,
  onPaste,
  onDrop,
  valueRef,
  file,
  chipRef,
  fromFileRef,
  onPickFile,
  onRemoveFile,
  picking,
  multiLineValue,
  problem,
  fileProblem,
  pasteNote,
  prefixMatch,
  extraDescribedBy,
  disabled,
}: Props) {
  const blocked = !file && mode !== 'single-line' && multiLineValue;
  const describedBy = [
    `${id}-hint`,
    problem && `${id}-problem`,
    pasteNote && `${id}-paste`,
    blocked && `${id}-blocked`,
    prefixMatch === false && `${id}-format`,
    ...extraDescribedBy,
  ]
    .filter(Boolean)
    .join(' ');

  return (
    <div className="min-w-0">
      <div className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1.5">
        {file ? (
          <p className="text-sm font-medium text-slate-800 dark:text-slate-200">{label}</p>
        ) : (
          <Label htmlFor={`${id}-value`}>{label}</Label>
        )}
        {!file && (
          <div className="flex flex-wrap items-center gap-2">
            <ValueModeSwitch id={id} mode={mode} onModeChange={onModeChange} singleLineBlocked={blocked} disabled={disabled} />
            <Button ref={fromFileRef} size="sm" onClick={onPickFile} disabled={disabled || picking} aria-describedby={`${id}-file-hint`}>
              <FileUp aria-hidden className="size-3.5" />
              {picking ? 'Choosing…' : 'From file…'}
            </Button>
          </div>
        )}
      </div>

      <div className="mt-1">
        {file ? (
          <PickedFileChip id={id} file={file} chipRef={chipRef} onRemove={onRemoveFile} disabled={disabled} describedBy={describedBy} />
        ) : (
          <SecretInput
            id={`${id}-value`}
            multiline={mode !== 'single-line'}
            rows={mode === 'json' ? 7 : 5}
            value={value}
            onValueChange={onValueChange}
            onPaste={onPaste}
            onDrop={onDrop}
            placeholder={mode === 'single-line' ? entry?.placeholder || 'Paste the value' : mode === 'json' ? 'Paste the JSON document' : 'Paste the key, certificate or text'}
            aria-invalid={problem !== null}
            aria-describedby={describedBy}
            disabled={disabled}
            inputRef={valueRef}
          />
        )}
      </div>

      {problem && <FieldProblem id={`${id}-problem`}>{problem}</FieldProblem>}
      {fileProblem && <FieldProblem id={`${id}-file-problem`}>{fileProblem}</FieldProblem>}
      {/* Always in the page, so a screen reader announces the text when it appears. */}
      <p id={`${id}-paste`} role="status" className={pasteNote ? 'mt-1 text-xs font-medium text-sky-900 dark:text-sky-200' : 'sr-only'}>
        {pasteNote}
      </p>
      {blocked && <SingleLineBlockedHint id={id} />}
      {prefixMatch === false && entry && (
        <p id={`${id}-format`} role="status" className={WARNING}>
          <TriangleExclamationPoint aria-hidden className="mt-px size-3.5 shrink-0" />
          This does not look like a key from {entry.provider}. {entry.formatHint} You can still save it.
        </p>
      )}
      <Hint id={`${id}-hint`}>
        {!file && mode === 'json' ? 'Must be a valid JSON document. ' : ''}
        {!file && mode === 'single-line' && entry?.formatHint && prefixMatch !== false ? `${entry.formatHint} ` : ''}
        Write-only: once saved, the value cannot be viewed here or anywhere in this app, only replaced.
      </Hint>
      {!file && (
        <p id={`${id}-file-hint`} className="sr-only">
          The app reads the file itself and saves it byte for byte; this window never sees its content.
        </p>
      )}
    </div>
  );
}
