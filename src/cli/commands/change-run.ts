/**
 * The run of `rm` and `restore`: one audited change through the app's secrets service (the same
 * actions the app records: secret.remove, secret.force-remove, secret.restore), then the status.
 */
import { buildSecretId } from '../../shared/naming';
import type { RemoveMode, SecretRef, SecretStatus } from '../../shared/secrets';
import { openBackend, type BackendChoice, type SecretChangeAction } from '../backend';
import { assertProdTyped } from '../common-flags';
import { EXIT, type ExitCode } from '../errors';
import type { CliIo } from '../io';
import { formatJson } from '../output';
import { statusLine } from '../status-words';

export interface ChangeOptions {
  readonly ref: SecretRef;
  readonly backend: BackendChoice;
  readonly json: boolean;
  /** remove: how; absent for restore. */
  readonly remove?: RemoveMode;
  /** Asked once the backend is open and the secret id known; false stops before any change. */
  readonly confirm?: (secretId: string) => Promise<boolean>;
}

export async function changeSecret(options: ChangeOptions, io: CliIo): Promise<ExitCode> {
  const backend = await openBackend(options.backend, io.env);
  try {
    assertProdTyped(backend.profile, options.backend);
    const { ref, remove } = options;
    const action: SecretChangeAction = remove === undefined ? 'secret.restore' : remove.kind === 'force' ? 'secret.force-remove' : 'secret.remove';
    // Asked before the change starts, so a "no" leaves no attempt in the audit log.
    if (options.confirm && !(await options.confirm(buildSecretId({ env: backend.profile.env, ...ref })))) {
      io.stderr.write('Not confirmed: nothing was deleted.\n');
      return EXIT.failed;
    }
    const status: SecretStatus = await backend.secretChange(action, ref, (service) => (remove === undefined ? service.restore(ref) : service.remove({ ...ref, mode: remove })));
    const done = remove === undefined ? 'Restored' : remove.kind === 'force' ? 'Deleted (no recovery)' : 'Scheduled for deletion';
    if (options.json) io.stdout.write(formatJson({ action, secretId: status.secretId, status, auditDir: backend.auditDir ?? null }));
    else io.stdout.write(`${done}: ${statusLine(status)}`);
    return EXIT.ok;
  } finally {
    await backend.close();
  }
}
