import { useCallback, useLayoutEffect, useRef, type ClipboardEvent, type DragEvent, type RefObject, type SyntheticEvent } from 'react';
import { inputClass } from '../../components/field';
import { cn } from '../../lib/cn';
import { applyEdit, maskOf } from './masked-text';

export type SecretFieldElement = HTMLInputElement | HTMLTextAreaElement;

// No `name`, no `value`, no `defaultValue`: a named field is what a native form submission puts in
// a URL or a request body, and React mirrors `value` into the markup (see below).
interface Props {
  id: string;
  value: string;
  onValueChange(value: string): void;
  /** A masked <textarea> (keys, certificates, JSON) instead of a password <input>. */
  multiline?: boolean;
  rows?: number;
  /** For the form to move focus here (after a failed save, after a paste switched the mode). */
  inputRef?: RefObject<SecretFieldElement | null>;
  onPaste?(event: ClipboardEvent<SecretFieldElement>): void;
  /** A drop is a paste by mouse: it gets the same treatment (a single-line field would flatten it). */
  onDrop?(event: DragEvent<SecretFieldElement>): void;
  className?: string;
  placeholder?: string;
  disabled?: boolean;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
}

/** Password managers, spelling and grammar services keep out: none of them should see a secret. */
const PRIVATE_FIELD = {
  autoComplete: 'off',
  spellCheck: false,
  autoCapitalize: 'off',
  autoCorrect: 'off',
  'data-1p-ignore': '',
  'data-lpignore': 'true',
  'data-bwignore': '',
  'data-form-type': 'other',
  'data-gramm': 'false',
  'data-enable-grammarly': 'false',
} as const;

/**
 * A password field does not let its text be copied, cut or dragged out; the masked textarea must
 * not either, or Ctrl+C would put the hidden value on the clipboard.
 */
const keepInside = (event: SyntheticEvent) => event.preventDefault();

/** Undo and redo would bring back masks, not values: the masked field has no history. */
function refuseHistory(event: Event): void {
  const type = event instanceof InputEvent ? event.inputType : '';
  if (type === 'historyUndo' || type === 'historyRedo') event.preventDefault();
}

/**
 * The masked field of a secret value: a password <input>, or a <textarea> that holds only a mask of
 * the value (see masked-text.ts: the real text is never in its DOM, so never in the accessibility
 * tree either), drawn as dots with `-webkit-text-security: disc`.
 *
 * The form's React state is the source of truth (setting it to '' empties the box). The password
 * input's value is written to the DOM *property* only: React's controlled inputs also mirror the
 * value into the `value` attribute (defaultValue), which would put it in outerHTML.
 */
export function SecretInput({ id, value, onValueChange, multiline = false, rows = 5, inputRef, onPaste, onDrop, className, ...aria }: Props) {
  const ref = useRef<SecretFieldElement | null>(null);
  const setRefs = useCallback(
    (node: SecretFieldElement | null) => {
      ref.current = node;
      if (inputRef) inputRef.current = node;
    },
    [inputRef],
  );

  /** Where the caret goes once the masked field shows the edited value's mask. */
  const caretAfterEdit = useRef<number | null>(null);
  /** While an input method composes text, the field shows it as typed; it is masked once committed. */
  const composing = useRef(false);
  /** Where the selection started when the current edit began (from beforeinput). */
  const editStart = useRef<number | null>(null);

  // `multiline` too: switching mode swaps the element, and the new one must get the value.
  useLayoutEffect(() => {
    const field = ref.current;
    if (!field) return;
    const shown = multiline ? maskOf(value) : value;
    if (field.value !== shown) field.value = shown;
    const caret = caretAfterEdit.current;
    caretAfterEdit.current = null;
    if (caret !== null && document.activeElement === field) field.setSelectionRange(caret, caret);
  }, [value, multiline]);

  // A native listener: React's onBeforeInput is not the DOM's beforeinput (no inputType).
  useLayoutEffect(() => {
    const field = ref.current;
    if (!multiline || !field) return;
    const before = (event: Event): void => {
      refuseHistory(event);
      if (!composing.current || editStart.current === null) editStart.current = field.selectionStart;
    };
    field.addEventListener('beforeinput', before);
    return () => field.removeEventListener('beforeinput', before);
  }, [multiline]);

  /** The masked field changed (typing, paste, drop, delete, cut): work out the new real value. */
  function maskedEdit(field: HTMLTextAreaElement): void {
    if (composing.current) return;
    const edit = applyEdit(value, maskOf(value), field.value, field.selectionEnd, editStart.current ?? undefined);
    editStart.current = null;
    caretAfterEdit.current = edit.caret;
    if (edit.value === value) field.value = maskOf(value);
    else onValueChange(edit.value);
  }

  useLayoutEffect(() => {
    const field = ref.current;
    // The element is replaced (mode switch) or unmounted: empty it, in case anything still holds it.
    return () => {
      if (field) field.value = '';
    };
  }, [multiline]);

  const common = { id, ...PRIVATE_FIELD, ...aria, onPaste, onDrop };

  return multiline ? (
    <textarea
      key="multi-line"
      ref={setRefs}
      rows={rows}
      // Long lines wrap (a PEM body, minified JSON) rather than widening the form.
      wrap="soft"
      className={cn(inputClass, 'min-h-24 resize-y font-mono leading-5 break-all [-webkit-text-security:disc]', className)}
      onCopy={keepInside}
      onCut={keepInside}
      onDragStart={keepInside}
      onCompositionStart={() => (composing.current = true)}
      onCompositionEnd={(event) => {
        composing.current = false;
        maskedEdit(event.currentTarget);
      }}
      onChange={(event) => maskedEdit(event.currentTarget)}
      {...common}
    />
  ) : (
    <input
      key="single-line"
      ref={setRefs}
      type="password"
      className={cn(inputClass, 'font-mono', className)}
      onChange={(event) => onValueChange(event.currentTarget.value)}
      {...common}
    />
  );
}
