/**
 * Operation outputs that carry their own JSON, so the protocol does not serialise them again.
 * ListSecrets writes its page's bytes from entries serialised once per change of each secret
 * (model.ts keeps them on the secret, or in the snapshot record it came from); serialising 100
 * entries per page was a fifth of the vault's share of a full walk.
 *
 * The JSON rides on the output object under a symbol that is not enumerable: JSON.stringify,
 * equality checks and everything else that reads the object see a plain output object.
 */
const JSON_BYTES: unique symbol = Symbol('jsonBytes');

interface WithBytes {
  readonly [JSON_BYTES]?: Buffer;
}

/** `output` with its JSON (UTF-8) recorded: the caller builds both from the same parts. */
export function withJsonBytes<T extends Record<string, unknown>>(output: T, bytes: Buffer): T {
  Object.defineProperty(output, JSON_BYTES, { value: bytes, enumerable: false });
  return output;
}

/** The JSON of an operation's output as UTF-8 bytes: those it carries, or JSON.stringify's. */
export function outputBytes(output: Readonly<Record<string, unknown>>): Buffer {
  return (output as WithBytes)[JSON_BYTES] ?? Buffer.from(JSON.stringify(output), 'utf8');
}

/** The same as text. */
export function stringifyOutput(output: Readonly<Record<string, unknown>>): string {
  return (output as WithBytes)[JSON_BYTES]?.toString('utf8') ?? JSON.stringify(output);
}
