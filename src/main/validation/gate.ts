/**
 * The live key check in front of a write: decides whether a check applies, runs it, and lets the
 * write go ahead only when the provider said `valid`. A rejected or unverifiable key stops the
 * write with KEY_REJECTED / KEY_UNVERIFIED; the person may then "Save anyway" (a write without a
 * check). Either way the audit entry says what the check found, never the key.
 */
import type { AuditKeyCheck } from '../../shared/audit';
import { AppError } from '../../shared/errors';
import { KEY_CHECK_PROVIDERS, keyCheckProviderFor, type KeyCheckResult, type KeyCheckSettings } from '../../shared/key-checks';
import type { SecretValue } from '../../shared/secret-value';
import { checkKey, isCheckable, type CheckKeyOptions } from './index';
import { unsendableReason } from './value-check';

export interface GateInput {
  readonly secretName: string;
  readonly secretId: string;
  readonly value: SecretValue;
  /** The value came from a picked file: a refusal must not describe its content (line breaks, non-ASCII…). */
  readonly fromFile: boolean;
  readonly companion?: SecretValue | undefined;
  /** The person asked for a check (the form's "check before saving"). */
  readonly requested: boolean;
  readonly settings: KeyCheckSettings;
}

export interface GateOutcome {
  /** What the audit entry records. */
  readonly audit: AuditKeyCheck;
  /** The provider's answer, when a check ran (and passed). */
  readonly result?: KeyCheckResult;
  /** Where the key was sent (scheme, host and port: never a path or the key), for the audit entry. */
  readonly origin?: string;
}

/** The origin of a URL a key was sent to, or undefined when nothing was sent. */
export function originOf(url: string): string | undefined {
  if (url === '') return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

export type CheckKeyFn = (options: CheckKeyOptions) => Promise<KeyCheckResult>;

const labelOf = (result: KeyCheckResult): string => KEY_CHECK_PROVIDERS.find((provider) => provider.id === result.providerId)?.label ?? result.providerId;

function refusal(result: KeyCheckResult, secretId: string): AppError {
  const origin = originOf(result.url);
  const details = {
    keyCheck: result.outcome,
    ...(origin !== undefined && { keyCheckOrigin: origin }),
    providerId: result.providerId,
    url: result.url,
    reason: result.reason,
    secretId,
    ...(result.httpStatus !== undefined && { httpStatus: result.httpStatus }),
  };
  const provider = labelOf(result);
  // An empty url: nothing was sent (no instance URL, a value no header can carry).
  const where = result.url === '' ? '' : ` from ${result.url}`;
  return result.outcome === 'rejected'
    ? new AppError('KEY_REJECTED', `${provider} rejected this key (HTTP ${result.httpStatus ?? '401/403'}${where}), so it was not saved in ${secretId}.`, details)
    : new AppError('KEY_UNVERIFIED', `The key could not be checked with ${provider} (${result.reason}${where}), so it was not saved in ${secretId} yet.`, details);
}

export async function gateOnKeyCheck(input: GateInput, check: CheckKeyFn = checkKey): Promise<GateOutcome> {
  // A binary file is never an API key, and custom secrets have no provider to ask.
  if (!isCheckable(input.secretName) || input.value.isBinary) return { audit: 'not-applicable' };
  if (!input.requested) return { audit: 'skipped' };
  if (!input.settings.enabled) return { audit: 'off' };
  // What the checker would say about a file's content (line breaks, non-ASCII) is a fact about the
  // file the window is not told: one fixed reason instead, and nothing is sent.
  if (input.fromFile && unsendableReason(input.value, 'the value') !== null) {
    const provider = keyCheckProviderFor(input.secretName);
    throw refusal({ outcome: 'unverified', providerId: provider?.id ?? 'openai', url: '', reason: "the file's content cannot be sent in an HTTP header" }, input.secretId);
  }
  const result = await check({
    secretName: input.secretName,
    value: input.value,
    settings: input.settings,
    ...(input.companion && { companion: input.companion }),
  });
  if (result.outcome !== 'valid') throw refusal(result, input.secretId);
  const origin = originOf(result.url);
  return { audit: 'valid', result, ...(origin !== undefined && { origin }) };
}
