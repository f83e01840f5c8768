import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll } from 'vitest';
import { envKeyProtector, openVault, type OpenVaultOptions, type Vault, type VaultServer } from '../../src/main/vault/index';

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

/**
 * A request signed by hand with the SDK's own signer, for the cases the SDK will not produce (a
 * changed body, an unsigned header, another service, a raw target). Returns the raw response.
 */
export async function signedFetch(
  endpoint: string,
  options: {
    region: string;
    target?: string;
    body?: string;
    method?: 'POST' | 'GET';
    service?: string;
    unsigned?: readonly string[];
    /** Sent instead of what was signed. */
    sendTarget?: string;
    sendBody?: string;
  },
): Promise<Response> {
  const url = new URL(endpoint);
  const method = options.method ?? 'POST';
  const body = method === 'POST' ? (options.body ?? '{}') : undefined;
  const signer = new SignatureV4({ credentials: HTTP_CREDENTIALS, region: options.region, service: options.service ?? 'secretsmanager', sha256: Hash.bind(null, 'sha256') });
  const signed = await signer.sign(
    new HttpRequest({
      method,
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: '/',
      headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': options.target ?? 'secretsmanager.ListSecrets' },
      body,
    }),
    { unsignableHeaders: new Set(options.unsigned ?? []) },
  );
  const headers = { ...signed.headers, ...(options.sendTarget && { 'x-amz-target': options.sendTarget }) };
  return fetch(endpoint, { method, headers, body: options.sendBody ?? body });
}

/** A vault served over HTTP with the test credentials, for the wire-level suites. */
export async function servedVault(): Promise<{ server: VaultServer; region: string }> {
  const { vault } = await startVault();
  return { server: await vault.serve({ port: 0, credentials: HTTP_CREDENTIALS }), region: vault.region };
}
