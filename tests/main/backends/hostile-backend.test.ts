/**
 * A hostile backend cannot exhaust main: the bytes read from it are capped as they stream in
 * (chunked answers included), and every call has a deadline over the whole answer, with the SDK's
 * retries left as they are. The real SDK and the app's client factory, against a fake hostile
 * server (tests/fakes/fake-hostile-backend.ts).
 */
import { ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import type { Profile } from '../../../src/shared/profiles';
import { MAX_RESPONSE_BYTES } from '../../../src/shared/node/bounded-http-handler';
import { createSecretsClient, testConnection } from '../../../src/main/backends/client-factory';
import { checkLocalStackHealth } from '../../../src/main/backends/localstack';
import { toAppError } from '../../../src/main/backends/sdk-errors';
import { hostileBackendPerTest } from '../../fakes/fake-hostile-backend';
import { rejectionOf } from '../../vault/helpers';

const localstack = (endpoint: string): Profile => ({ kind: 'localstack', id: 'local', name: 'LocalStack', env: 'dev', readOnly: false, endpoint, region: 'us-east-1' });
const noVault = { getVault: () => Promise.reject(new Error('unused')) };
const MiB = 1024 * 1024;

const hostile = hostileBackendPerTest();


describe('bytes read from a backend are capped as they arrive', () => {
  it('a chunked, endless /_localstack/health answer is cut off past 256 KiB (no Content-Length to trust)', async () => {
    const backend = await hostile.start('endless-health', { maxBytes: 64 * MiB });
    const health = await checkLocalStackHealth(backend.endpoint, { timeoutMs: 10_000 });
    expect(health).toMatchObject({ reachable: true, ready: false });
    expect(health.error?.code).toBe('UNREACHABLE');
    expect(health.detail).toMatch(/more than 256 KiB/);
    // Socket buffers let the server write ahead of what was read, but nowhere near the whole flood.
    expect(backend.bytesWritten()).toBeLessThan(16 * MiB);
  }, 30_000);

  it('testConnection reports such an endpoint as not LocalStack, without calling Secrets Manager', async () => {
    const backend = await hostile.start('endless-health', { maxBytes: 64 * MiB });
    const report = await testConnection(localstack(backend.endpoint), noVault);
    expect(report.ok).toBe(false);
    expect(report.error?.code).toBe('UNREACHABLE');
    expect(backend.requests).toEqual(['GET /_localstack/health']);
  }, 30_000);

  it('an endless chunked answer to an SDK call is cut off past the cap, not retried, and reported as UNREACHABLE', async () => {
    const backend = await hostile.start('endless-body', { maxBytes: 128 * MiB });
    const profile = localstack(backend.endpoint);
    const client = await createSecretsClient(profile, noVault);
    try {
      const failure = await rejectionOf(client.send(new ListSecretsCommand({})));
      const mapped = toAppError(failure, { profile });
      expect(mapped.code).toBe('UNREACHABLE');
      expect(mapped.message).toContain(`more than ${MAX_RESPONSE_BYTES / MiB} MiB`);
      expect(mapped.message).toContain(backend.endpoint);
      expect(mapped.details?.limitBytes).toBe(MAX_RESPONSE_BYTES);
    } finally {
      client.destroy();
    }
    expect(backend.requests).toEqual(['secretsmanager.ListSecrets']);
    expect(backend.bytesWritten()).toBeLessThan(MAX_RESPONSE_BYTES + 16 * MiB);
  }, 30_000);
});

describe('every backend call has a deadline over the whole answer; the SDK retries stay', () => {
  const timeouts = { connectionMs: 500, requestMs: 700 };

  it('answer headers, then a body that never comes: UNREACHABLE (timeout) after 3 attempts, within the bound', async () => {
    const backend = await hostile.start('headers-then-silence');
    const profile = localstack(backend.endpoint);
    const client = await createSecretsClient(profile, { ...noVault, timeouts });
    const started = performance.now();
    try {
      const failure = await rejectionOf(client.send(new ListSecretsCommand({})));
      const elapsed = performance.now() - started;
      const mapped = toAppError(failure, { profile });
      expect(mapped.code).toBe('UNREACHABLE');
      expect(mapped.details?.networkError).toMatch(/timeout|ETIMEDOUT/);
      // 3 attempts of 700 ms and the SDK's backoff between them; generous for a loaded machine.
      expect(elapsed).toBeLessThan(3 * 700 + 6_000);
    } finally {
      client.destroy();
    }
    expect(backend.requests).toEqual(['secretsmanager.ListSecrets', 'secretsmanager.ListSecrets', 'secretsmanager.ListSecrets']);
  }, 20_000);

  it('a backend that accepts and never answers: UNREACHABLE (timeout) after 3 attempts, within the bound', async () => {
    const backend = await hostile.start('silent');
    const profile = localstack(backend.endpoint);
    const client = await createSecretsClient(profile, { ...noVault, timeouts });
    const started = performance.now();
    try {
      const failure = await rejectionOf(client.send(new ListSecretsCommand({})));
      expect(performance.now() - started).toBeLessThan(3 * 700 + 6_000);
      expect(toAppError(failure, { profile }).code).toBe('UNREACHABLE');
    } finally {
      client.destroy();
    }
    expect(backend.requests).toHaveLength(3);
  }, 20_000);

  it('testConnection against a backend that never finishes its answer fails as UNREACHABLE instead of hanging', async () => {
    const backend = await hostile.start('headers-then-silence');
    const report = await testConnection(localstack(backend.endpoint), { ...noVault, timeouts });
    expect(report.ok).toBe(false);
    expect(report.error?.code).toBe('UNREACHABLE');
  }, 20_000);
});
