/**
 * The canary: a stored value (and a value pasted where a name or a setting belongs) never appears
 * in anything the reader throws — message, stack, enumerable fields, JSON, util.inspect — nor in
 * its configuration or warm-up result, and the reader writes nothing to the console or stdio.
 */
import { inspect } from 'node:util';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSecretReader, resolveReaderConfig } from '../../src/runtime/index';
import { answerWith, put, readerFor, rejectionOf, secretId, servedVault, watchOutput, type ServedVault } from './helpers';

const CANARY = 'sk-CANARY-7f3a9c1e5b2d4068';
const ORG = 'canary-org';

/** Every way a backend might print or ship what it caught. */
function renderings(thrown: unknown): string[] {
  const error = thrown as Error & Record<string, unknown>;
  return [
    String(error),
    error.message,
    error.stack ?? '',
    JSON.stringify(error),
    JSON.stringify(Object.entries(error)),
    inspect(error, { depth: 8, showHidden: true }),
    ...Object.values(error).map((field) => inspect(field, { depth: 8 })),
  ];
}

function expectClean(thrown: unknown): void {
  for (const text of renderings(thrown)) {
    expect(text).not.toContain(CANARY);
    expect(text).not.toContain(CANARY.slice(3, 15));
  }
}

describe('no value in anything the reader throws or shows', () => {
  let served: ServedVault;
  const writes: string[] = [];

  beforeAll(async () => {
    served = await servedVault();
    await put(served.admin, secretId(ORG, 'shared', 'openai_api_key'), CANARY);
  });

  afterEach(() => {
    served.intercept(undefined);
    vi.restoreAllMocks();
  });

  it('the value is really there (the canary can be found)', async () => {
    expect(await readerFor(served).getLlmApiKey(ORG, 'openai')).toBe(CANARY);
  });

  it('errors from the backend, even one that echoes the value in its message', async () => {
    const failures: unknown[] = [];
    watchOutput(writes);
    for (const type of ['AccessDeniedException', 'ExpiredTokenException', 'ThrottlingException', 'InternalServiceError', 'InvalidRequestException', 'DecryptionFailure']) {
      served.intercept(answerWith('GetSecretValue', type, `server said: ${CANARY}`));
      failures.push(await rejectionOf(readerFor(served, { maxAttempts: 1 }).getLlmApiKey(ORG, 'openai')));
    }
    // A read that succeeded first, then a failure: the cached value does not leak into the error.
    served.intercept(undefined);
    const reader = readerFor(served, { maxAttempts: 1, cacheTtlMs: 0 });
    expect(await reader.getLlmApiKey(ORG, 'openai')).toBe(CANARY);
    served.intercept(answerWith('GetSecretValue', 'AccessDeniedException', CANARY));
    failures.push(await rejectionOf(reader.getLlmApiKey(ORG, 'openai', 'card')));
    failures.push(await rejectionOf(readerFor(served, { endpoint: 'http://127.0.0.1:9', maxAttempts: 1 }).getLlmApiKey(ORG, 'openai')));
    failures.push(await rejectionOf(readerFor(served, { endpoint: served.direct, credentials: { accessKeyId: 'test', secretAccessKey: CANARY }, maxAttempts: 1 }).getLlmApiKey(ORG, 'openai')));
    expect(failures).toHaveLength(9);
    for (const failure of failures) expectClean(failure);
    vi.restoreAllMocks();
    expect(writes.join('\n')).not.toContain(CANARY);
    expect(writes).toEqual([]);
  });

  it('a value pasted where a name, a provider or a setting belongs', async () => {
    const reader = readerFor(served);
    const failures: unknown[] = [
      await rejectionOf(reader.getSecret({ orgId: CANARY, secretName: 'openai_api_key' })),
      await rejectionOf(reader.getSecret({ orgId: ORG, secretName: CANARY })),
      await rejectionOf(reader.getSecret({ orgId: ORG, domainId: CANARY, secretName: 'openai_api_key' })),
      await rejectionOf(reader.getLlmApiKey(ORG, CANARY)),
      await rejectionOf(reader.warm(CANARY)),
      await rejectionOf(Promise.resolve().then(() => reader.invalidate(CANARY))),
    ];
    for (const environment of [{ ENVIRONMENT: CANARY }, { AWS_REGION: CANARY }, { LOCALSTACK_ENDPOINT: CANARY }, { SVC_LOCALSTACK_HOST: `${CANARY}:x` }]) {
      failures.push(await rejectionOf(Promise.resolve().then(() => resolveReaderConfig({ environment }))));
    }
    failures.push(await rejectionOf(Promise.resolve().then(() => createSecretReader({ environment: {}, endpoint: CANARY }))));
    failures.push(await rejectionOf(Promise.resolve().then(() => createSecretReader({ environment: {}, region: CANARY }))));
    for (const failure of failures) expectClean(failure);
  });

  it("the reader's configuration and warm-up result hold no value and no credential", async () => {
    const reader = readerFor(served, { credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    const result = await reader.warm(ORG);
    expect(result.loaded).toBe(1);
    expect(JSON.stringify(result)).not.toContain(CANARY);
    expect(inspect(reader.config)).not.toContain('secretAccessKey');
    expect(JSON.stringify(reader.config)).not.toContain(CANARY);
  });
});
