/** Key protectors for audit tests: the real ones the app uses outside Electron (a key file, FOUNDRY_VAULT_KEY). */
import path from 'node:path';
import type { AuditKeyProtector } from '../../../src/main/audit/audit-key';
import { envKeyProtector, keyFileProtector } from '../../../src/main/vault/key-protectors';

/** The vault.key file beside an audit folder, as composition.ts builds it (`<userData>/vault/vault.key`). */
export function keyFileFor(auditDir: string): AuditKeyProtector {
  return () => keyFileProtector(path.join(path.dirname(auditDir), 'vault', 'vault.key'));
}

/** FOUNDRY_VAULT_KEY with this passphrase. */
export function envKey(secret: string): AuditKeyProtector {
  return () => envKeyProtector(secret);
}
