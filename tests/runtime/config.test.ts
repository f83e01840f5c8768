/**
 * Configuration from the environment, as the source design reads it, and every option. The AWS
 * case is asserted on the settled configuration: nothing here calls AWS.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveLocalStackEndpoint } from '../../src/main/backends/localstack';
import { createSecretReader, resolveReaderConfig, SecretReaderError, type SecretReaderOptions } from '../../src/runtime/index';
import { localStackEndpointFrom } from '../../src/runtime/config';
import { put, readerFor, rejectionOf, secretId, servedVault, type ServedVault } from './helpers';

function configError(options: SecretReaderOptions): SecretReaderError {
  try {
    resolveReaderConfig(options);
  } catch (error) {
    expect(error).toBeInstanceOf(SecretReaderError);
    expect((error as SecretReaderError).code).toBe('INVALID_CONFIG');
    return error as SecretReaderError;
  }
  throw new Error('expected INVALID_CONFIG');
}

describe('configuration from the environment', () => {
  it('ENVIRONMENT=production → AWS Secrets Manager, the default credential chain, AWS_REGION, ids under prod', () => {
    const environment = { ENVIRONMENT: 'production', AWS_REGION: 'eu-west-1', LOCALSTACK_ENDPOINT: 'http://localstack:4566' };
    const expected = {
      backend: 'aws',
      env: 'prod',
      endpoint: undefined,
      region: 'eu-west-1',
      credentialsFrom: 'default-chain',
      cacheTtlMs: 300_000,
      missTtlMs: 30_000,
      maxAttempts: 3,
      connectTimeoutMs: 3_000,
      requestTimeoutMs: 10_000,
    };
    expect(resolveReaderConfig({ environment })).toEqual(expected);
    // Creating the reader calls nothing; its settled configuration is the same.
    const reader = createSecretReader({ environment });
    expect(reader.config).toEqual(expected);
    reader.close();
    expect(resolveReaderConfig({ environment: { ENVIRONMENT: ' Production ', AWS_DEFAULT_REGION: 'ap-south-1' } }).region).toBe('ap-south-1');
  });

  it('ENVIRONMENT=production without a region is refused, naming AWS_REGION', () => {
    const error = configError({ environment: { ENVIRONMENT: 'production' } });
    expect(error.setting).toBe('AWS_REGION');
    expect(error.message).toContain('AWS_REGION');
  });

  it('otherwise → LocalStack at http://localhost:4566 with test/test, us-east-1, ids under dev', () => {
    expect(resolveReaderConfig({ environment: {} })).toMatchObject({
      backend: 'localstack',
      env: 'dev',
      endpoint: 'http://localhost:4566',
      region: 'us-east-1',
      credentialsFrom: 'localstack',
    });
    expect(resolveReaderConfig({ environment: { ENVIRONMENT: 'development', AWS_REGION: 'eu-central-1' } })).toMatchObject({ backend: 'localstack', env: 'dev', region: 'eu-central-1' });
    expect(resolveReaderConfig({ environment: { ENVIRONMENT: 'staging' } })).toMatchObject({ backend: 'localstack', env: 'staging' });
  });

  it('LOCALSTACK_ENDPOINT, else SVC_LOCALSTACK_HOST:4566', () => {
    expect(resolveReaderConfig({ environment: { LOCALSTACK_ENDPOINT: 'http://localstack:4566/', SVC_LOCALSTACK_HOST: 'other' } }).endpoint).toBe('http://localstack:4566');
    expect(resolveReaderConfig({ environment: { SVC_LOCALSTACK_HOST: 'localstack' } }).endpoint).toBe('http://localstack:4566');
    expect(resolveReaderConfig({ environment: { SVC_LOCALSTACK_HOST: 'localstack:4567' } }).endpoint).toBe('http://localstack:4567');
  });

  it("resolves LocalStack's endpoint exactly as the app does (resolveLocalStackEndpoint)", () => {
    const cases: Record<string, string | undefined>[] = [
      {},
      { LOCALSTACK_ENDPOINT: 'http://localstack:4566' },
      { LOCALSTACK_ENDPOINT: ' https://ls.internal:443/path/ ' },
      { SVC_LOCALSTACK_HOST: 'localstack' },
      { SVC_LOCALSTACK_HOST: 'localstack:1234' },
      { SVC_LOCALSTACK_HOST: '[::1]' },
      { SVC_LOCALSTACK_HOST: '[::1]:4510' },
      { SVC_LOCALSTACK_HOST: 'http://svc:4566' },
      { LOCALSTACK_ENDPOINT: '', SVC_LOCALSTACK_HOST: 'fallback' },
      { LOCALSTACK_ENDPOINT: 'ftp://x' },
      { LOCALSTACK_ENDPOINT: 'not a url' },
      { LOCALSTACK_ENDPOINT: 'http://user:pw@host:4566' },
    ];
    for (const environment of cases) {
      const app = (() => {
        try {
          return resolveLocalStackEndpoint(environment);
        } catch {
          return 'refused';
        }
      })();
      const runtime = (() => {
        try {
          return localStackEndpointFrom(environment);
        } catch {
          return 'refused';
        }
      })();
      expect(runtime, JSON.stringify(environment)).toBe(app);
    }
  });

  it('validates ENVIRONMENT and the other variables, without repeating what they hold', () => {
    const error = configError({ environment: { ENVIRONMENT: 'sk-live-pasted-by-mistake' } });
    expect(error.setting).toBe('ENVIRONMENT');
    expect(error.message).not.toContain('sk-live');
    expect(configError({ environment: { AWS_REGION: 'Europe' } }).setting).toBe('AWS_REGION');
    expect(configError({ environment: { LOCALSTACK_ENDPOINT: 'localstack:4566' } }).setting).toBe('LOCALSTACK_ENDPOINT');
  });
});

describe('every option overrides the environment', () => {
  it('env, backend, endpoint, region, credentials, cacheTtlMs, missTtlMs, maxAttempts, timeouts', () => {
    const environment = { ENVIRONMENT: 'production', AWS_REGION: 'eu-west-1' };
    expect(
      resolveReaderConfig({
        environment,
        env: 'staging',
        backend: 'localstack',
        endpoint: 'http://127.0.0.1:4566',
        region: 'us-west-2',
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example' },
        cacheTtlMs: 1_000,
        missTtlMs: 500,
        maxAttempts: 5,
        connectTimeoutMs: 100,
        requestTimeoutMs: 200,
      }),
    ).toEqual({
      backend: 'localstack',
      env: 'staging',
      endpoint: 'http://127.0.0.1:4566',
      region: 'us-west-2',
      credentialsFrom: 'option',
      cacheTtlMs: 1_000,
      missTtlMs: 500,
      maxAttempts: 5,
      connectTimeoutMs: 100,
      requestTimeoutMs: 200,
    });
    // backend aws with an endpoint: e.g. a VPC endpoint; credentials still from the default chain.
    expect(resolveReaderConfig({ environment: {}, backend: 'aws', region: 'us-east-1', endpoint: 'https://vpce.example:8443' })).toMatchObject({
      backend: 'aws',
      endpoint: 'https://vpce.example:8443',
      credentialsFrom: 'default-chain',
    });
    // A short value TTL caps the miss TTL.
    expect(resolveReaderConfig({ environment: {}, cacheTtlMs: 5_000 }).missTtlMs).toBe(5_000);
  });

  it('refuses unusable options by name', () => {
    expect(configError({ environment: {}, env: 'production' as never }).setting).toBe('env');
    expect(configError({ environment: {}, backend: 'vault' as never }).setting).toBe('backend');
    expect(configError({ environment: {}, endpoint: 'localhost' }).setting).toBe('endpoint');
    expect(configError({ environment: {}, region: 'moon-1' }).setting).toBe('region');
    expect(configError({ environment: {}, cacheTtlMs: -1 }).setting).toBe('cacheTtlMs');
    expect(configError({ environment: {}, missTtlMs: 1.5 }).setting).toBe('missTtlMs');
    expect(configError({ environment: {}, maxAttempts: 0 }).setting).toBe('maxAttempts');
  });
});

describe('the options take effect against the served vault', () => {
  let served: ServedVault;
  beforeAll(async () => {
    served = await servedVault();
    await put(served.admin, secretId('acme-corp', 'shared', 'openai_api_key'), 'options-dev');
    await put(served.admin, secretId('acme-corp', 'shared', 'openai_api_key', 'staging'), 'options-staging');
  });

  it('reads LOCALSTACK_ENDPOINT / SVC_LOCALSTACK_HOST from `environment` with test/test', async () => {
    const viaEndpoint = createSecretReader({ environment: { LOCALSTACK_ENDPOINT: served.proxy.endpoint } });
    const viaHost = createSecretReader({ environment: { SVC_LOCALSTACK_HOST: new URL(served.proxy.endpoint).host } });
    try {
      expect(await viaEndpoint.getLlmApiKey('acme-corp', 'openai')).toBe('options-dev');
      expect(await viaHost.getLlmApiKey('acme-corp', 'openai')).toBe('options-dev');
    } finally {
      viaEndpoint.close();
      viaHost.close();
    }
  });

  it('env: names the ids under that env', async () => {
    expect(await readerFor(served, { env: 'staging' }).getLlmApiKey('acme-corp', 'openai')).toBe('options-staging');
    expect(await readerFor(served, { environment: { ENVIRONMENT: 'staging' }, endpoint: served.proxy.endpoint }).getLlmApiKey('acme-corp', 'openai')).toBe('options-staging');
  });

  it('region: signs for it (the vault refuses a signature scoped to another region)', async () => {
    expect(await readerFor(served, { region: 'us-east-1' }).getLlmApiKey('acme-corp', 'openai')).toBe('options-dev');
    const error = (await rejectionOf(readerFor(served, { region: 'eu-west-1', maxAttempts: 1 }).getLlmApiKey('acme-corp', 'openai'))) as SecretReaderError;
    expect(error.code).toBe('ACCESS_DENIED');
  });

  it('credentials: used instead of test/test (static, or a provider function)', async () => {
    const { vault } = served;
    const server = await vault.serve({ port: 0, credentials: { accessKeyId: 'AKIDRUNTIME', secretAccessKey: 'runtime-test-secret' } });
    try {
      const withThem = readerFor(served, { endpoint: server.endpoint, credentials: { accessKeyId: 'AKIDRUNTIME', secretAccessKey: 'runtime-test-secret' } });
      expect(await withThem.getLlmApiKey('acme-corp', 'openai')).toBe('options-dev');
      const provider = readerFor(served, { endpoint: server.endpoint, credentials: async () => ({ accessKeyId: 'AKIDRUNTIME', secretAccessKey: 'runtime-test-secret' }) });
      expect(await provider.getLlmApiKey('acme-corp', 'openai')).toBe('options-dev');
      const without = readerFor(served, { endpoint: server.endpoint, maxAttempts: 1 });
      expect(((await rejectionOf(without.getLlmApiKey('acme-corp', 'openai'))) as SecretReaderError).code).toBe('ACCESS_DENIED');
    } finally {
      await server.close();
    }
  });
});
