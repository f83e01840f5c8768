/**
 * Small zod building blocks shared by the contract's schemas.
 *
 * Why: zod's default message for an unknown key quotes the key ("Unrecognized key: \"…\""). On the
 * IPC boundary any text the renderer sent may be a secret value, so every object schema of the
 * contract uses `strictObject` from here, whose messages only count and never quote.
 */
import { z } from 'zod';
import { ERROR_CODES } from './errors';

/** A `z.strictObject` (unknown keys rejected) whose error messages never repeat the input. */
export function strictObject<S extends z.core.$ZodLooseShape>(shape: S) {
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code === 'unrecognized_keys') {
        return `has ${issue.keys.length} unknown field(s); only the documented fields are accepted`;
      }
      if (issue.code === 'invalid_type') return 'expected an object';
      return undefined;
    },
  });
}

/**
 * A bounded display string (names, labels, descriptions). Control characters are refused (they can
 * hide text in a log line or a terminal); `multiline` still allows line breaks and tabs.
 */
export function plainText(min: number, max: number, what: string, opts: { multiline?: boolean } = {}) {
  const pattern = opts.multiline ? /^(?:[^\p{Cc}]|[\n\r\t])*$/u : /^[^\p{Cc}]*$/u;
  return z
    .string({ error: `${what} must be text` })
    .min(min, { error: min <= 1 ? `${what} must not be empty` : `${what} must be at least ${min} characters` })
    .max(max, { error: `${what} must be at most ${max} characters` })
    .regex(pattern, { error: `${what} must not contain control characters` });
}

/** `WireError` (src/shared/errors.ts) as a schema: how a failure travels inside an answer. */
export const wireErrorSchema = strictObject({
  code: z.enum(ERROR_CODES),
  message: z.string().max(4000),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});
