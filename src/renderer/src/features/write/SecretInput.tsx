import { useCallback, useLayoutEffect, useRef, type ClipboardEvent, type RefObject, type SyntheticEvent } from 'react';
import { inputClass } from '../../components/field';
import { cn } from '../../lib/cn';

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

/**
 * The masked field of a secret value: a password <input>, or a <textarea> masked with
 * `-webkit-text-security: disc` (Chromium draws every character, line breaks aside, as a dot).
 *
 * The form's React state is the source of truth (setting it to '' empties the box), but the value
 * is written to the DOM *property* only: React's controlled inputs also mirror the value into the
 * `value` attribute (defaultValue), and a controlled textarea into its text content, either of
 * which would put the secret in outerHTML and in any DOM serialisation.
 */
export function SecretInput({ id, value, onValueChange, multiline = false, rows = 5, inputRef, onPaste, className, ...aria }: Props) {
  const ref = useRef<SecretFieldElement | null>(null);
  const setRefs = useCallback(
    (node: SecretFieldElement | null) => {
      ref.current = node;
      if (inputRef) inputRef.current = node;
    },
    [inputRef],
  );

  // `multiline` too: switching mode swaps the element, and the new one must get the value.
  useLayoutEffect(() => {
    const field = ref.current;
    if (field && field.value !== value) field.value = value;
  }, [value, multiline]);

  useLayoutEffect(() => {
    const field = ref.current;
    // The element is replaced (mode switch) or unmounted: empty it, in case anything still holds it.
    return () => {
      if (field) field.value = '';
    };
  }, [multiline]);

  const common = {
    id,
    ...PRIVATE_FIELD,
    ...aria,
    onPaste,
    onChange: (event: { currentTarget: SecretFieldElement }) => onValueChange(event.currentTarget.value),
  };

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
      {...common}
    />
  ) : (
    <input key="single-line" ref={setRefs} type="password" className={cn(inputClass, 'font-mono', className)} {...common} />
  );
}
