import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getSSOTokenFilepath } from '@smithy/shared-ini-file-loader';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Profile } from '../../../src/shared/profiles';
import { discoverAwsProfiles, findAwsProfile, listAwsProfiles } from '../../../src/main/backends/aws-profiles';
import { createSecretsClient, resolveAwsRegion, testConnection } from '../../../src/main/backends/client-factory';
import { AppError } from '../../../src/shared/errors';

// Everything the SDK reads from the environment, cleared so the machine's own ~/.aws never leaks in.
const AWS_VARS = [
  'HOME',
  'USERPROFILE',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_PROFILE',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_SECRETS_MANAGER',
  'AWS_EC2_METADATA_DISABLED',
];

const STATIC_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY-canary';
const STATIC_KEY_ID = 'AKIAIOSFODNN7CANARY1';
const SESSION_TOKEN = 'IQoJb3JpZ2luX2VjEXAMPLE-session-canary';

const CONFIG = `
[default]
region = us-east-1

[profile named]
region = eu-central-1
output = json

[profile acme-sso]
sso_session = acme
sso_account_id = 111122223333
sso_role_name = Admin
region = eu-west-1

[profile legacy-sso]
sso_start_url = https://legacy.awsapps.com/start
sso_region = us-east-2
sso_account_id = 111122223333
sso_role_name = ReadOnly

[sso-session acme]
sso_start_url = https://acme.awsapps.com/start
sso_region = eu-west-1
sso_registration_scopes = sso:account:access

[services local-endpoints]
secretsmanager =
  endpoint_url = http://localhost:4566
`;

const CREDENTIALS = `
[default]
aws_access_key_id = ${STATIC_KEY_ID}
aws_secret_access_key = ${STATIC_SECRET}

[creds-only]
aws_access_key_id = ${STATIC_KEY_ID}
aws_secret_access_key = ${STATIC_SECRET}
aws_session_token = ${SESSION_TOKEN}
`;

let home: string;

async function writeSsoToken(id: string, token: Record<string, string>): Promise<void> {
  const file = getSSOTokenFilepath(id); // under $HOME/.aws/sso/cache, named as the SDK looks it up
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(token));
}

beforeEach(async () => {
  for (const name of AWS_VARS) vi.stubEnv(name, undefined);
  home = await mkdtemp(path.join(tmpdir(), 'foundry-aws-'));
  await mkdir(path.join(home, '.aws'));
  await writeFile(path.join(home, '.aws', 'config'), CONFIG);
  await writeFile(path.join(home, '.aws', 'credentials'), CREDENTIALS);
  vi.stubEnv('HOME', home);
  vi.stubEnv('USERPROFILE', home);
  vi.stubEnv('AWS_CONFIG_FILE', path.join(home, '.aws', 'config'));
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', path.join(home, '.aws', 'credentials'));
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(home, { recursive: true, force: true });
});

const noVault = { getVault: () => Promise.reject(new Error('no vault in this test')) };
const awsProfile = (awsProfileName: string, region?: string): Profile => ({
  kind: 'aws',
  id: 'aws-test',
  name: 'AWS test',
  env: 'prod',
  readOnly: false,
  awsProfile: awsProfileName,
  ...(region ? { region } : {}),
});

