/**
 * The reader against backends that answer wrongly (issue 14, item 1): an endless or repeating
 * BatchGetSecretValue NextToken must end warm(), and a SecretString that is not text (a number, an
 * object) must become a BACKEND error — never a value of another type, never the value in a message.
 * Both backends are fakes: the real vault cannot be made to answer like this.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSecretReader, SecretReaderError, type SecretReader } from '../../src/runtime/index';
import { hostileBackendPerTest } from '../fakes/fake-hostile-backend';
import { startScriptedSecretsBackend, type ScriptedAnswer, type ScriptedSecretsBackend } from '../fakes/fake-scripted-secrets-backend';
import { rejectionOf, secretId } from './helpers';

const ORG = 'acme-corp';
/** A digit string the SDK would parse as a JSON number: the test looks for it in every message. */
const NUMBER_VALUE = 12345678901234;

const hostile = hostileBackendPerTest();
const opened: { reader?: SecretReader; backend?: ScriptedSecretsBackend }[] = [];
afterEach(async () => {
  for (const { reader, backend } of opened.splice(0)) {
    reader?.close();
    await backend?.close();
  }
});

function readerAt(endpoint: string): SecretReader {
  const reader = createSecretReader({ environment: {}, endpoint, maxAttempts: 1, requestTimeoutMs: 2_000 });
  opened.push({ reader });
  return reader;
}

async function scripted(answer: ScriptedAnswer): Promise<{ backend: ScriptedSecretsBackend; reader: SecretReader }> {
  const backend = await startScriptedSecretsBackend(answer);
  opened.push({ backend });
  return { backend, reader: readerAt(backend.endpoint) };
}

/** Resolves to what `promise` settles with, or 'still running' after `ms`. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | 'still running'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'still running'>((resolve) => {
    timer = setTimeout(() => resolve('still running'), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

describe('warm() ends whatever NextToken the backend answers', () => {
  it('a fresh NextToken on every empty page: stops at the page cap (50 pages = 1,000 keys) with fallback "failed"', async () => {
    const backend = await hostile.start('endless-tokens');
    const reader = readerAt(backend.endpoint);
    const result = await within(reader.warm(ORG), 5_000);
    expect(result).toEqual({ loaded: 0, requests: 50, fallback: 'failed' });
    expect(backend.requests.filter((target) => target === 'secretsmanager.BatchGetSecretValue')).toHaveLength(50);
  });

  it('a NextToken that comes back again: stops at once, keeps what it loaded, fallback "failed"', async () => {
    const { backend, reader } = await scripted((operation, input) => {
      if (operation !== 'BatchGetSecretValue') return undefined;
      const onFirstPage = input.NextToken === undefined;
      const name = secretId(ORG, 'shared', onFirstPage ? 'openai_api_key' : 'github_token');
      // Page 1 → token A, page 2 → token A again: a loop.
      return { SecretValues: [{ Name: name, SecretString: `looped-${onFirstPage ? 'one' : 'two'}` }], NextToken: 'token-a' };
    });
    const result = await within(reader.warm(ORG), 5_000);
    expect(result).toEqual({ loaded: 2, requests: 2, fallback: 'failed' });
    expect(backend.requests).toEqual(['BatchGetSecretValue', 'BatchGetSecretValue']);
    // What it loaded is served from the cache (the fake has no GetSecretValue to ask).
    expect(await reader.getLlmApiKey(ORG, 'openai')).toBe('looped-one');
    expect(await reader.getSecret({ orgId: ORG, secretName: 'github_token' })).toBe('looped-two');
  });
});

describe('a value that is not text is a BACKEND error, not a value', () => {
  for (const [label, odd] of [
    ['a number', NUMBER_VALUE],
    ['an object', { key: 'object-held-value' }],
    ['an array', ['array-held-value']],
    ['a boolean', true],
  ] as const) {
    it(`GetSecretValue answering ${label} as SecretString`, async () => {
      const { reader } = await scripted((operation, input) => (operation === 'GetSecretValue' ? { Name: input.SecretId, SecretString: odd } : undefined));
      const error = await rejectionOf(reader.getLlmApiKey(ORG, 'openai'));
      expect(error).toBeInstanceOf(SecretReaderError);
      expect(error).toMatchObject({ code: 'BACKEND', secretId: secretId(ORG, 'shared', 'openai_api_key') });
      const message = (error as Error).message;
      expect(message).toMatch(/answered a value that is not text/);
      expect(message).not.toContain(String(NUMBER_VALUE));
      expect(message).not.toContain('held-value');
      expect(JSON.stringify(error)).not.toMatch(/held-value|12345678901234/);
      // hasSecret is built on getSecret: it fails the same way rather than answering true.
      expect(await rejectionOf(reader.hasSecret({ orgId: ORG, secretName: 'openai_api_key' }))).toMatchObject({ code: 'BACKEND' });
    });
  }

  it('warm() does not cache such an entry (nor count it); the direct read that follows reports it', async () => {
    const { backend, reader } = await scripted((operation, input) => {
      if (operation === 'BatchGetSecretValue') {
        return {
          SecretValues: [
            { Name: secretId(ORG, 'shared', 'openai_api_key'), SecretString: NUMBER_VALUE },
            { Name: secretId(ORG, 'shared', 'anthropic_api_key'), SecretString: { key: 'object-held-value' } },
            { Name: 42, SecretString: 'not-a-name' },
            { Name: secretId(ORG, 'shared', 'github_token'), SecretString: 'batch-text' },
          ],
          Errors: [{ SecretId: 7, ErrorCode: 'ResourceNotFoundException' }],
        };
      }
      return operation === 'GetSecretValue' ? { Name: input.SecretId, SecretString: NUMBER_VALUE } : undefined;
    });
    expect(await reader.warm(ORG)).toEqual({ loaded: 1, requests: 1 });
    expect(await reader.getSecret({ orgId: ORG, secretName: 'github_token' })).toBe('batch-text');
    expect(backend.requests).toEqual(['BatchGetSecretValue']);
    expect(await rejectionOf(reader.getLlmApiKey(ORG, 'openai'))).toMatchObject({ code: 'BACKEND' });
    expect(backend.requests).toEqual(['BatchGetSecretValue', 'GetSecretValue']);
  });

  it('a page whose SecretValues is not a list ends warm() with fallback "failed", not a TypeError', async () => {
    const { reader } = await scripted((operation) => (operation === 'BatchGetSecretValue' ? { SecretValues: { Name: 'x' }, Errors: 'no' } : undefined));
    expect(await reader.warm(ORG)).toEqual({ loaded: 0, requests: 1, fallback: 'failed' });
  });
});
