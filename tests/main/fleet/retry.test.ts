/**
 * The retry policy of the app's clients (backends/client-factory.ts): throttling is retried well
 * past the SDK's default of 3 attempts; any other retryable failure is not, so an unreachable or
 * failing backend is still reported quickly.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import type { RetryErrorInfo, RetryStrategyV2, StandardRetryToken } from '@smithy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProxiedRequest, ProxyAnswer } from '../../../bench/latency-proxy';
import { MAX_ATTEMPTS, THROTTLED_MAX_ATTEMPTS, createSecretsClient } from '../../../src/main/backends/client-factory';
import type { Profile } from '../../../src/shared/profiles';
import { envKeyProtector, openVault, type Vault } from '../../../src/main/vault/index';
import { startVault } from '../../vault/helpers';
import { proxied } from './helpers';

const answer = (type: string, status: number) => (): ProxyAnswer => ({ status, body: { __type: type, message: `${type} from the proxy` } });

describe('retries over HTTP', () => {
  let vault: Vault;
  beforeAll(async () => {
    ({ vault } = await startVault());
  });

  it('a throttled ListSecrets is retried past 3 attempts, then answers', async () => {
    const throttled = answer('ThrottlingException', 400);
    const { proxy, client } = await proxied(vault, { delayMs: 0, intercept: (request: ProxiedRequest) => (request.sequence <= 3 ? throttled() : undefined) });
    const page = await client.send(new ListSecretsCommand({ MaxResults: 1 }));
    expect(page.$metadata.attempts).toBe(4);
    expect(proxy.intercepted('ThrottlingException')).toBe(3);
  });

  it('any other retryable failure is tried 3 times in all, then reported', async () => {
    const { proxy, client } = await proxied(vault, { delayMs: 0, intercept: answer('InternalServiceError', 500) });
    const failure = (await client.send(new ListSecretsCommand({ MaxResults: 1 })).catch((error: unknown) => error)) as Error & { $metadata?: { attempts?: number } };
    expect(failure.name).toBe('InternalServiceError');
    expect(failure.$metadata?.attempts).toBe(MAX_ATTEMPTS);
    expect(proxy.count('ListSecrets')).toBe(MAX_ATTEMPTS);
  });
});

describe('the clients the factory builds', () => {
  let dataDir: string;
  let vault: Vault;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'foundry-retry-'));
    vault = await openVault({ dataDir, keyProtector: envKeyProtector('test-key-fleet-retry') });
  });
  afterAll(async () => {
    await vault.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('allow THROTTLED_MAX_ATTEMPTS for throttling and MAX_ATTEMPTS for anything else', async () => {
    const profile: Profile = { kind: 'embedded', id: 'embedded', name: 'Embedded vault', env: 'dev', readOnly: false };
    const client = await createSecretsClient(profile, { getVault: async () => vault });
    expect(await client.config.maxAttempts()).toBe(THROTTLED_MAX_ATTEMPTS);
    const strategy = (await client.config.retryStrategy()) as RetryStrategyV2;
    expect(await client.config.retryStrategy()).toBe(strategy); // one strategy per client: its quota is shared
    const token = (retries: number): StandardRetryToken => ({ getRetryCount: () => retries, getRetryDelay: () => 0, getRetryCost: () => 0 }) as unknown as StandardRetryToken;
    const transient: RetryErrorInfo = { errorType: 'TRANSIENT' };
    await expect(strategy.refreshRetryTokenForRetry(token(MAX_ATTEMPTS - 1), transient)).rejects.toThrow(/No retry token/);
    await expect(strategy.refreshRetryTokenForRetry(token(THROTTLED_MAX_ATTEMPTS - 1), { errorType: 'THROTTLING' })).rejects.toThrow(/No retry token/);
    expect((await strategy.acquireInitialRetryToken('')).getRetryCount()).toBe(0);
    client.destroy();
  });
});
