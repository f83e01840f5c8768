/**
 * What every answer of the router must be, whatever was sent: `{ ok: true, value }` matching the
 * channel's declared output, or `{ ok: false, error }` matching the wire error shape with a code
 * other than INTERNAL; plain data only (what structured clone and JSON carry unchanged); and never
 * the canary or the vault key.
 */
import { contract, wireErrorSchema, type ChannelName, type IpcResult } from '../../../src/shared/contract';
import { leaks } from './canary';

export interface ChannelStats {
  payloads: number;
  /** Refused by the input schema (the router's own VALIDATION answer): the handler never ran. */
  refusedBySchema: number;
  /** Passed validation: a handler ran (and answered a value or a typed error). */
  reached: number;
  ok: number;
  /** Answers by error code (handler errors only). */
  readonly codes: Record<string, number>;
}

export function newStats(): ChannelStats {
  return { payloads: 0, refusedBySchema: 0, reached: 0, ok: 0, codes: {} };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** The first place `value` is not plain data (a class instance, a function, a non-finite number, an own `__proto__`…). */
export function notPlainData(value: unknown, path = '(answer)', depth = 0): string | null {
  if (depth > 64) return `${path}: nested deeper than any contract shape`;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : `${path}: a non-finite number`;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return `${path}: an array with another prototype`;
    for (let i = 0; i < value.length; i += 1) {
      if (!(i in value)) return `${path}[${i}]: a hole in an array`;
      const problem = notPlainData(value[i], `${path}[${i}]`, depth + 1);
      if (problem) return problem;
    }
    return null;
  }
  if (!isPlainObject(value)) return `${path}: ${typeof value === 'object' ? 'an object that is not a plain object' : `a ${typeof value}`}`;
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key !== 'string') return `${path}: a symbol key`;
    if (key === '__proto__') return `${path}: an own "__proto__" key`;
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    if (!descriptor || !('value' in descriptor) || !descriptor.enumerable) return `${path}.${key}: an accessor or hidden property`;
    const problem = notPlainData(descriptor.value, `${path}.${key}`, depth + 1);
    if (problem) return problem;
  }
  return null;
}

/** Whether the answer is the router refusing the input before any handler ran. */
export function refusedBySchema(channel: ChannelName, result: IpcResult<unknown>): boolean {
  return !result.ok && result.error.code === 'VALIDATION' && result.error.message.startsWith(`Invalid input for ${channel}:`);
}

/**
 * Answers already found acceptable, by channel, as JSON (most answers repeat: the catalog, the same
 * VALIDATION message): the schema checks run once per distinct answer, which keeps 10,000 payloads
 * per channel fast. The plain-data walk still runs on every answer (JSON hides what it drops).
 */
const acceptedAnswers = new Map<ChannelName, Set<string>>();
const MAX_REMEMBERED = 2_000;

/**
 * The broken rule, or null when the answer is acceptable. The text names the channel and the rule,
 * and for errors the code and message (which must hold no value); never the answer's data.
 */
export function answerProblem(channel: ChannelName, result: unknown): string | null {
  const plain = notPlainData(result);
  if (plain) return `${channel}: the answer is not plain data (${plain})`;
  const json = JSON.stringify(result);
  const accepted = acceptedAnswers.get(channel) ?? new Set<string>();
  acceptedAnswers.set(channel, accepted);
  if (accepted.has(json)) return null;
  const problem = firstProblem(channel, result, json);
  if (problem === null) {
    if (accepted.size >= MAX_REMEMBERED) accepted.clear();
    accepted.add(json);
  }
  return problem;
}

function firstProblem(channel: ChannelName, result: unknown, json: string): string | null {
  if (!isPlainObject(result) || typeof result['ok'] !== 'boolean') return `${channel}: the answer is not { ok, value | error }`;
  const keys = Object.keys(result).sort().join(',');
  if (leaks(json)) return `${channel}: the answer contains the canary value or the vault key`;
  if (result['ok']) {
    if (keys !== 'ok,value') return `${channel}: an ok answer has the keys ${keys}`;
    const parsed = contract[channel].output.safeParse(result['value']);
    if (!parsed.success) return `${channel}: the value does not match the declared output (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.code}`).join('; ')})`;
    return null;
  }
  if (keys !== 'error,ok') return `${channel}: an error answer has the keys ${keys}`;
  const error = wireErrorSchema.safeParse(result['error']);
  if (!error.success) return `${channel}: the error does not match the wire error shape`;
  if (error.data.code === 'INTERNAL') return `${channel}: answered INTERNAL ("${error.data.message}")`;
  if (error.data.message.trim() === '') return `${channel}: an error without a message`;
  return null;
}

export function count(stats: ChannelStats, channel: ChannelName, result: IpcResult<unknown>): void {
  stats.payloads += 1;
  if (refusedBySchema(channel, result)) {
    stats.refusedBySchema += 1;
    return;
  }
  stats.reached += 1;
  if (result.ok) stats.ok += 1;
  else stats.codes[result.error.code] = (stats.codes[result.error.code] ?? 0) + 1;
}
