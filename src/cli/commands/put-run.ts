/**
 * The write of `put`, once the value is read: validated by the app's own writeSecret schema (its
 * value rules and fixed messages), stored by the app's createWriteSecret under the audit recorder.
 * Only the status is printed.
 */
import { DEFAULT_KEY_CHECK_SETTINGS } from '../../shared/key-checks';
import type { SecretRef } from '../../shared/secrets';
import { writeSecretInputSchema } from '../../shared/secrets';
import type { ValueMode, WhitespaceChoice } from '../../shared/value-rules';
import { createValueFiles } from '../../main/secrets/value-files';
import { createWriteSecret } from '../../main/secrets/write-secret';
import { openBackend, type BackendChoice } from '../backend';
import { assertProdTyped } from '../common-flags';
import { EXIT, usageError, type ExitCode } from '../errors';
import type { CliIo } from '../io';
import { formatJson } from '../output';
import { statusLine } from '../status-words';

export interface PutOptions {
  readonly ref: SecretRef;
  readonly backend: BackendChoice;
  readonly whitespace: WhitespaceChoice | undefined;
  readonly mode: ValueMode | undefined;
  readonly json: boolean;
  readonly value: string;
}

export async function putValue(options: PutOptions, io: CliIo): Promise<ExitCode> {
  const parsed = writeSecretInputSchema.safeParse({
    ...options.ref,
    value: options.value,
    ...(options.whitespace !== undefined && { whitespace: options.whitespace }),
    ...(options.mode !== undefined && { mode: options.mode }),
  });
  // The schema's messages are fixed sentences (never the value, its length or a part of it).
  if (!parsed.success) throw usageError(`${parsed.error.issues[0]?.message ?? 'The value is not valid.'} Nothing was written.`);

  const backend = await openBackend(options.backend, io.env);
  try {
    assertProdTyped(backend.profile, options.backend);
    const valueFiles = createValueFiles({});
    const write = createWriteSecret({
      valueFiles,
      keyCheckSettings: () => DEFAULT_KEY_CHECK_SETTINGS,
      audited: (ref, change, _statusOf, settle) => backend.secretChange('secret.write', ref, change, settle),
    });
    const result = await write(parsed.data);
    valueFiles.clear();
    if (options.json) io.stdout.write(formatJson({ secretId: result.status.secretId, created: result.created, status: result.status, auditDir: backend.auditDir ?? null }));
    else io.stdout.write(`${result.created ? 'Created' : 'Updated'} ${statusLine(result.status)}`);
    return EXIT.ok;
  } finally {
    await backend.close();
  }
}
