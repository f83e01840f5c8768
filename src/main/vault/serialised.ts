/**
 * Operation outputs that carry their own JSON text, so the protocol does not serialise them again.
 * ListSecrets builds its page's text from entries serialised once per change of each secret
 * (model.ts keeps them on the secret); serialising 100 entries per page was a fifth of the vault's
 * share of a full walk.
 *
 * The text rides on the output object under a symbol that is not enumerable: JSON.stringify,
 * equality checks and everything else that reads the object see a plain output object.
 */
const JSON_TEXT: unique symbol = Symbol('jsonText');

interface WithText {
  readonly [JSON_TEXT]?: string;
}

/** `output` with its JSON text recorded: the caller builds both from the same parts. */
export function withJsonText<T extends Record<string, unknown>>(output: T, text: string): T {
  Object.defineProperty(output, JSON_TEXT, { value: text, enumerable: false });
  return output;
}

/** The JSON text of an operation's output: the text it carries, or JSON.stringify's. */
export function stringifyOutput(output: Readonly<Record<string, unknown>>): string {
  return (output as WithText)[JSON_TEXT] ?? JSON.stringify(output);
}
