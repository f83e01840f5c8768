/**
 * Configuration from the environment, as the source design reads it, and every option. The AWS
 * case is asserted on the settled configuration: nothing here calls AWS.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
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

  it('ENVIRONMENT=production without AWS_REGION / AWS_DEFAULT_REGION / `region`: the region is left to the AWS profile (looked up at the first read), not refused', () => {
    expect(resolveReaderConfig({ environment: { ENVIRONMENT: 'production' } })).toMatchObject({ backend: 'aws', env: 'prod', region: undefined });
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

  it('an unknown ENVIRONMENT (a typo) is refused when it would decide the backend or the env, saying what to do', () => {
    for (const options of [{}, { backend: 'aws' as const, region: 'us-east-1' }, { env: 'prod' as const }]) {
      const error = configError({ environment: { ENVIRONMENT: 'prodution' }, ...options });
      expect(error.setting).toBe('ENVIRONMENT');
      expect(error.message).toContain('production');
      expect(error.message).toContain('`backend` and `env`');
      expect(error.message).not.toContain('prodution');
    }
  });

  it('explicit `backend` and `env` win: an unknown ENVIRONMENT then decides nothing and is not an error', () => {
    expect(resolveReaderConfig({ environment: { ENVIRONMENT: 'prodution' }, backend: 'localstack', env: 'dev' })).toMatchObject({ backend: 'localstack', env: 'dev' });
    expect(resolveReaderConfig({ environment: { ENVIRONMENT: 'qa-cluster-7', AWS_REGION: 'eu-west-1' }, backend: 'aws', env: 'prod' })).toMatchObject({
      backend: 'aws',
      env: 'prod',
      region: 'eu-west-1',
    });
    const reader = createSecretReader({ environment: { ENVIRONMENT: 'prodution' }, backend: 'localstack', env: 'staging', endpoint: 'http://127.0.0.1:4566' });
    expect(reader.config).toMatchObject({ backend: 'localstack', env: 'staging' });
    reader.close();
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

describe("backend aws without a region setting: the AWS profile's region, looked up as the SDK does", () => {
  // A backend that records the region each request was signed for (SigV4's credential scope).
  const scopes: string[] = [];
  let server: http.Server;
  let endpoint: string;
  const dir = mkdtempSync(path.join(tmpdir(), 'runtime-region-'));
  let files = 0;

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\/secretsmanager\//.exec(String(request.headers.authorization))?.[1];
      scopes.push(scope ?? 'unsigned');
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { SecretId?: string };
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify({ Name: input.SecretId, SecretString: 'region-test-value' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    scopes.length = 0;
  });

  /** A shared config file of its own (the SDK caches files by path), and no region anywhere else. */
  function sharedConfig(text: string, profile?: string): void {
    files += 1;
    const file = path.join(dir, `config-${files}`);
    writeFileSync(file, text);
    vi.stubEnv('AWS_CONFIG_FILE', file);
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', path.join(dir, `no-credentials-${files}`));
    vi.stubEnv('AWS_PROFILE', profile);
    vi.stubEnv('AWS_REGION', undefined);
    vi.stubEnv('AWS_DEFAULT_REGION', undefined);
    vi.stubEnv('ENVIRONMENT', undefined);
    // Were the SDK's own lookup used, it would probe the instance metadata service: never from a test.
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  }

  const options = () => ({ backend: 'aws' as const, env: 'prod' as const, endpoint, credentials: { accessKeyId: 'AKIDREGION', secretAccessKey: 'region-test' }, maxAttempts: 1 });
  const ref = { orgId: 'acme-corp', secretName: 'openai_api_key' };

  it("AWS_PROFILE's region in the shared config: the reader starts and signs for that region", async () => {
    sharedConfig('[default]\nregion = us-west-1\n\n[profile agent]\nregion = eu-west-3\n', 'agent');
    const reader = createSecretReader(options());
    try {
      expect(reader.config.region).toBeUndefined();
      expect(await reader.getSecret(ref)).toBe('region-test-value');
      expect(scopes).toEqual(['eu-west-3']);
    } finally {
      reader.close();
    }
  });

  it("no AWS_PROFILE: the default profile's region", async () => {
    sharedConfig('[default]\nregion = ap-southeast-2\n');
    const reader = createSecretReader(options());
    try {
      expect(await reader.getSecret(ref)).toBe('region-test-value');
      expect(scopes).toEqual(['ap-southeast-2']);
    } finally {
      reader.close();
    }
  });

  it('no region anywhere: the reader starts, and the first read (or warm) fails INVALID_CONFIG naming what to set, asking nothing', async () => {
    sharedConfig('[default]\noutput = json\n');
    const reader = createSecretReader(options());
    try {
      for (const call of [() => reader.getSecret(ref), () => reader.warm('acme-corp')]) {
        const error = (await rejectionOf(call())) as SecretReaderError;
        expect(error).toBeInstanceOf(SecretReaderError);
        expect(error.code).toBe('INVALID_CONFIG');
        expect(error.setting).toBe('AWS_REGION');
        expect(error.message).toContain('AWS_REGION');
        expect(error.message).toContain('AWS_PROFILE');
        expect(error.message).toContain('`region`');
        expect(error.message).not.toMatch(/Region is missing/i);
      }
      expect(scopes).toEqual([]);
      // The region added to the file afterwards is seen by the next read, no restart (review finding).
      writeFileSync(process.env['AWS_CONFIG_FILE'] ?? '', '[default]\noutput = json\nregion = eu-central-1\n');
      expect(await reader.getSecret(ref)).toBe('region-test-value');
      expect(scopes).toEqual(['eu-central-1']);
    } finally {
      reader.close();
    }
  });

  it('a profile region that is not a region name is refused the same way (INVALID_CONFIG), without repeating it or printing', async () => {
    const printed: string[] = [];
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void printed.push(args.map(String).join(' ')));
    }
    try {
      // "*" is the one value the SDK's own region check would print a warning about.
      for (const value of ['sk-pasted-here', '*']) {
        sharedConfig(`[default]\nregion = ${value}\n`);
        const reader = createSecretReader(options());
        try {
          const error = (await rejectionOf(reader.getSecret(ref))) as SecretReaderError;
          expect(error.code).toBe('INVALID_CONFIG');
          expect(error.message).not.toContain('sk-pasted');
        } finally {
          reader.close();
        }
      }
    } finally {
      vi.restoreAllMocks();
    }
    expect(printed).toEqual([]);
    expect(scopes).toEqual([]);
  });

  it("the credentials file's region wins over the config file's, as in the SDK", async () => {
    sharedConfig('[profile agent]\nregion = eu-west-3\n', 'agent');
    const credentials = path.join(dir, `credentials-${files}`);
    writeFileSync(credentials, '[agent]\nregion = eu-central-1\n');
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', credentials);
    const reader = createSecretReader(options());
    try {
      expect(await reader.getSecret(ref)).toBe('region-test-value');
      expect(scopes).toEqual(['eu-central-1']);
    } finally {
      reader.close();
    }
  });

  it('AWS_REGION (or `region`) still wins over the profile', async () => {
    sharedConfig('[default]\nregion = ap-southeast-2\n');
    const reader = createSecretReader({ ...options(), region: 'eu-north-1' });
    try {
      expect(reader.config.region).toBe('eu-north-1');
      expect(await reader.getSecret(ref)).toBe('region-test-value');
      expect(scopes).toEqual(['eu-north-1']);
    } finally {
      reader.close();
    }
  });
});
