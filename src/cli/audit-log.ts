/**
 * The audit log of a data folder for the `audit` commands, opened as the app opens it (the same
 * store, verification and export code; the audit key wrapped by FOUNDRY_VAULT_KEY, else the
 * vault.key file — the app outside Electron). Refused while the app runs on the folder.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { AUDIT_DIR, AUDIT_KEY_COPY_FILE, createAuditService, createIdentityCache, currentOsUser, type AuditService, type ChooseSavePath } from '../main/audit/index';
import { createLogger, parseLogLevel } from '../main/log/index';
import { defaultKeyProtector } from '../main/vault/index';
import { APP_VAULT_DIR, runningAppIn } from './app-data';
import { CliError, EXIT, usageError } from './errors';

export async function openCliAudit(dataDir: string, env: NodeJS.ProcessEnv, chooseSavePath?: ChooseSavePath): Promise<AuditService> {
  const holder = await runningAppIn(dataDir);
  if (holder) throw new CliError(`Foundry Secrets is running on ${dataDir} (${holder}).`, EXIT.failed, 'Close the app first: its audit log takes one writer at a time.');
  const auditDir = path.join(dataDir, AUDIT_DIR);
  // Not created here: a mistyped folder must not turn into an empty, "intact" log.
  if (!(await fs.stat(auditDir).then((stat) => stat.isDirectory(), () => false))) {
    // The key copy beside the folder is written with the first entry: with it, the log existed and was removed.
    if (await fs.access(path.join(dataDir, AUDIT_KEY_COPY_FILE)).then(() => true, () => false)) {
      throw new CliError(
        `The audit log in ${dataDir} is missing: there is no ${AUDIT_DIR} folder, but ${AUDIT_KEY_COPY_FILE} shows entries were written there, so they were removed.`,
        EXIT.failed,
        'Restore the audit folder from a backup; the log cannot be verified without it.',
        'LOG_MISSING',
      );
    }
    throw usageError(`there is no audit log in ${dataDir} (no ${AUDIT_DIR} folder)`, 'Pass the data folder the app or the CLI wrote to with --data DIR.');
  }
  const logger = createLogger({ level: parseLogLevel(env['FOUNDRY_LOG_LEVEL'], 'warn') });
  return createAuditService({
    userDataDir: dataDir,
    // No backend here: the entry names the OS user only (as the app does when the backend cannot say).
    identities: createIdentityCache({ lookup: async () => ({}), logger: logger.child({ component: 'identity' }) }),
    osUser: currentOsUser(env),
    logger,
    keyProtector: () => defaultKeyProtector(path.join(dataDir, APP_VAULT_DIR), env),
    ...(chooseSavePath && { chooseSavePath }),
  });
}