describe('listAwsProfiles', () => {
  it('lists config and credentials profiles, skipping sso-session and services sections', async () => {
    const profiles = await listAwsProfiles();
    expect(profiles.map((p) => p.name)).toEqual(['default', 'acme-sso', 'creds-only', 'legacy-sso', 'named']);
    expect(profiles.find((p) => p.name === 'default')).toEqual({ name: 'default', sso: false, region: 'us-east-1', sources: ['config', 'credentials'] });
    expect(profiles.find((p) => p.name === 'named')).toEqual({ name: 'named', sso: false, region: 'eu-central-1', sources: ['config'] });
    expect(profiles.find((p) => p.name === 'acme-sso')).toMatchObject({ sso: true, region: 'eu-west-1' });
    expect(profiles.find((p) => p.name === 'legacy-sso')).toMatchObject({ sso: true });
    expect(profiles.find((p) => p.name === 'legacy-sso')?.region).toBeUndefined();
    expect(profiles.find((p) => p.name === 'creds-only')).toEqual({ name: 'creds-only', sso: false, sources: ['credentials'] });
  });

  it('never returns key material', async () => {
    const text = JSON.stringify(await listAwsProfiles());
    for (const secret of [STATIC_SECRET, STATIC_KEY_ID, SESSION_TOKEN, 'aws_secret_access_key', 'sso_start_url']) {
      expect(text).not.toContain(secret);
    }
  });

  it('re-reads the files on every call', async () => {
    await writeFile(path.join(home, '.aws', 'config'), `${CONFIG}\n[profile added-later]\nregion = ap-south-1\n`);
    expect((await findAwsProfile('added-later'))?.region).toBe('ap-south-1');
  });

  it('leaves out names the app cannot use, and says so', async () => {
    // The SDK's parser keeps odd section names of the credentials file as they are.
    await writeFile(path.join(home, '.aws', 'credentials'), `${CREDENTIALS}\n[odd=name]\naws_access_key_id = x\n`);
    const { profiles, warnings } = await discoverAwsProfiles();
    expect(profiles.map((p) => p.name)).toEqual(['default', 'acme-sso', 'creds-only', 'legacy-sso', 'named']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/1 AWS profile name/);
  });

  it('answers an empty list when there is no ~/.aws at all', async () => {
    vi.stubEnv('AWS_CONFIG_FILE', path.join(home, 'missing', 'config'));
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', path.join(home, 'missing', 'credentials'));
    expect(await listAwsProfiles()).toEqual([]);
  });
});

describe('aws profile region', () => {
  it('prefers the profile, then AWS_REGION, then ~/.aws/config', async () => {
    vi.stubEnv('AWS_REGION', 'ap-northeast-1');
    expect(await resolveAwsRegion(awsProfile('named', 'sa-east-1') as Extract<Profile, { kind: 'aws' }>)).toBe('sa-east-1');
    expect(await resolveAwsRegion(awsProfile('named') as Extract<Profile, { kind: 'aws' }>)).toBe('ap-northeast-1');
    vi.stubEnv('AWS_REGION', undefined);
    expect(await resolveAwsRegion(awsProfile('named') as Extract<Profile, { kind: 'aws' }>)).toBe('eu-central-1');
  });

  it('refuses to build a client without any region, saying where to set one', async () => {
    const failure = await createSecretsClient(awsProfile('creds-only'), noVault).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).code).toBe('VALIDATION');
    expect((failure as AppError).message).toMatch(/AWS_REGION/);
  });
});

describe('expired or missing AWS sign-in', () => {
  const hourAgo = () => new Date(Date.now() - 3600_000).toISOString();

  it('an expired sso-session token → CREDENTIALS_EXPIRED with the exact login command', async () => {
    await writeSsoToken('acme', { accessToken: 'expired-access-token-canary', expiresAt: hourAgo(), region: 'eu-west-1', startUrl: 'https://acme.awsapps.com/start' });
    const report = await testConnection(awsProfile('acme-sso'), noVault);
    expect(report.ok).toBe(false);
    expect(report.error?.code).toBe('CREDENTIALS_EXPIRED');
    expect(report.error?.details?.command).toBe('aws sso login --profile acme-sso');
    expect(report.detail).toContain('aws sso login --profile acme-sso');
    expect(report.region).toBe('eu-west-1');
    expect(JSON.stringify(report)).not.toContain('expired-access-token-canary');
  });

  it('a missing sso-session token (never logged in) → CREDENTIALS_EXPIRED too', async () => {
    const report = await testConnection(awsProfile('acme-sso'), noVault);
    expect(report.error?.code).toBe('CREDENTIALS_EXPIRED');
    expect(report.error?.details?.command).toBe('aws sso login --profile acme-sso');
  });

  it('an expired legacy SSO profile → CREDENTIALS_EXPIRED with the exact login command', async () => {
    await writeSsoToken('https://legacy.awsapps.com/start', { accessToken: 'legacy-token-canary', expiresAt: hourAgo(), region: 'us-east-2' });
    const report = await testConnection(awsProfile('legacy-sso', 'us-east-2'), noVault);
    expect(report.error?.code).toBe('CREDENTIALS_EXPIRED');
    expect(report.error?.details?.command).toBe('aws sso login --profile legacy-sso');
    expect(JSON.stringify(report)).not.toContain('legacy-token-canary');
  });

  it('an unknown AWS profile → ACCESS_DENIED with advice to configure it', async () => {
    const report = await testConnection(awsProfile('nobody', 'us-east-1'), noVault);
    expect(report.error?.code).toBe('ACCESS_DENIED');
    expect(report.error?.details?.command).toBe('aws configure --profile nobody');
  });
});
