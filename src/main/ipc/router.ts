/**
 * The IPC router: the one door between the renderer and the main process. Pure (no Electron), so
 * the Electron adapter and the browser host dispatch through the very same checks.
 *
 * Order: known channel → trusted sender → input schema → handler → strict output schema (and, for
 * a failure, the error schema).
 * Whatever fails becomes `{ ok: false, error: { code, message } }`. No message ever quotes what the
 * renderer sent: the input may be a secret value.
 */
import type { z } from 'zod';
import { contract, CHANNEL_PREFIX, wireErrorSchema, type ChannelClass, type ChannelName, type ChannelOutput, type IpcResult } from '../../shared/contract';
import { AppError, isAppError, type WireError } from '../../shared/errors';
import { isTrustedSender, type OriginPolicy, type SenderInfo } from '../security';

/** What a handler learns about the call besides its input. The lead extends it (profile, audit). */
export interface CallContext {
  readonly channel: ChannelName;
  readonly class: ChannelClass;
}

export type ChannelHandlers = {
  readonly [C in ChannelName]: (input: z.output<(typeof contract)[C]['input']>, ctx: CallContext) => Promise<ChannelOutput<C>>;
};

export interface RouterOptions extends OriginPolicy {
  /** Where contract violations of a handler's answer are reported (never with the data). */
  readonly log?: (message: string) => void;
}

export interface Router {
  dispatch(channel: string, sender: SenderInfo, rawInput: unknown): Promise<IpcResult<unknown>>;
}

type Issue = z.core.$ZodIssue;

function fail(code: AppError['code'], message: string): IpcResult<never> {
  return { ok: false, error: new AppError(code, message).toWire() };
}

/** Own-property lookup, so `foundry:constructor` or `foundry:__proto__` is not a channel. */
function channelFromIpc(channel: string): ChannelName | null {
  if (!channel.startsWith(CHANNEL_PREFIX)) return null;
  const name = channel.slice(CHANNEL_PREFIX.length);
  return Object.hasOwn(contract, name) ? (name as ChannelName) : null;
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(input)';
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');
}

/**
 * Strings of the input a message must not quote. Shorter ones are left out: a rule such as "must
 * be at least 7 days" would otherwise be hidden by an input "e", and 1–3 characters reveal nothing.
 */
const MIN_QUOTABLE_LENGTH = 4;
function stringsIn(value: unknown, out: string[] = [], depth = 0): string[] {
  if (typeof value === 'string') {
    if (value.length >= MIN_QUOTABLE_LENGTH) out.push(value);
  } else if (value !== null && typeof value === 'object' && depth < 16) {
    for (const v of Object.values(value)) stringsIn(v, out, depth + 1);
  }
  return out;
}

function sizeRule(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>): string {
  const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
  const unit = issue.origin === 'string' ? ' characters' : issue.origin === 'array' || issue.origin === 'set' ? ' items' : '';
  if (issue.exact) return `must be exactly ${bound}${unit}`;
  const word = issue.code === 'too_small' ? (issue.inclusive === false ? 'more than' : 'at least') : issue.inclusive === false ? 'less than' : 'at most';
  return `must be ${word} ${bound}${unit}`;
}

/**
 * The rule an issue broke, built only from what the schema declares (expected type, bounds,
 * allowed values): the fallback when the schema's own message cannot be shown.
 */
