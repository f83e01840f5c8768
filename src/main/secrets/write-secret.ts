/**
 * The `writeSecret` channel from input to stored value: resolve the value (typed, or a picked
 * file with the whitespace choice applied), then, inside the audit recorder, the live key check
 * (when asked for) and the write. A picked file is forgotten once its value is stored; after a
 * failure it stays held, so the person can retry or "Save anyway" without picking it again.
 */
import type { AuditKeyCheck } from '../../shared/audit';
import { AppError } from '../../shared/errors';
import type { KeyCheckSettings } from '../../shared/key-checks';
import type { SecretRef, WriteSecretInput, WriteSecretResult } from '../../shared/secrets';
import type { SecretValue } from '../../shared/secret-value';
import type { AuditOutcomeDetails } from '../audit/recorder';
import { gateOnKeyCheck, type CheckKeyFn } from '../validation/gate';
import type { SecretsService } from './service';
import type { ValueFiles } from './value-files';

/** Runs a secret change under the audit recorder (composition's `secretChange`). */
export type AuditedSecretChange = <T>(
  ref: SecretRef,
  change: (service: SecretsService, secretId: string) => Promise<T>,
  settle: (result: T) => AuditOutcomeDetails,
) => Promise<T>;

export interface WriteSecretDeps {
  readonly valueFiles: ValueFiles;
  readonly keyCheckSettings: () => KeyCheckSettings;
  readonly audited: AuditedSecretChange;
  /** The provider check (tests pass one that talks to fake providers). */
  readonly checkKey?: CheckKeyFn;
}

function valueOf(input: WriteSecretInput, files: ValueFiles): SecretValue {
  if (input.file !== undefined) return files.valueOf(input.file, input.whitespace);
  if (input.value !== undefined) return input.value;
  // The schema requires exactly one of the two; this is a bug of ours if it ever happens.
  throw new AppError('VALIDATION', 'Give either a typed value or a picked file.');
}

export function createWriteSecret(deps: WriteSecretDeps): (input: WriteSecretInput) => Promise<WriteSecretResult> {
  return async (input) => {
    const ref: SecretRef = { orgId: input.orgId, domainId: input.domainId, secretName: input.secretName };
    // Before the audit attempt: a value that cannot be resolved is bad input, like a schema refusal.
    const value = valueOf(input, deps.valueFiles);
    const outcome = await deps.audited(
      ref,
      async (service, secretId) => {
        const gate = await gateOnKeyCheck(
          { secretName: ref.secretName, secretId, value, companion: input.companion, requested: input.check, settings: deps.keyCheckSettings() },
          deps.checkKey,
        );
        const stored = await service.write({ ...ref, value, description: input.description });
        return { answer: { ...stored, ...(gate.result && { keyCheck: gate.result }) }, keyCheck: gate.audit };
      },
      (done: { answer: WriteSecretResult; keyCheck: AuditKeyCheck }) => ({
        ...(!done.answer.created && { action: 'secret.rotate' as const }),
        versionId: done.answer.versionId,
        keyCheck: done.keyCheck,
      }),
    );
    if (input.file !== undefined) deps.valueFiles.release(input.file);
    return outcome.answer;
  };
}
