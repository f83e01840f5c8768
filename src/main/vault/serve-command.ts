/**
 * What `npm run vault` and `foundry-secrets vault serve` share: open the vault of a folder and
 * serve it on 127.0.0.1 with SigV4 checking, under credentials from FOUNDRY_VAULT_ACCESS_KEY_ID /
 * FOUNDRY_VAULT_SECRET_ACCESS_KEY or made up for this run. The callers print and wait for a signal.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { defaultKeyProtector, openVault } from './index';

export interface ServedVaultInfo {
  readonly endpoint: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly dataDir: string;
  /** Set when the data key is protected only by a file next to the data (no FOUNDRY_VAULT_KEY). */
  readonly warning?: string;
  close(): Promise<void>;
}

export async function startVaultServer(options: { port: number; dataDir: string; env: NodeJS.ProcessEnv }): Promise<ServedVaultInfo> {
  const { env } = options;
  const accessKeyId = env['FOUNDRY_VAULT_ACCESS_KEY_ID'] ?? `FVLT${randomBytes(8).toString('hex').toUpperCase()}`;
  const secretAccessKey = env['FOUNDRY_VAULT_SECRET_ACCESS_KEY'] ?? randomBytes(30).toString('base64url');
  const dataDir = path.resolve(options.dataDir);
  const vault = await openVault({ dataDir, keyProtector: defaultKeyProtector(dataDir, env) });
  const server = await vault.serve({ port: options.port, credentials: { accessKeyId, secretAccessKey } }).catch(async (error: unknown) => {
    await vault.close();
    throw error;
  });
  const warning = vault.protection.isProtected
    ? undefined
    : `the data key is protected only by ${vault.protection.description}. Set FOUNDRY_VAULT_KEY for a key kept outside the data directory.`;
  return { endpoint: server.endpoint, region: vault.region, accessKeyId, secretAccessKey, dataDir, ...(warning && { warning }), close: () => vault.close() };
}
