import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as sdk from '@aws-sdk/client-secrets-manager';
import { CreateSecretCommand, DescribeSecretCommand, ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../src/shared/errors';
import { connectionReportSchema, type Profile } from '../../../src/shared/profiles';
import { createSecretsClient, createSecretsClientWithTarget, testConnection } from '../../../src/main/backends/client-factory';
import { isBlind } from '../../../src/main/secrets/blind-client';
import { envKeyProtector, openVault, type Vault } from '../../../src/main/vault/index';
import { closedEndpoint, startFakeLocalStack, type FakeLocalStack } from '../../fakes/fake-localstack';

const embedded: Profile = { kind: 'embedded', id: 'embedded', name: 'Embedded vault', env: 'dev', readOnly: false };
const localstack = (endpoint: string): Profile => ({ kind: 'localstack', id: 'local', name: 'LocalStack', env: 'dev', readOnly: false, endpoint, region: 'us-east-1' });
const CANARY = 'canary-value-5b1e0c9d-never-shown';

describe('embedded profile (real SDK against the vault)', () => {
  let dataDir: string;
  let vault: Vault;
  let opened = 0;
  const deps = {
    getVault: async () => {
      opened++;
      return vault;
    },
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'foundry-factory-'));
    vault = await openVault({ dataDir, keyProtector: envKeyProtector('test-key-backends-factory') });
  });
  afterAll(async () => {
    await vault.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('creates and lists a secret through a blind client', async () => {
    const client = await createSecretsClient(embedded, deps);
    expect(isBlind(client)).toBe(true);
    const name = 'agentfoundry/dev/acme/shared/openai_api_key';
    const created = await client.send(new CreateSecretCommand({ Name: name, SecretString: CANARY, Description: 'test' }));
    expect(created.Name).toBe(name);
    const listed = await client.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: ['agentfoundry/dev/acme/'] }] }));
    expect(listed.SecretList?.map((s) => s.Name)).toEqual([name]);
    const described = await client.send(new DescribeSecretCommand({ SecretId: name }));
    expect(JSON.stringify(described)).not.toContain(CANARY);
    expect(opened).toBeGreaterThan(0);
  });

  it('cannot read the value back, even though the vault holds it', async () => {
    const client = await createSecretsClient(embedded, deps);
    const Read = (sdk as unknown as Record<string, new (input: object) => Parameters<typeof client.send>[0]>)['GetSecretValueCommand'];
    if (!Read) throw new Error('the SDK no longer exports GetSecretValueCommand');
    const failure = await client.send(new Read({ SecretId: 'agentfoundry/dev/acme/shared/openai_api_key' })).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(AppError);
    expect(JSON.stringify(failure)).not.toContain(CANARY);
  });

  it('builds no user agent for the in-process vault, which never reads one (a tenth of a write)', async () => {
    const seen: Record<string, string>[] = [];
    const spying = {
      ...vault,
      clientConfig: () => {
        const config = vault.clientConfig();
        const handler = config.requestHandler;
        return {
          ...config,
          requestHandler: {
            handle: (request: Parameters<typeof handler.handle>[0], options?: Parameters<typeof handler.handle>[1]) => {
              seen.push({ ...request.headers });
              return handler.handle(request, options);
            },
            updateHttpClientConfig: () => undefined,
            httpHandlerConfigs: () => ({}),
          },
        };
      },
    } satisfies Vault;
    const client = await createSecretsClient(embedded, { getVault: async () => spying });
    await client.send(new ListSecretsCommand({ MaxResults: 1 }));
    expect(seen).toHaveLength(1);
    const names = Object.keys(seen[0] ?? {}).map((name) => name.toLowerCase());
    expect(names).toContain('x-amz-target'); // the request itself is intact
    expect(names).not.toContain('user-agent');
    expect(names).not.toContain('x-amz-user-agent');
  });

  it('testConnection reports ok with latency and region', async () => {
    const report = await testConnection(embedded, deps);
    expect(report).toMatchObject({ profileId: 'embedded', kind: 'embedded', ok: true, region: vault.region });
    expect(report.latencyMs).toBeGreaterThanOrEqual(0);
    expect(report.detail).toContain('secrets of this app are present');
    expect(report.error).toBeUndefined();
    expect(connectionReportSchema.parse(report)).toEqual(report);
    // The vault's shared in-process handler survives a test connection.
    const after = await createSecretsClient(embedded, deps);
    expect((await after.send(new ListSecretsCommand({}))).SecretList).toHaveLength(1);
  });

  it('maps a vault that cannot be opened into the report', async () => {
    const report = await testConnection(embedded, { getVault: () => openVault({ dataDir, keyProtector: envKeyProtector('test-key-other') }) });
    expect(report.ok).toBe(false);
    expect(report.error?.code).toBe('UNREACHABLE');
  });
});

