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
import { Refusal, startScriptedSecretsBackend } from '../../fakes/fake-scripted-secrets-backend';
import { toAppError } from '../../../src/main/backends/sdk-errors';

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

describe("aws profile: the chosen AWS profile's endpoint settings, never another profile's (review finding)", () => {
  const vars = ['HOME', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_PROFILE', 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'];
  const endpointVars = ['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_SECRETS_MANAGER', 'AWS_ENDPOINT_URL_STS', 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', 'AWS_USE_FIPS_ENDPOINT'];
  let home: string;
  let fake: FakeLocalStack;
  let unreachable: string;
  const deps = { getVault: () => Promise.reject(new Error('unused')), timeouts: { connectionMs: 300, requestMs: 1_000 } };
  const aws = (awsProfile: string): Profile => ({ kind: 'aws', id: awsProfile, name: awsProfile, env: 'prod', readOnly: true, awsProfile });

  beforeAll(async () => {
    for (const name of [...vars, ...endpointVars]) vi.stubEnv(name, undefined);
    home = await mkdtemp(path.join(tmpdir(), 'foundry-aws-endpoints-'));
    fake = await startFakeLocalStack();
    unreachable = await closedEndpoint();
    // [default] points at a LocalStack that is not the one any test expects, as a developer's
    // ~/.aws often does; the profiles below must not be sent there.
    await writeFile(
      path.join(home, 'config'),
      [
        '[default]',
        'region = us-east-1',
        `endpoint_url = ${unreachable}`,
        '[profile routed]',
        'region = eu-north-1',
        `endpoint_url = ${fake.endpoint}`,
        '[profile by-services]',
        'region = eu-west-1',
        'services = local-sm',
        '[services local-sm]',
        'secrets_manager =',
        `  endpoint_url = ${fake.endpoint}`,
        '[profile plain]',
        'region = eu-north-1',
        '[profile fips]',
        'region = us-east-1',
        'use_fips_endpoint = true',
        '[profile missing-services]',
        'region = eu-north-1',
        'services = not-there',
        '[profile ignoring]',
        'region = eu-north-1',
        `endpoint_url = ${fake.endpoint}`,
        'ignore_configured_endpoint_urls = true',
        '',
      ].join('\n'),
    );
    const keys = ['routed', 'by-services', 'plain', 'fips', 'missing-services', 'ignoring', 'default']
      .map((name) => `[${name}]\naws_access_key_id = AKID${name.toUpperCase().replaceAll('-', '')}\naws_secret_access_key = not-a-real-secret\n`)
      .join('');
    await writeFile(path.join(home, 'credentials'), keys);
    vi.stubEnv('HOME', home);
    vi.stubEnv('AWS_CONFIG_FILE', path.join(home, 'config'));
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', path.join(home, 'credentials'));
  });
  afterAll(async () => {
    await fake.close();
    vi.unstubAllEnvs();
    await rm(home, { recursive: true, force: true });
  });

  it("sends to the profile's own endpoint_url, not [default]'s", async () => {
    const before = fake.requests.length;
    const report = await testConnection(aws('routed'), deps);
    expect(report).toMatchObject({ ok: true, endpoint: fake.endpoint, region: 'eu-north-1' });
    expect(fake.requests.slice(before)).toEqual([{ path: '/', target: 'secretsmanager.ListSecrets', accessKeyId: 'AKIDROUTED' }]);
  });

  it("follows the profile's services section (secrets_manager.endpoint_url)", async () => {
    const before = fake.requests.length;
    const report = await testConnection(aws('by-services'), deps);
    expect(report).toMatchObject({ ok: true, endpoint: fake.endpoint, region: 'eu-west-1' });
    expect(fake.requests.slice(before)).toEqual([{ path: '/', target: 'secretsmanager.ListSecrets', accessKeyId: 'AKIDBYSERVICES' }]);
  });

  it("a profile without an endpoint goes to AWS, not to [default]'s endpoint_url", async () => {
    const { target } = await createSecretsClientWithTarget(aws('plain'), deps);
    expect(target).toEqual({ endpoint: 'https://secretsmanager.eu-north-1.amazonaws.com', region: 'eu-north-1' });
    // The endpoint the SDK resolves for a real call (recorded before anything is sent).
    const report = await testConnection(aws('plain'), deps);
    expect(report.endpoint).toBe('https://secretsmanager.eu-north-1.amazonaws.com');
  });

  it("takes use_fips_endpoint from the chosen profile", async () => {
    const report = await testConnection(aws('fips'), deps);
    expect(report.endpoint).toBe('https://secretsmanager-fips.us-east-1.amazonaws.com');
  });

  it('AWS_ENDPOINT_URL_SECRETS_MANAGER still wins, and AWS_IGNORE_CONFIGURED_ENDPOINT_URLS turns every configured endpoint off', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', fake.endpoint);
    try {
      expect((await createSecretsClientWithTarget(aws('plain'), deps)).target.endpoint).toBe(fake.endpoint);
      vi.stubEnv('AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', 'true');
      expect((await createSecretsClientWithTarget(aws('routed'), deps)).target.endpoint).toBe('https://secretsmanager.eu-north-1.amazonaws.com');
    } finally {
      vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', undefined);
      vi.stubEnv('AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', undefined);
    }
  });

  it("the profile's ignore_configured_endpoint_urls, unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS says otherwise (as the SDK reads it)", async () => {
    expect((await createSecretsClientWithTarget(aws('ignoring'), deps)).target.endpoint).toBe('https://secretsmanager.eu-north-1.amazonaws.com');
    vi.stubEnv('AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', 'false');
    try {
      expect((await createSecretsClientWithTarget(aws('ignoring'), deps)).target.endpoint).toBe(fake.endpoint);
      vi.stubEnv('AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', 'yes');
      const report = await testConnection(aws('ignoring'), deps);
      expect(report).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      expect(report.detail).toContain('AWS_IGNORE_CONFIGURED_ENDPOINT_URLS must be true or false');
    } finally {
      vi.stubEnv('AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', undefined);
    }
  });

  it('a services section that does not exist is refused in words, before anything is sent', async () => {
    const before = fake.requests.length;
    const report = await testConnection(aws('missing-services'), deps);
    expect(report).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(report.detail).toContain('[services not-there]');
    expect(fake.requests.length).toBe(before);
  });

  it('reads past empty ListSecrets pages that carry a NextToken before saying there are no secrets (review finding)', async () => {
    let calls = 0;
    const scripted = await startScriptedSecretsBackend((operation) => {
      calls += 1;
      if (operation !== 'ListSecrets') return {};
      return calls < 3 ? { SecretList: [], NextToken: `page-${calls}` } : { SecretList: [{ Name: 'agentfoundry/dev/acme/shared/openai_api_key' }] };
    });
    vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', scripted.endpoint);
    try {
      const report = await testConnection(aws('plain'), deps);
      expect(report).toMatchObject({ ok: true });
      expect(report.detail).toContain('secrets of this app are present');
      expect(scripted.requests).toEqual(['ListSecrets', 'ListSecrets', 'ListSecrets']);
    } finally {
      vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', undefined);
      await scripted.close();
    }
  });
});

describe('a Secrets Manager quota (LimitExceededException) is an answer, not throttling (review finding)', () => {
  it('is sent once, not retried as throttling, and reads as QUOTA_EXCEEDED with what to do', async () => {
    const scripted = await startScriptedSecretsBackend(() => new Refusal('LimitExceededException'));
    const profile = localstack(scripted.endpoint);
    const client = await createSecretsClient(profile, { getVault: () => Promise.reject(new Error('unused')) });
    try {
      const failure = await client.send(new sdk.PutSecretValueCommand({ SecretId: 'agentfoundry/dev/acme/shared/openai_api_key', SecretString: CANARY })).catch((error: unknown) => error);
      expect(scripted.requests).toEqual(['PutSecretValue']);
      const mapped = toAppError(failure, { profile, secretId: 'agentfoundry/dev/acme/shared/openai_api_key' });
      expect(mapped.code).toBe('QUOTA_EXCEEDED');
      expect(mapped.message).toContain('quota');
      expect(mapped.message).not.toContain(CANARY);
    } finally {
      client.destroy();
      await scripted.close();
    }
  });
});
