/**
 * The `writeSecret` channel from input to stored value: resolve the value (typed, or a picked
 * file with the whitespace choice applied), then, inside the audit recorder, the live key check
 * (when asked for) and the write. A picked file is forgotten once its value is stored; after a
 * failure it stays held, so the person can retry or "Save anyway" without picking it again.
 */
import type { AuditKeyCheck } from '../../shared/audit';
import { AppError } from '../../shared/errors';
import type { KeyCheckSettings } from '../../shared/key-checks';
import type { SecretRef, SecretStatus, WriteSecretInput, WriteSecretResult } from '../../shared/secrets';
import type { AuditOutcomeDetails } from '../audit/recorder';
import { gateOnKeyCheck, type CheckKeyFn } from '../validation/gate';
import type { SecretsService } from './service';
import type { FileUse, ValueFiles } from './value-files';

/** Runs a secret change under the audit recorder (composition's `secretChange`); `statusOf` feeds the fleet snapshot. */
export type AuditedSecretChange = <T>(
  ref: SecretRef,
  change: (service: SecretsService, secretId: string) => Promise<T>,
  statusOf: (result: T) => SecretStatus,
  settle: (result: T) => AuditOutcomeDetails,
) => Promise<T>;

export interface WriteSecretDeps {
  readonly valueFiles: ValueFiles;
  readonly keyCheckSettings: () => KeyCheckSettings;
  readonly audited: AuditedSecretChange;
  /** The provider check (tests pass one that talks to fake providers). */
  readonly checkKey?: CheckKeyFn;
}

/** The value to store: typed, or a picked file (held in use until the write is over). */
function valueOf(input: WriteSecretInput, ref: SecretRef, files: ValueFiles): FileUse {
  if (input.file !== undefined) return files.use(input.file, ref, { whitespace: input.whitespace, mode: input.mode });
  if (input.value !== undefined) return { value: input.value, done: () => undefined };
  // The schema requires exactly one of the two; this is a bug of ours if it ever happens.
  throw new AppError('VALIDATION', 'Give either a typed value or a picked file.');
}

export function createWriteSecret(deps: WriteSecretDeps): (input: WriteSecretInput) => Promise<WriteSecretResult> {
  return async (input) => {
    const ref: SecretRef = { orgId: input.orgId, domainId: input.domainId, secretName: input.secretName };
    // Before the audit attempt: a value that cannot be resolved is bad input, like a schema refusal.
    const use = valueOf(input, ref, deps.valueFiles);
    const value = use.value;
    let stored = false;
    try {
      const outcome = await deps.audited(
      ref,
      async (service, secretId) => {
        // Before the key check: on a read-only profile the key is not sent to its provider at all.
        service.assertWritable(ref);
        const gate = await gateOnKeyCheck(
          {
            secretName: ref.secretName,
            secretId,
            value,
            fromFile: input.file !== undefined,
            companion: input.companion,
            requested: input.check,
            settings: deps.keyCheckSettings(),
          },
          deps.checkKey,
        );
        const written = await service.write({ ...ref, value, description: input.description });
        return { answer: { ...written, ...(gate.result && { keyCheck: gate.result }) }, keyCheck: gate.audit, keyCheckOrigin: gate.origin };
      },
      (done) => done.answer.status,
      (done: { answer: WriteSecretResult; keyCheck: AuditKeyCheck; keyCheckOrigin: string | undefined }) => ({
        ...(!done.answer.created && { action: 'secret.rotate' as const }),
        versionId: done.answer.versionId,
        keyCheck: done.keyCheck,
        ...(done.keyCheckOrigin !== undefined && { keyCheckOrigins: [done.keyCheckOrigin] }),
      }),
      );
      stored = true;
      return outcome.answer;
    } finally {
      // A stored file is forgotten (wiped); after a failure it stays held for a retry or "Save anyway".
      use.done(stored);
    }
  };
}
