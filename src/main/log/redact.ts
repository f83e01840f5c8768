/**
 * The logger's redaction layer: turns whatever a caller passes as log fields into plain JSON that
 * cannot carry a secret value.
 *
 * - A `SecretValue` is "[redacted]" (it is also unprintable on its own; this is the second lock).
 * - A field whose name says it holds a secret (value, password, token, secretAccessKey, …) is
 *   "[redacted]" whatever its type.
 * - Only plain objects and arrays are walked. An instance of any other class (an SDK command, a
 *   request, a client) is written as `[ClassName]`: its insides may hold the value being sent.
 * - Errors keep their name, an `AppError`'s code and message (built by the app, never quoting a
 *   value) and a system error's `code`/`syscall`; other messages are dropped, since the raw text of
 *   an unexpected error may embed its input.
 * - Binary data is never written, not even its length.
 */
import { AppError } from '../../shared/errors';
import { REDACTED, SecretValue } from '../../shared/secret-value';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

const SENSITIVE_KEYS = new Set([
  'value',
  'secret',
  'secretstring',
  'secretbinary',
  'password',
  'passphrase',
  'token',
  'sessiontoken',
  'secretaccesskey',
  'authorization',
  'credential',
  'credentials',
  'privatekey',
  'apikey',
  'vaultkey',
]);

const MAX_DEPTH = 6;
const MAX_ITEMS = 50;
export const MAX_STRING = 2000;

/** `SecretString`, `secret_access_key`, `x-api-key` → the same normalised name. */
export function isSensitiveKey(key: string): boolean {
  const normalised = key.toLowerCase().replace(/[-_\s]/g, '');
  return SENSITIVE_KEYS.has(normalised) || normalised.endsWith('apikey') || normalised.endsWith('password');
}

function clip(text: string): string {
  return text.length > MAX_STRING ? `${text.slice(0, MAX_STRING)}…[clipped]` : text;
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function describeError(error: Error): JsonValue {
  if (error instanceof AppError) return { name: error.name, code: error.code, message: clip(error.message) };
  const out: Record<string, JsonValue> = { name: error.name };
  const { code, syscall } = error as NodeJS.ErrnoException;
  if (typeof code === 'string') out['code'] = clip(code);
  if (typeof syscall === 'string') out['syscall'] = clip(syscall);
  return out;
}

export function redact(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): JsonValue | undefined {
  if (value instanceof SecretValue) return REDACTED;
  switch (typeof value) {
    case 'string':
      return clip(value);
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'undefined':
      return undefined;
    case 'symbol':
      return '[symbol]';
    case 'function':
      return '[function]';
  }
  if (value === null) return null;
  const object = value as object;
  if (object instanceof Error) return describeError(object);
  if (object instanceof Date) return Number.isNaN(object.getTime()) ? 'Invalid Date' : object.toISOString();
  if (ArrayBuffer.isView(object) || object instanceof ArrayBuffer) return '[binary redacted]';
  if (depth >= MAX_DEPTH) return '[depth]';
  if (seen.has(object)) return '[cycle]';
  if (Array.isArray(object)) {
    seen.add(object);
    const items = object.slice(0, MAX_ITEMS).map((item) => redact(item, depth + 1, seen) ?? null);
    if (object.length > MAX_ITEMS) items.push(`[${object.length - MAX_ITEMS} more]`);
    seen.delete(object);
    return items;
  }
  if (!isPlainObject(object)) return `[${object.constructor?.name || 'object'}]`;
  seen.add(object);
  const out: Record<string, JsonValue> = {};
  for (const [key, item] of Object.entries(object).slice(0, MAX_ITEMS)) {
    const clean = isSensitiveKey(key) ? REDACTED : redact(item, depth + 1, seen);
    if (clean !== undefined) out[clip(key)] = clean;
  }
  seen.delete(object);
  return out;
}
