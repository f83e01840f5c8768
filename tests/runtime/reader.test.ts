/**
 * The runtime reader against the embedded vault over HTTP: the domain → shared fallback, the TTL
 * cache (hits counted at the proxy), invalidation, the batch warm-up, and "missing" (null) versus
 * every kind of failure (a typed SecretReaderError).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { SecretReaderError } from '../../src/runtime/index';
import {
  ManualClock,
  answerWith,
  createEmpty,
  put,
  readerFor,
  rejectionOf,
  scheduleDeletion,
  secretId,
  servedVault,
  type ServedVault,
} from './helpers';

const ORG = 'acme-corp';

describe('the domain → shared fallback', () => {
  let served: ServedVault;
  beforeAll(async () => {
    served = await servedVault();
    await put(served.admin, secretId(ORG, 'shared', 'openai_api_key'), 'fallback-shared-openai');
    await put(served.admin, secretId(ORG, 'card-services', 'openai_api_key'), 'fallback-card-openai');
    await put(served.admin, secretId(ORG, 'shared', 'anthropic_api_key'), 'fallback-shared-anthropic');
    await put(served.admin, secretId(ORG, 'shared', 'github_token'), 'fallback-shared-github');
    await put(served.admin, secretId(ORG, 'doomed', 'github_token'), 'fallback-doomed-github');
    await scheduleDeletion(served.admin, secretId(ORG, 'doomed', 'github_token'));
    await createEmpty(served.admin, secretId(ORG, 'empty', 'github_token'));
  });

  it("reads the domain's own secret when it has one", async () => {
    const reader = readerFor(served);
    expect(await reader.getSecret({ orgId: ORG, domainId: 'card-services', secretName: 'openai_api_key' })).toBe('fallback-card-openai');
    expect(await reader.getLlmApiKey(ORG, 'openai', 'card-services')).toBe('fallback-card-openai');
  });

  it("falls back to the org's shared secret when the domain has none", async () => {
    const reader = readerFor(served);
    expect(await reader.getSecret({ orgId: ORG, domainId: 'card-services', secretName: 'anthropic_api_key' })).toBe('fallback-shared-anthropic');
    expect(await reader.getLlmApiKey(ORG, 'Anthropic', 'card-services')).toBe('fallback-shared-anthropic');
    expect(await reader.getLlmApiKey(ORG, 'openai')).toBe('fallback-shared-openai');
  });

  it('a domain secret without a current value falls back too, as the status shows it inherited', async () => {
    expect(await readerFor(served).getSecret({ orgId: ORG, domainId: 'empty', secretName: 'github_token' })).toBe('fallback-shared-github');
  });

  it('a domain secret scheduled for deletion is null, not replaced by the shared key (status: scheduled for deletion)', async () => {
    expect(await readerFor(served).getSecret({ orgId: ORG, domainId: 'doomed', secretName: 'github_token' })).toBeNull();
  });

  it('neither → null; hasSecret says the same', async () => {
    const reader = readerFor(served);
    expect(await reader.getSecret({ orgId: ORG, domainId: 'card-services', secretName: 'deepgram_api_key' })).toBeNull();
    expect(await reader.getLlmApiKey('other-org', 'openai', 'card-services')).toBeNull();
    expect(await reader.hasSecret({ orgId: ORG, domainId: 'card-services', secretName: 'deepgram_api_key' })).toBe(false);
    expect(await reader.hasSecret({ orgId: ORG, domainId: 'card-services', secretName: 'anthropic_api_key' })).toBe(true);
    expect(await reader.hasSecret({ orgId: ORG, domainId: 'doomed', secretName: 'github_token' })).toBe(false);
  });

  it('the shared domain itself never falls back anywhere', async () => {
    expect(await readerFor(served).getSecret({ orgId: ORG, secretName: 'openai_api_key' })).toBe('fallback-shared-openai');
    expect(await readerFor(served).getSecret({ orgId: ORG, domainId: 'shared', secretName: 'deepgram_api_key' })).toBeNull();
  });

  it('refuses ids the app could not have written, without repeating them', async () => {
    const reader = readerFor(served);
    for (const ref of [
      { orgId: 'Acme', secretName: 'openai_api_key' },
      { orgId: ORG, secretName: 'a/b' },
      { orgId: ORG, domainId: '..', secretName: 'openai_api_key' },
      { orgId: 'аcme', secretName: 'openai_api_key' }, // Cyrillic а
    ]) {
      const error = await rejectionOf(reader.getSecret(ref));
      expect(error).toBeInstanceOf(SecretReaderError);
      expect((error as SecretReaderError).code).toBe('INVALID_INPUT');
    }
    expect(((await rejectionOf(reader.getLlmApiKey(ORG, 'Open AI!'))) as SecretReaderError).code).toBe('INVALID_INPUT');
    expect(served.proxy.count()).toBeGreaterThan(0); // the earlier tests did reach the backend
  });
});

describe('the cache', () => {
  let served: ServedVault;
  beforeAll(async () => {
    served = await servedVault();
    await put(served.admin, secretId(ORG, 'shared', 'openai_api_key'), 'cache-v1');
    await put(served.admin, secretId('globex', 'shared', 'openai_api_key'), 'cache-globex-v1');
  });

  it('answers a repeated read from memory (one request), and a fallback read costs two the first time only', async () => {
    const reader = readerFor(served);
    const before = served.proxy.count('GetSecretValue');
    expect(await reader.getLlmApiKey(ORG, 'openai', 'card-services')).toBe('cache-v1');
    expect(served.proxy.count('GetSecretValue') - before).toBe(2); // card-services (missing), then shared
    for (let n = 0; n < 5; n++) expect(await reader.getLlmApiKey(ORG, 'openai', 'card-services')).toBe('cache-v1');
    expect(await reader.getLlmApiKey(ORG, 'openai')).toBe('cache-v1');
    expect(served.proxy.count('GetSecretValue') - before).toBe(2);
  });

  it('shares one request between concurrent reads of the same secret', async () => {
    const reader = readerFor(served);
    const before = served.proxy.count('GetSecretValue');
    const values = await Promise.all(Array.from({ length: 10 }, () => reader.getLlmApiKey(ORG, 'openai')));
    expect(new Set(values)).toEqual(new Set(['cache-v1']));
    expect(served.proxy.count('GetSecretValue') - before).toBe(1);
  });

  it('reads again once cacheTtlMs has passed (injectable clock), and sees a rotated value then', async () => {
    const clock = new ManualClock();
    const reader = readerFor(served, { clock: clock.read, cacheTtlMs: 60_000 });
    expect(await reader.getSecret({ orgId: 'globex', secretName: 'openai_api_key' })).toBe('cache-globex-v1');
    await put(served.admin, secretId('globex', 'shared', 'openai_api_key'), 'cache-globex-v2');
    const before = served.proxy.count('GetSecretValue');
    clock.advance(59_999);
    expect(await reader.getSecret({ orgId: 'globex', secretName: 'openai_api_key' })).toBe('cache-globex-v1');
    expect(served.proxy.count('GetSecretValue')).toBe(before);
    clock.advance(1);
    expect(await reader.getSecret({ orgId: 'globex', secretName: 'openai_api_key' })).toBe('cache-globex-v2');
    expect(served.proxy.count('GetSecretValue')).toBe(before + 1);
  });

  it('remembers a miss only briefly (missTtlMs), so a key added by an admin shows up soon', async () => {
    const clock = new ManualClock();
    const reader = readerFor(served, { clock: clock.read, cacheTtlMs: 300_000, missTtlMs: 10_000 });
    expect(await reader.getSecret({ orgId: 'initech', secretName: 'openai_api_key' })).toBeNull();
    await put(served.admin, secretId('initech', 'shared', 'openai_api_key'), 'cache-initech');
    const before = served.proxy.count('GetSecretValue');
    expect(await reader.getSecret({ orgId: 'initech', secretName: 'openai_api_key' })).toBeNull();
    expect(served.proxy.count('GetSecretValue')).toBe(before);
    clock.advance(10_000);
    expect(await reader.getSecret({ orgId: 'initech', secretName: 'openai_api_key' })).toBe('cache-initech');
  });

  it('cacheTtlMs 0 turns the cache off', async () => {
    const reader = readerFor(served, { cacheTtlMs: 0 });
    const before = served.proxy.count('GetSecretValue');
    await reader.getSecret({ orgId: ORG, secretName: 'openai_api_key' });
    await reader.getSecret({ orgId: ORG, secretName: 'openai_api_key' });
    expect(served.proxy.count('GetSecretValue') - before).toBe(2);
  });

  it('invalidate(org) forgets that org only; invalidate() forgets everything', async () => {
    const reader = readerFor(served);
    await reader.getSecret({ orgId: ORG, secretName: 'openai_api_key' });
    await reader.getSecret({ orgId: 'globex', secretName: 'openai_api_key' });
    await put(served.admin, secretId(ORG, 'shared', 'openai_api_key'), 'cache-v2');
    let before = served.proxy.count('GetSecretValue');
    reader.invalidate(ORG);
    expect(await reader.getSecret({ orgId: ORG, secretName: 'openai_api_key' })).toBe('cache-v2');
    await reader.getSecret({ orgId: 'globex', secretName: 'openai_api_key' });
    expect(served.proxy.count('GetSecretValue') - before).toBe(1);
    before = served.proxy.count('GetSecretValue');
    reader.invalidate();
    await reader.getSecret({ orgId: ORG, secretName: 'openai_api_key' });
    await reader.getSecret({ orgId: 'globex', secretName: 'openai_api_key' });
    expect(served.proxy.count('GetSecretValue') - before).toBe(2);
  });

  it('an answer in flight when invalidate() is called is not kept', async () => {
    const reader = readerFor(served);
    const pending = reader.getSecret({ orgId: ORG, secretName: 'openai_api_key' });
    reader.invalidate();
    await pending;
    const before = served.proxy.count('GetSecretValue');
    await reader.getSecret({ orgId: ORG, secretName: 'openai_api_key' });
    expect(served.proxy.count('GetSecretValue') - before).toBe(1);
  });
});

describe('warm(org): the batch warm-up', () => {
  let served: ServedVault;
  beforeAll(async () => {
    served = await servedVault();
    for (const name of ['openai_api_key', 'anthropic_api_key', 'deepgram_api_key', 'elevenlabs_api_key', 'github_token']) {
      await put(served.admin, secretId(ORG, 'shared', name), `warm-${name}`);
    }
    await put(served.admin, secretId(ORG, 'card-services', 'openai_api_key'), 'warm-card-openai');
    await put(served.admin, secretId('acme', 'shared', 'openai_api_key'), 'warm-acme-not-acme-corp');
    for (let n = 0; n < 25; n++) await put(served.admin, secretId('bigorg', 'shared', `key_${n}`), `warm-big-${n}`);
  });

  it("loads an org's keys in one BatchGetSecretValue; the reads that follow make no request", async () => {
    const reader = readerFor(served);
    const batches = served.proxy.count('BatchGetSecretValue');
    const result = await reader.warm(ORG);
    expect(result).toEqual({ loaded: 6, requests: 1 });
    expect(served.proxy.count('BatchGetSecretValue') - batches).toBe(1);
    const gets = served.proxy.count('GetSecretValue');
    expect(await reader.getLlmApiKey(ORG, 'openai', 'card-services')).toBe('warm-card-openai');
    expect(await reader.getLlmApiKey(ORG, 'anthropic')).toBe('warm-anthropic_api_key');
    expect(await reader.getSecret({ orgId: ORG, secretName: 'github_token' })).toBe('warm-github_token');
    expect(served.proxy.count('GetSecretValue')).toBe(gets);
    // The org prefix ends with "/": acme-corp's warm-up did not load org "acme".
    await reader.getSecret({ orgId: 'acme', secretName: 'openai_api_key' });
    expect(served.proxy.count('GetSecretValue')).toBe(gets + 1);
  });

  it('pages through an org of more than 20 keys', async () => {
    const reader = readerFor(served);
    expect(await reader.warm('bigorg')).toEqual({ loaded: 25, requests: 2 });
  });

  it('falls back quietly where the backend has no BatchGetSecretValue, and reads one at a time', async () => {
    served.intercept(answerWith('BatchGetSecretValue', 'UnknownOperationException', 'The operation BatchGetSecretValue is not supported.'));
    try {
      const reader = readerFor(served);
      expect(await reader.warm(ORG)).toEqual({ loaded: 0, requests: 0, fallback: 'unsupported' });
      // Not asked again for this reader's lifetime.
      const batches = served.proxy.count('BatchGetSecretValue');
      expect(await reader.warm(ORG)).toEqual({ loaded: 0, requests: 0, fallback: 'unsupported' });
      expect(served.proxy.count('BatchGetSecretValue')).toBe(batches);
      expect(await reader.getLlmApiKey(ORG, 'openai')).toBe('warm-openai_api_key');
    } finally {
      served.intercept(undefined);
    }
  });

  it('falls back quietly when the identity may not batch (GetSecretValue only)', async () => {
    served.intercept(answerWith('BatchGetSecretValue', 'AccessDeniedException'));
    try {
      const reader = readerFor(served);
      expect(await reader.warm(ORG)).toEqual({ loaded: 0, requests: 1, fallback: 'denied' });
      expect(await reader.getLlmApiKey(ORG, 'openai')).toBe('warm-openai_api_key');
    } finally {
      served.intercept(undefined);
    }
  });

  it("invalidate(another org) during warm(org) keeps the org's values, and warm() reports them", async () => {
    const reader = readerFor(served);
    const warming = reader.warm(ORG);
    reader.invalidate('globex'); // while the batch is in flight
    expect(await warming).toEqual({ loaded: 6, requests: 1 });
    const gets = served.proxy.count('GetSecretValue');
    expect(await reader.getLlmApiKey(ORG, 'openai', 'card-services')).toBe('warm-card-openai');
    expect(await reader.getSecret({ orgId: ORG, secretName: 'github_token' })).toBe('warm-github_token');
    expect(served.proxy.count('GetSecretValue')).toBe(gets);
  });

  it('invalidate(org) during warm(org): nothing of the batch is kept, and warm() says loaded 0', async () => {
    for (const invalidate of [(reader: ReturnType<typeof readerFor>) => reader.invalidate(ORG), (reader: ReturnType<typeof readerFor>) => reader.invalidate()]) {
      const reader = readerFor(served);
      const warming = reader.warm(ORG);
      invalidate(reader);
      expect(await warming).toEqual({ loaded: 0, requests: 1 });
      const gets = served.proxy.count('GetSecretValue');
      expect(await reader.getSecret({ orgId: ORG, secretName: 'github_token' })).toBe('warm-github_token');
      expect(served.proxy.count('GetSecretValue')).toBe(gets + 1);
    }
  });

  it("invalidate(another org) while a read of org is in flight keeps that read's answer", async () => {
    const reader = readerFor(served);
    const pending = reader.getSecret({ orgId: ORG, secretName: 'github_token' });
    reader.invalidate('globex');
    expect(await pending).toBe('warm-github_token');
    const gets = served.proxy.count('GetSecretValue');
    expect(await reader.getSecret({ orgId: ORG, secretName: 'github_token' })).toBe('warm-github_token');
    expect(served.proxy.count('GetSecretValue')).toBe(gets);
  });

  it('throws when the backend is unreachable (the setting is wrong, not the batch)', async () => {
    const reader = readerFor(served, { endpoint: 'http://127.0.0.1:9', maxAttempts: 1 });
    const error = await rejectionOf(reader.warm(ORG));
    expect((error as SecretReaderError).code).toBe('UNREACHABLE');
  });
});

describe('missing is null; everything else is a typed error', () => {
  let served: ServedVault;
  beforeAll(async () => {
    served = await servedVault();
    await put(served.admin, secretId(ORG, 'shared', 'openai_api_key'), 'errors-openai');
  });

  const ref = { orgId: ORG, secretName: 'openai_api_key' };

  it('a closed port → UNREACHABLE (after the SDK standard retries)', async () => {
    const reader = readerFor(served, { endpoint: 'http://127.0.0.1:9' });
    const error = (await rejectionOf(reader.getSecret(ref))) as SecretReaderError;
    expect(error).toBeInstanceOf(SecretReaderError);
    expect(error.code).toBe('UNREACHABLE');
    expect(error.networkCode).toBe('ECONNREFUSED');
    expect(error.secretId).toBe(secretId(ORG, 'shared', 'openai_api_key'));
    expect(error.message).toContain('http://127.0.0.1:9');
  });

  it("wrong credentials → ACCESS_DENIED (the vault's own SigV4 check)", async () => {
    const reader = readerFor(served, { endpoint: served.direct, credentials: { accessKeyId: 'test', secretAccessKey: 'not-test' } });
    const error = (await rejectionOf(reader.getSecret(ref))) as SecretReaderError;
    expect(error.code).toBe('ACCESS_DENIED');
    expect(error.awsError).toBe('InvalidSignatureException');
  });

  it.each([
    ['AccessDeniedException', 'ACCESS_DENIED'],
    ['ExpiredTokenException', 'EXPIRED_CREDENTIALS'],
    ['ThrottlingException', 'THROTTLED'],
    ['DecryptionFailure', 'BACKEND'],
    ['InternalServiceError', 'BACKEND'],
    ['InvalidRequestException', 'BACKEND'],
  ])('%s → %s', async (type, code) => {
    served.intercept(answerWith('GetSecretValue', type));
    try {
      const error = (await rejectionOf(readerFor(served, { maxAttempts: 1 }).getSecret(ref))) as SecretReaderError;
      expect(error).toBeInstanceOf(SecretReaderError);
      expect(error.code).toBe(code);
      expect(error.awsError).toBe(type);
      // A server's own message is never copied.
      expect(error.message).not.toContain('answered by the test proxy');
    } finally {
      served.intercept(undefined);
    }
  });

  it('throttling is retried by the SDK (standard mode) before it becomes THROTTLED', async () => {
    let seen = 0;
    served.intercept((request) => (request.operation === 'GetSecretValue' && ++seen === 1 ? { status: 400, body: { __type: 'ThrottlingException', message: 'Rate exceeded' } } : undefined));
    try {
      expect(await readerFor(served).getSecret(ref)).toBe('errors-openai');
      expect(seen).toBe(2);
    } finally {
      served.intercept(undefined);
    }
  });

  it('a failure is not cached: the next read tries again', async () => {
    served.intercept(answerWith('GetSecretValue', 'InternalServiceError'));
    const reader = readerFor(served, { maxAttempts: 1 });
    await rejectionOf(reader.getSecret(ref));
    served.intercept(undefined);
    expect(await reader.getSecret(ref)).toBe('errors-openai');
  });
});