describe('localstack profile (fake LocalStack server)', () => {
  let fake: FakeLocalStack | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it('checks health, then lists at most one agentfoundry/ name with test/test credentials', async () => {
    fake = await startFakeLocalStack();
    const report = await testConnection(localstack(fake.endpoint), { getVault: () => Promise.reject(new Error('unused')) });
    expect(report).toMatchObject({ ok: true, kind: 'localstack', endpoint: fake.endpoint, region: 'us-east-1' });
    expect(report.detail).toContain('LocalStack 4.4.0 (community)');
    expect(connectionReportSchema.parse(report)).toEqual(report);
    expect(fake.requests).toEqual([
      { path: '/_localstack/health' },
      { path: '/', target: 'secretsmanager.ListSecrets', accessKeyId: 'test' },
    ]);
  });

  it('a down LocalStack → UNREACHABLE naming the endpoint, without calling Secrets Manager', async () => {
    const endpoint = await closedEndpoint();
    const report = await testConnection(localstack(endpoint), { getVault: () => Promise.reject(new Error('unused')) });
    expect(report).toMatchObject({ ok: false, endpoint });
    expect(report.error?.code).toBe('UNREACHABLE');
    expect(report.error?.message).toContain(endpoint);
    expect(connectionReportSchema.parse(report)).toEqual(report);
  });

  it('a LocalStack without Secrets Manager → not ok, and says so', async () => {
    fake = await startFakeLocalStack({ services: { s3: 'running' } });
    const report = await testConnection(localstack(fake.endpoint), { getVault: () => Promise.reject(new Error('unused')) });
    expect(report.ok).toBe(false);
    expect(report.detail).toMatch(/Secrets Manager is not enabled/);
    expect(fake.requests.map((r) => r.path)).toEqual(['/_localstack/health']);
  });

  it('an SDK call to a down endpoint → UNREACHABLE through the mapped error', async () => {
    const endpoint = await closedEndpoint();
    const { client, target } = await createSecretsClientWithTarget(localstack(endpoint), {
      getVault: () => Promise.reject(new Error('unused')),
      timeouts: { connectionMs: 1000, requestMs: 2000 },
    });
    expect(target).toEqual({ endpoint, region: 'us-east-1' });
    const failure = await client.send(new ListSecretsCommand({})).catch((err: unknown) => err);
    client.destroy();
    expect(failure).not.toBeInstanceOf(AppError); // the factory's clients throw SDK errors; callers map them
    const { toAppError } = await import('../../../src/main/backends/sdk-errors');
    const mapped = toAppError(failure, { profile: localstack(endpoint) });
    expect(mapped.code).toBe('UNREACHABLE');
    expect(mapped.message).toContain(endpoint);
  });
});

describe('aws profile with static credentials (endpoint pointed at the fake)', () => {
  const vars = ['HOME', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_PROFILE', 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_SECRETS_MANAGER'];
  let home: string;
  let fake: FakeLocalStack;

  beforeAll(async () => {
    for (const name of vars) vi.stubEnv(name, undefined);
    home = await mkdtemp(path.join(tmpdir(), 'foundry-aws-static-'));
    await writeFile(path.join(home, 'config'), '[profile static]\nregion = eu-north-1\n');
    await writeFile(path.join(home, 'credentials'), '[static]\naws_access_key_id = AKIDSTATICTEST\naws_secret_access_key = not-a-real-secret\n');
    vi.stubEnv('HOME', home);
    vi.stubEnv('AWS_CONFIG_FILE', path.join(home, 'config'));
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', path.join(home, 'credentials'));
    fake = await startFakeLocalStack();
    // The SDK's documented per-service endpoint override keeps this test off the internet.
    vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', fake.endpoint);
  });
  afterAll(async () => {
    await fake.close();
    vi.unstubAllEnvs();
    await rm(home, { recursive: true, force: true });
  });

  it('signs with the named profile’s keys and the region of ~/.aws/config', async () => {
    const profile: Profile = { kind: 'aws', id: 'static', name: 'Static', env: 'staging', readOnly: true, awsProfile: 'static' };
    const report = await testConnection(profile, { getVault: () => Promise.reject(new Error('unused')) });
    // The report names the endpoint really used (the override), not the default AWS one.
    expect(report).toMatchObject({ ok: true, region: 'eu-north-1', endpoint: fake.endpoint });
    expect(fake.requests).toEqual([{ path: '/', target: 'secretsmanager.ListSecrets', accessKeyId: 'AKIDSTATICTEST' }]);
  });

  it('says plainly when the AWS profile is not in ~/.aws, with the command to configure it', async () => {
    const profile: Profile = { kind: 'aws', id: 'gone', name: 'Gone', env: 'dev', readOnly: false, awsProfile: 'not-configured' };
    const before = fake.requests.length;
    const report = await testConnection(profile, { getVault: () => Promise.reject(new Error('unused')) });
    expect(report).toMatchObject({ ok: false, error: { code: 'ACCESS_DENIED', details: { command: 'aws configure --profile not-configured' } } });
    expect(report.detail).toContain('not in ~/.aws/config');
    expect(fake.requests.length).toBe(before); // nothing was sent
  });
});
