/**
 * Schemas of the value-file channels. A file is picked and read in main (a native dialog in
 * Electron); the renderer gets a handle and facts it needs to ask the right questions — text or
 * binary, one line or several, whitespace at either end — never the content, the path, the size or
 * a digest. `writeSecret` then takes the handle instead of a typed value.
 */
import { z } from 'zod';
import { strictObject } from './schema-kit';
import { valueFileHandleSchema } from './secrets';

export const MAX_FILE_NAME_LENGTH = 255;

export const pickedValueFileSchema = strictObject({
  picked: z.literal(true),
  handle: valueFileHandleSchema,
  /** The file's base name only (shown so the person can tell they picked the right one). */
  fileName: z.string().min(1).max(MAX_FILE_NAME_LENGTH),
  /** text: valid UTF-8 without NUL bytes, stored as SecretString; binary: stored as SecretBinary. */
  content: z.enum(['text', 'binary']),
  multiLine: z.boolean(),
  leadingWhitespace: z.boolean(),
  trailingWhitespace: z.boolean(),
  trailingNewline: z.boolean(),
});
export type PickedValueFile = z.output<typeof pickedValueFileSchema>;

export const pickValueFileResultSchema = z.discriminatedUnion('picked', [strictObject({ picked: z.literal(false) }), pickedValueFileSchema]);
export type PickValueFileResult = z.output<typeof pickValueFileResultSchema>;

export const discardValueFileInputSchema = strictObject({ handle: valueFileHandleSchema });
export const discardValueFileResultSchema = strictObject({ discarded: z.boolean() });
