import { useCallback, useEffect, useLayoutEffect, useRef, type ComponentProps, type RefObject } from 'react';
import { inputClass } from '../../components/field';
import { cn } from '../../lib/cn';

// No `name`: a named field is what a native form submission puts in a URL or a request body.
type Props = Omit<ComponentProps<'input'>, 'value' | 'defaultValue' | 'onChange' | 'type' | 'ref' | 'name'> & {
  value: string;
  onValueChange(value: string): void;
  /** For the form to move focus here (after a failed save, for instance). */
  inputRef?: RefObject<HTMLInputElement | null>;
};

/**
 * The masked input of a secret value. The form's React state is the source of truth (setting it
 * to '' empties the box), but the value is written to the DOM *property* only: React's own
 * controlled inputs also mirror the value into the `value` attribute (defaultValue), which would
 * put the secret in outerHTML and in any DOM serialisation. Password managers are told to keep
 * out (autocomplete off, data-1p-ignore, data-lpignore), spelling services too (spellcheck off).
 */
export function SecretInput({ value, onValueChange, inputRef, className, ...props }: Props) {
  const ref = useRef<HTMLInputElement>(null);
  const setRefs = useCallback(
    (node: HTMLInputElement | null) => {
      ref.current = node;
      if (inputRef) inputRef.current = node;
    },
    [inputRef],
  );

  useLayoutEffect(() => {
    const input = ref.current;
    if (input && input.value !== value) input.value = value;
  }, [value]);

  useEffect(() => {
    const input = ref.current;
    // Unmount: empty the element too, in case anything still holds a reference to it.
    return () => {
      if (input) input.value = '';
    };
  }, []);

  return (
    <input
      ref={setRefs}
      type="password"
      autoComplete="off"
      spellCheck={false}
      autoCapitalize="off"
      autoCorrect="off"
      data-1p-ignore=""
      data-lpignore="true"
      data-bwignore=""
      data-form-type="other"
      className={cn(inputClass, 'font-mono', className)}
      onChange={(event) => onValueChange(event.currentTarget.value)}
      {...props}
    />
  );
}
