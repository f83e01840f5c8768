/**
 * Pure rules of the value field, kept out of the components so each message is written once.
 *
 * Every text here is fixed: none quotes the value, its length, its byte count or a line count.
 * A count is a leak too (it narrows a key down), so "too long" is said against the limit only.
 */
import {
  MAX_SECRET_VALUE_BYTES,
  describeJsonProblem,
  edgeWhitespace,
  findJsonProblem,
  hasEdgeWhitespace,
  isBlank,
  isMultiLine,
  SECRET_VALUE_PROBLEMS,
  secretValueProblem,
  utf8ByteLength,
  type ValueMode,
} from '../../../../shared/value-rules';
import type { PickedValueFile } from '../../../../shared/value-files';

export const MODE_LABELS: Readonly<Record<ValueMode, string>> = {
  'single-line': 'Single line',
  'multi-line': 'Multi-line',
  json: 'JSON',
};

/**
 * Shown live as the value grows past the limit; it names the limit, never the size reached. The
 * same words main says when it refuses such a value (value-rules.ts): one rule, one sentence.
 */
export const TOO_LARGE = SECRET_VALUE_PROBLEMS.tooManyBytes;

export const SWITCHED_TO_MULTI_LINE = 'The pasted value has line breaks, so the field switched to Multi-line to keep them.';
export const CRLF_NOTE = 'Line breaks are saved as LF; to keep Windows (CRLF) line breaks exactly, use From file….';

/**
 * Whether the value is over the limit. A UTF-16 unit is 1 to 3 UTF-8 bytes (a surrogate pair is
 * 4 for 2), so most values are decided by their length alone, without encoding them on every key.
 */
export function isTooLarge(value: string): boolean {
  if (value.length > MAX_SECRET_VALUE_BYTES) return true;
  if (value.length * 3 <= MAX_SECRET_VALUE_BYTES) return false;
  return utf8ByteLength(value) > MAX_SECRET_VALUE_BYTES;
}

/**
 * A textarea's value only ever holds LF (the HTML spec normalizes CRLF and CR on the way in), so
 * the form's state does too: state and field then never disagree about what will be saved.
 */
export function normalizeLineBreaks(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** What a paste makes of the field: the pasted text in place of the selection. */
export function insertAt(current: string, start: number, end: number, inserted: string): string {
  return current.slice(0, start) + inserted + current.slice(end);
}

/**
 * What a paste (or drop) of `pasted` does to a value field in `mode`. A single-line (password)
 * field would drop its line breaks: text with line breaks switches the field to Multi-line and is
 * inserted there exactly (LF), in place of the selection; elsewhere the browser pastes as usual,
 * with a note when Windows line breaks become LF.
 */
export type PasteOutcome =
  | { readonly kind: 'default'; readonly note?: string }
  | { readonly kind: 'switch-to-multi-line'; readonly value: string; readonly caret: number; readonly note: string };

export function pasteOutcome(mode: ValueMode, pasted: string, field: { readonly value: string; readonly selectionStart: number | null; readonly selectionEnd: number | null }): PasteOutcome {
  if (mode !== 'single-line') return pasted.includes('\r') ? { kind: 'default', note: CRLF_NOTE } : { kind: 'default' };
  if (!isMultiLine(pasted)) return { kind: 'default' };
  const start = field.selectionStart ?? field.value.length;
  const end = field.selectionEnd ?? start;
  const text = normalizeLineBreaks(pasted);
  return {
    kind: 'switch-to-multi-line',
    value: insertAt(field.value, start, end, text),
    caret: start + text.length,
    note: pasted.includes('\r') ? `${SWITCHED_TO_MULTI_LINE} ${CRLF_NOTE}` : SWITCHED_TO_MULTI_LINE,
  };
}

/** Whitespace at either end, as the form asks about it (for a typed value or a picked file). */
export interface Edges {
  readonly leading: boolean;
  readonly trailing: boolean;
  readonly trailingNewline: boolean;
  /** Known for a typed value; a picked file only says "leading whitespace". */
  readonly leadingNewline?: boolean;
}

export function edgesOfText(value: string): Edges {
  return { ...edgeWhitespace(value), leadingNewline: /^[\r\n]/.test(value) };
}

export function edgesOfFile(file: PickedValueFile): Edges {
  return { leading: file.leadingWhitespace, trailing: file.trailingWhitespace, trailingNewline: file.trailingNewline };
}

/**
 * Whether the person must choose keep or trim: whitespace at an end of something that is not
 * only whitespace (that is refused on its own) and not binary (bytes are stored as they are).
 */
export function needsWhitespaceChoice(source: { file: PickedValueFile | null; value: string }): boolean {
  if (source.file) return source.file.content === 'text' && (source.file.leadingWhitespace || source.file.trailingWhitespace);
  return source.value !== '' && !isBlank(source.value) && hasEdgeWhitespace(source.value);
}

/** "ends with a line break", "starts and ends with a space or tab"… (which ends, and with what). */
export function describeEdges(edges: Edges): string {
  const start =
    edges.leadingNewline === undefined ? 'a space, tab or line break' : edges.leadingNewline ? 'a line break' : 'a space or tab';
  const end = edges.trailingNewline ? 'a line break' : 'a space or tab';
  if (edges.leading && edges.trailing) return start === end ? `starts and ends with ${start}` : `starts with ${start} and ends with ${end}`;
  if (edges.leading) return `starts with ${start}`;
  return `ends with ${end}`;
}

/**
 * The problem that stops a typed value from being saved, or null: the rule main's schema applies
 * (secretValueProblem, whose messages are whole sentences: "Enter a value: it must not be
 * empty."), then JSON's, which adds where it fails.
 */
export function typedValueProblem(value: string, mode: ValueMode): string | null {
  if (isTooLarge(value)) return TOO_LARGE;
  return secretValueProblem(value) ?? (mode === 'json' ? jsonProblem(value) : null);
}

/** "The value is not valid JSON: at line 3, column 14, expected …." — a place and a rule, never text. */
export function jsonProblem(value: string): string | null {
  const problem = findJsonProblem(value);
  return problem ? `The value ${describeJsonProblem(problem)}.` : null;
}
