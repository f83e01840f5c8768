import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll } from 'vitest';
import { envKeyProtector, openVault, type OpenVaultOptions, type Vault } from '../../src/main/vault/index';

export const TEST_KEY = 'test-vault-key-0123456789abcdef';
export const HTTP_CREDENTIALS = { accessKeyId: 'AKIDVAULTTEST', secretAccessKey: 'vault-test-secret-access-key' };
export const TRANSPORTS = ['in-process', 'http'] as const;
export type Transport = (typeof TRANSPORTS)[number];

// Released when the file's tests are done, so suites may share a vault across tests (beforeAll).
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

export async function tempDir(prefix = 'foundry-vault-'): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A clock tests can move: recovery windows, day-resolution access dates, 24-hour pruning. */
export class TestClock {
  constructor(public now = Date.parse('2026-11-24T10:00:00.000Z')) {}
  readonly read = (): Date => new Date(this.now);
  advanceDays(days: number): void {
    this.now += days * 86_400_000;
  }
}

export async function startVault(options: Partial<OpenVaultOptions> & { dataDir?: string } = {}): Promise<{ vault: Vault; dataDir: string; clock: TestClock }> {
  const clock = new TestClock();
  const dataDir = options.dataDir ?? (await tempDir());
  const vault = await openVault({ keyProtector: envKeyProtector(TEST_KEY), clock: clock.read, ...options, dataDir });
  cleanups.push(() => vault.close());
  return { vault, dataDir, clock };
}

/** A real SDK client talking to the vault in process, or over HTTP with SigV4. */
export async function clientFor(vault: Vault, transport: Transport): Promise<SecretsManagerClient> {
  if (transport === 'in-process') {
    const client = new SecretsManagerClient({ ...vault.clientConfig(), maxAttempts: 1 });
    cleanups.push(async () => client.destroy());
    return client;
  }
  const server = await vault.serve({ port: 0, credentials: HTTP_CREDENTIALS });
  cleanups.push(() => server.close());
  const client = new SecretsManagerClient({ region: vault.region, endpoint: server.endpoint, credentials: HTTP_CREDENTIALS, maxAttempts: 1 });
  cleanups.push(async () => client.destroy());
  return client;
}

/** The rejection of a promise, for asserting on the SDK's exception class and fields. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & { $fault?: string; $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
