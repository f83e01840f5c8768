import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { stsClientConfig } from '../../../src/main/backends/client-factory';
import { backendIdentityLookup, createIdentityCache, currentOsUser } from '../../../src/main/audit/index';
import { IDENTITY_TTL_MS } from '../../../src/main/audit/identity';
import { createLogger } from '../../../src/main/log/index';
import type { Vault } from '../../../src/main/vault/index';
import type { Profile } from '../../../src/shared/profiles';
import { startVault, tempDir } from '../../vault/helpers';
import { FAKE_ACCOUNT, FAKE_ARN, startFakeSts, type FakeSts } from './fake-sts';

const EMBEDDED: Profile = { kind: 'embedded', id: 'embedded', name: 'Embedded', env: 'dev', readOnly: false };

describe('caller identity', () => {
  let vault: Vault;
  let sts: FakeSts;
  let localstack: Profile;
  beforeAll(async () => {
    ({ vault } = await startVault());
    sts = await startFakeSts();
    localstack = { kind: 'localstack', id: 'ls', name: 'LocalStack', env: 'dev', readOnly: false, endpoint: sts.endpoint, region: 'eu-west-1' };
  });
  afterAll(() => sts.close());
  const deps = () => ({ getVault: async () => vault, timeouts: { connectionMs: 500, requestMs: 1000 } });

  it('the embedded vault names itself: its account and a fixed IAM user', async () => {
    expect(vault.identity).toEqual({ account: vault.accountId, arn: `arn:aws:iam::${vault.accountId}:user/foundry-embedded-vault` });
    expect(await backendIdentityLookup(deps())(EMBEDDED)).toEqual({ account: vault.accountId, arn: vault.identity.arn });
  });

  it('LocalStack: STS GetCallerIdentity with the profile\'s endpoint, region and test credentials', async () => {
    sts.requests.length = 0;
    expect(await backendIdentityLookup(deps())(localstack)).toEqual({ account: FAKE_ACCOUNT, arn: FAKE_ARN });
    expect(sts.requests).toEqual([{ action: 'GetCallerIdentity', accessKeyId: 'test' }]);
    const config = await stsClientConfig(localstack as Extract<Profile, { kind: 'localstack' }>, deps());
    expect(config).toMatchObject({ region: 'eu-west-1', endpoint: sts.endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  });

  it('AWS: the profile\'s region and its named AWS profile\'s credentials', async () => {
    // A temporary ~/.aws that names the profile (no keys are needed: credentials resolve at signing time).
    const dir = await tempDir();
    await writeFile(path.join(dir, 'config'), '[profile ops]\nregion = us-west-2\n');
    vi.stubEnv('AWS_CONFIG_FILE', path.join(dir, 'config'));
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', path.join(dir, 'credentials'));
    onTestFinished(() => {
      vi.unstubAllEnvs();
    });
    const aws: Extract<Profile, { kind: 'aws' }> = { kind: 'aws', id: 'prod', name: 'Prod', env: 'prod', readOnly: true, awsProfile: 'ops', region: 'eu-central-1' };
    const config = await stsClientConfig(aws, deps());
    expect(config.region).toBe('eu-central-1');
    expect(config.endpoint).toBeUndefined();
    expect(typeof config.credentials).toBe('function'); // fromIni: resolved when a call is signed
  });

  it('caches per profile, and looks a re-saved profile up again', async () => {
    const cache = createIdentityCache({ lookup: backendIdentityLookup(deps()) });
    sts.requests.length = 0;
    await cache.get(localstack);
    await cache.get(localstack);
    expect(sts.requests).toHaveLength(1);
    await cache.get({ ...localstack });
    expect(sts.requests).toHaveLength(2);
  });

  it('asks again once a cached identity is older than its time to live (credentials can change under a profile)', async () => {
    let clock = 0;
    const cache = createIdentityCache({ lookup: backendIdentityLookup(deps()), now: () => clock });
    sts.requests.length = 0;
    await cache.get(localstack);
    clock += IDENTITY_TTL_MS - 1;
    await cache.get(localstack);
    expect(sts.requests).toHaveLength(1);
    clock += 2;
    expect(await cache.get(localstack, { lookup: false })).toMatchObject({ arn: FAKE_ARN }); // stale, but no call
    expect(sts.requests).toHaveLength(1);
    await cache.get(localstack);
    expect(sts.requests).toHaveLength(2);
  });

  it('a failed lookup gives an unknown identity, says so in the log, and is retried next time', async () => {
    const lines: string[] = [];
    const cache = createIdentityCache({ lookup: backendIdentityLookup(deps()), logger: createLogger({ sink: (l) => lines.push(l) }) });
    sts.status = 403;
    const profile = { ...localstack };
    expect(await cache.get(profile)).toEqual({});
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ level: 'warn', profileId: 'ls', kind: 'localstack' });
    sts.status = 200;
    expect(await cache.get(profile)).toEqual({ account: FAKE_ACCOUNT, arn: FAKE_ARN });
  });

  it('never waits longer than its timeout, and without `lookup` uses only the cache', async () => {
    const cache = createIdentityCache({ lookup: () => new Promise(() => undefined), timeoutMs: 50 });
    const started = Date.now();
    expect(await cache.get(EMBEDDED)).toEqual({});
    expect(Date.now() - started).toBeLessThan(1000);
    let calls = 0;
    const counting = createIdentityCache({ lookup: async () => ((calls += 1), { arn: 'a' }) });
    expect(await counting.get(EMBEDDED, { lookup: false })).toEqual({});
    expect(calls).toBe(0);
    await counting.get(EMBEDDED);
    expect(await counting.get(EMBEDDED, { lookup: false })).toEqual({ arn: 'a' });
  });

  it('an unreachable STS endpoint gives an unknown identity, not an error', async () => {
    const down: Profile = { ...localstack, endpoint: 'http://127.0.0.1:9' } as Profile;
    expect(await createIdentityCache({ lookup: backendIdentityLookup(deps()) }).get(down)).toEqual({});
  });

  it('names the OS user without control characters', () => {
    expect(currentOsUser().length).toBeGreaterThan(0);
    expect(currentOsUser()).not.toMatch(/\p{Cc}/u);
  });
});
