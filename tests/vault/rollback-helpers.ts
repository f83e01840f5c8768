/** Shared by the rollback tests: SDK calls on an open vault, a refused open, and the vault's files as they are. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CreateSecretCommand, GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { expect } from 'vitest';
import { envKeyProtector, openVault, VaultError, type Vault } from '../../src/main/vault/index';
import { TEST_KEY } from './helpers';

export async function send<T>(vault: Vault, run: (client: SecretsManagerClient) => Promise<T>): Promise<T> {
  const client = new SecretsManagerClient({ ...vault.clientConfig(), maxAttempts: 1 });
  try {
    return await run(client);
  } finally {
    client.destroy();
  }
}

export const create = (vault: Vault, name: string, value: string) => send(vault, (c) => c.send(new CreateSecretCommand({ Name: name, SecretString: value })));
export const rotate = (vault: Vault, name: string, value: string) => send(vault, (c) => c.send(new PutSecretValueCommand({ SecretId: name, SecretString: value })));
export const valueOf = (vault: Vault, name: string) => send(vault, async (c) => (await c.send(new GetSecretValueCommand({ SecretId: name }))).SecretString);

export async function openFails(dataDir: string): Promise<VaultError> {
  try {
    const vault = await openVault({ dataDir, keyProtector: envKeyProtector(TEST_KEY) });
    await vault.close();
  } catch (error) {
    expect(error).toBeInstanceOf(VaultError);
    return error as VaultError;
  }
  throw new Error('expected the vault to refuse to open');
}

/** Every file of the vault (not the lock), to show a refused open changed nothing. */
export async function files(dataDir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await fs.readdir(dataDir)).sort()) {
    if (!name.startsWith('vault.lock')) out[name] = (await fs.readFile(path.join(dataDir, name))).toString('base64');
  }
  return out;
}
