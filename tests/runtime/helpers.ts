/**
 * The runtime reader's setting: a real embedded vault served over HTTP with LocalStack's test/test
 * credentials (so a reader configured "as for LocalStack" reaches it unchanged), behind the loopback
 * proxy of the benches, which counts requests per operation and can answer in AWS's place
 * (throttle, deny, an unknown operation). Seeding goes through an in-process SDK client.
 */
import { CreateSecretCommand, DeleteSecretCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, vi } from 'vitest';
import { startLatencyProxy, type LatencyProxy, type ProxiedRequest, type ProxyAnswer } from '../../bench/latency-proxy';
import { createSecretReader, type SecretReader, type SecretReaderOptions } from '../../src/runtime/index';
import type { Vault } from '../../src/main/vault/index';
import { startVault } from '../vault/helpers';

export const LOCALSTACK_TEST_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' } as const;

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A clock the cache reads; tests move it. */
export class ManualClock {
  constructor(public now = Date.parse('2026-11-30T08:00:00.000Z')) {}
  readonly read = (): number => this.now;
  advance(ms: number): void {
    this.now += ms;
  }
}

export interface ServedVault {
  readonly vault: Vault;
  /** The vault's own address (no proxy). */
  readonly direct: string;
  /** The counting proxy in front of it. */
  readonly proxy: LatencyProxy;
  /** In process, for seeding and changes. */
  readonly admin: SecretsManagerClient;
  /** Sets what the proxy answers in the backend's place (undefined: forward everything). */
  intercept(answer: ((request: ProxiedRequest) => ProxyAnswer | undefined) | undefined): void;
}

export async function servedVault(): Promise<ServedVault> {
  const { vault } = await startVault({ clock: () => new Date() });
  const proxyHosts = new Set<string>();
  const server = await vault.serve({ port: 0, credentials: { ...LOCALSTACK_TEST_CREDENTIALS }, alsoAcceptHosts: proxyHosts });
  let current: ((request: ProxiedRequest) => ProxyAnswer | undefined) | undefined;
  const proxy = await startLatencyProxy({ target: server.endpoint, delayMs: 0, intercept: (request) => current?.(request) });
  proxyHosts.add(new URL(proxy.endpoint).host);
  const admin = new SecretsManagerClient({ ...vault.clientConfig(), maxAttempts: 1 });
  cleanups.push(async () => {
    admin.destroy();
    await proxy.close();
    await server.close();
  });
  return {
    vault,
    direct: server.endpoint,
    proxy,
    admin,
    intercept: (answer) => {
      current = answer;
    },
  };
}

/** A reader through the proxy (LocalStack-style test/test), closed after the file's tests. */
export function readerFor(served: ServedVault, options: SecretReaderOptions = {}): SecretReader {
  const reader = createSecretReader({ environment: {}, endpoint: served.proxy.endpoint, ...options });
  cleanups.push(() => reader.close());
  return reader;
}

export const secretId = (org: string, domain: string, name: string, env = 'dev'): string => `agentfoundry/${env}/${org}/${domain}/${name}`;

export async function put(admin: SecretsManagerClient, id: string, value: string): Promise<void> {
  try {
    await admin.send(new CreateSecretCommand({ Name: id, SecretString: value }));
  } catch (error) {
    if ((error as Error).name !== 'ResourceExistsException') throw error;
    await admin.send(new PutSecretValueCommand({ SecretId: id, SecretString: value }));
  }
}

export async function createEmpty(admin: SecretsManagerClient, id: string): Promise<void> {
  await admin.send(new CreateSecretCommand({ Name: id }));
}

export async function scheduleDeletion(admin: SecretsManagerClient, id: string): Promise<void> {
  await admin.send(new DeleteSecretCommand({ SecretId: id, RecoveryWindowInDays: 7 }));
}

/** An AWS-style error answer from the proxy for every request of `operation`. */
export function answerWith(operation: string, type: string, message = 'answered by the test proxy'): (request: ProxiedRequest) => ProxyAnswer | undefined {
  return (request) => (request.operation === operation ? { status: 400, body: { __type: type, message } } : undefined);
}

/** The rejection of a promise (fails the test if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** Collects into `writes` everything the process prints from now on (the reader must print nothing); vi.restoreAllMocks() ends it. */
export function watchOutput(writes: string[]): void {
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void writes.push(args.map(String).join(' ')));
  }
  const capture = (chunk: unknown): boolean => (writes.push(String(chunk)), true);
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
}
