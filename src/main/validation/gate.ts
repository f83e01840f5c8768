/**
 * The live key check in front of a write: decides whether a check applies, runs it, and lets the
 * write go ahead only when the provider said `valid`. A rejected or unverifiable key stops the
 * write with KEY_REJECTED / KEY_UNVERIFIED; the person may then "Save anyway" (a write without a
 * check). Either way the audit entry says what the check found, never the key.
 */
import type { AuditKeyCheck } from '../../shared/audit';
import { AppError } from '../../shared/errors';
import { KEY_CHECK_PROVIDERS, type KeyCheckResult, type KeyCheckSettings } from '../../shared/key-checks';
import type { SecretValue } from '../../shared/secret-value';
import { checkKey, isCheckable, type CheckKeyOptions } from './index';

export interface GateInput {
  readonly secretName: string;
  readonly secretId: string;
  readonly value: SecretValue;
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
}

export type CheckKeyFn = (options: CheckKeyOptions) => Promise<KeyCheckResult>;

const labelOf = (result: KeyCheckResult): string => KEY_CHECK_PROVIDERS.find((provider) => provider.id === result.providerId)?.label ?? result.providerId;

function refusal(result: KeyCheckResult, secretId: string): AppError {
  const details = {
    keyCheck: result.outcome,
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
  const result = await check({
    secretName: input.secretName,
    value: input.value,
    settings: input.settings,
    ...(input.companion && { companion: input.companion }),
  });
  if (result.outcome !== 'valid') throw refusal(result, input.secretId);
  return { audit: 'valid', result };
}
