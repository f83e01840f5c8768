/**
 * Whether a value can be sent at all. HTTP header values cannot carry line breaks or other control
 * characters, and fetch's Headers validation QUOTES the offending value in its error message; so
 * the value is inspected here first and a refusal is a fixed reason, before any header is built.
 * `unsendableReason` returns no text, only which rule the value breaks; `headerText` gives the text
 * to the one line that puts it into a header (or a token), once the value passed.
 */
import type { SecretValue } from '../../shared/secret-value';

// C0 controls, DEL and C1 controls: never part of a key, and C0/DEL are refused by HTTP headers.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// Anything beyond printable ASCII: fetch encodes header values as Latin-1 and rejects more; no
// provider issues such keys, and a Latin-1 header would not be the stored UTF-8 text anyway.
const NON_ASCII = /[^\u0020-\u007e]/;

/**
 * A fixed reason why `value` cannot be checked, or null when it can go into a header.
 * `what` names the value in the reason ("the value", "the paired value").
 */
export function unsendableReason(value: SecretValue, what: string): string | null {
  // Bytes (a binary file) are not a key a provider takes in a header.
  if (value.isBinary) return `${what} is not text`;
  const text = value.reveal();
  if (typeof text !== 'string') return `${what} is not text`;
  if (text.length === 0) return `${what} is empty`;
  if (CONTROL.test(text)) return `${what} has line breaks or control characters, which no API key has`;
  if (NON_ASCII.test(text)) return `${what} has characters beyond plain ASCII, which no API key has`;
  // fetch trims header values, so a check would test a different value than the one stored.
  if (text.startsWith(' ') || text.endsWith(' ')) return `${what} starts or ends with a space, which no API key has`;
  return null;
}

/** The text of a value that passed `unsendableReason`; call it where the header is built. */
export function headerText(value: SecretValue): string {
  const text = value.reveal();
  // A fixed message: reaching this is a programming error (unsendableReason was skipped).
  if (typeof text !== 'string') throw new TypeError('a binary value cannot go into a header');
  return text;
}