function describeRule(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'too_small':
    case 'too_big':
      return sizeRule(issue);
    case 'invalid_format':
      return issue.format === 'regex' ? 'does not have the required format' : `must be a valid ${issue.format}`;
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'unrecognized_keys':
      // The unknown keys are the renderer's own text; only their number is reported.
      return `has ${issue.keys.length} unknown field(s); only the documented fields are accepted`;
    case 'invalid_union':
      return issue.discriminator ? `field "${issue.discriminator}" must select one of the allowed kinds` : 'does not match any allowed form';
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(String(v))).join(', ')}`;
    default:
      return 'is invalid';
  }
}

const MAX_RULE_LENGTH = 300;

/**
 * The schema's message (written to be shown under a field) when it quotes nothing the renderer
 * sent: no string of the input and, for unknown keys, no key name. Otherwise the schema-derived rule.
 */
function ruleFor(issue: Issue, inputStrings: readonly string[]): string {
  const quoted = issue.code === 'unrecognized_keys' ? [...inputStrings, ...issue.keys] : inputStrings;
  const message = issue.message;
  const safe = message.length > 0 && message.length <= MAX_RULE_LENGTH && !quoted.some((s) => s.length > 0 && message.includes(s));
  return safe ? message : describeRule(issue);
}

/** "orgId: must be lower-case …; value: value must not be empty" — paths and rules, never values. */
export function describeIssues(issues: readonly Issue[], rawInput: unknown): string {
  const inputStrings = stringsIn(rawInput);
  const lines = issues.slice(0, 10).map((issue) => `${formatPath(issue.path)}: ${ruleFor(issue, inputStrings)}`);
  if (issues.length > 10) lines.push(`and ${issues.length - 10} more`);
  return lines.join('; ');
}

export function createRouter(handlers: ChannelHandlers, opts: RouterOptions = {}): Router {
  const log = opts.log ?? ((message: string) => console.error(message));

  async function run(name: ChannelName, rawInput: unknown): Promise<IpcResult<unknown>> {
    const spec = contract[name];
    const parsed = spec.input.safeParse(rawInput);
    if (!parsed.success) {
      return fail('VALIDATION', `Invalid input for ${name}: ${describeIssues(parsed.error.issues, rawInput)}.`);
    }
    // The mapped handler type cannot be indexed generically; input and output are checked by schema.
    const handler = handlers[name] as (input: unknown, ctx: CallContext) => Promise<unknown>;
    const answer = await handler(parsed.data, { channel: name, class: spec.class });
    const checked = spec.output.safeParse(answer);
    if (!checked.success) {
      // Paths and codes only: the refused answer may contain exactly what must not leak.
      const where = checked.error.issues.map((i) => `${formatPath(i.path)} (${i.code})`).join(', ');
      log(`[ipc] ${name}: the handler's answer does not match the contract and was withheld: ${where}`);
      return fail('INTERNAL', `The answer to ${name} was withheld because it did not match the contract. Please report this.`);
    }
    return { ok: true, value: checked.data };
  }

  /**
   * An error answer, held to the contract's error schema as answers are to theirs: the window takes
   * what main sends without parsing it again (src/renderer/src/api.ts), so an error too long or with
   * details that are not flat facts is replaced here, and only its shape is logged.
   */
  function checkedError(name: ChannelName, error: WireError): IpcResult<never> {
    const checked = wireErrorSchema.safeParse(error);
    if (checked.success) return { ok: false, error: checked.data };
    const where = checked.error.issues.map((i) => `${formatPath(i.path)} (${i.code})`).join(', ');
    log(`[ipc] ${name}: an error answer does not match the contract and was replaced: ${where}`);
    return fail('INTERNAL', `${name} failed, and its error could not be shown. Retry, and report it if it keeps happening.`);
  }

  return {
    async dispatch(channel, sender, rawInput) {
      const name = channelFromIpc(channel);
      if (name === null) return fail('VALIDATION', `Unknown channel: only the ${CHANNEL_PREFIX} channels of the contract can be called.`);
      if (!isTrustedSender(sender, opts)) {
        return fail('ACCESS_DENIED', `Refused ${name}: the request did not come from the app's own top-level page.`);
      }
      try {
        const result = await run(name, rawInput);
        return result.ok ? result : checkedError(name, result.error);
      } catch (err) {
        if (isAppError(err)) return checkedError(name, err.toWire());
        // The raw text of an unexpected error may embed the input; only its class is logged.
        log(`[ipc] ${name}: unexpected ${err instanceof Error ? err.name : typeof err} in handler`);
        return fail('INTERNAL', `${name} failed unexpectedly. Retry, and report it if it keeps happening.`);
      }
    },
  };
}
