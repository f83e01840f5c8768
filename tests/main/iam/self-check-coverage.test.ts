/**
 * The blind self-check must not reassure falsely: "cannot read" only when IAM denied every read on
 * every secret of the env, on a new secret in each of its organizations and in a new organization,
 * and answered every pair it was asked. Against the fake IAM/STS answering as real IAM can (pages,
 * per-resource results, missing context) or worse (pairs left out, credentials echoed in errors).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClientFactoryDeps } from '../../../src/main/backends/client-factory';
import { checkBlindAccess, type SelfCheckOptions } from '../../../src/main/iam/self-check';
import type { Profile } from '../../../src/shared/profiles';
import { selfCheckVerdictSchema, type SelfCheckVerdict } from '../../../src/shared/self-check';
import { AWS_PROFILE_NAME, factoryDepsOn, startAwsOnFakes, type AwsOnFakes } from '../../fixtures/aws-profile-on-fakes';

const ORGS = ['alpha', 'beta', 'gamma', 'delta', 'zeta'];
const ACCESS_KEY = 'AKIDSELFCHECKTEST';
const SECRET_KEY = 'self-check-test-secret-access-key';
const SESSION_TOKEN = 'FwoGZXIvYXdzEPHONYSESSIONTOKENselfcheck0123456789';

let aws: AwsOnFakes;
let deps: ClientFactoryDeps;
const arns = new Map<string, string>();
let sessionDir: string;

beforeAll(async () => {
  aws = await startAwsOnFakes();
  deps = factoryDepsOn(aws);
  for (const org of ORGS) {
    for (const name of ['openai_api_key', 'anthropic_api_key']) {
      const id = `agentfoundry/prod/${org}/shared/${name}`;
      arns.set(id, await aws.seed(id));
    }
  }
  // Another env's secret: never asked about.
  await aws.seed('agentfoundry/dev/alpha/shared/openai_api_key');
  sessionDir = await mkdtemp(path.join(os.tmpdir(), 'foundry-self-check-session-'));
}, 30_000);
afterAll(async () => {
  await aws.close();
  await rm(sessionDir, { recursive: true, force: true });
});

beforeEach(() => {
  const { state } = aws.fake;
  state.caller = { arn: `arn:aws:sts::${aws.account}:assumed-role/support/someone@example.com`, account: aws.account };
  state.roles = new Map([['support', `arn:aws:iam::${aws.account}:role/support`]]);
  state.users = new Set();
  state.getRole = 'answer';
  state.simulate = 'answer';
  delete state.stsError;
  delete state.pageSize;
  delete state.resultForm;
  delete state.dropResources;
  delete state.echoCredentials;
  state.rules = [];
  aws.fake.requests.length = 0;
});

async function check(options: SelfCheckOptions = {}, profile: Profile = aws.profile(), using: ClientFactoryDeps = deps): Promise<SelfCheckVerdict> {
  const verdict = await checkBlindAccess(profile, using, options);
  // Every verdict fits the channel's strict schema: one that does not is withheld as INTERNAL.
  expect(selfCheckVerdictSchema.safeParse(verdict).error).toBeUndefined();
  return verdict;
}

const simulations = () => aws.fake.requests.filter((request) => request.action === 'SimulatePrincipalPolicy');
const resourcesAsked = () =>
  simulations().flatMap((request) => [...request.params.entries()].filter(([key]) => key.startsWith('ResourceArns.member.')).map(([, value]) => value));
const arnOf = (id: string) => arns.get(id) ?? '';

describe('self-check coverage: every secret of the env, a new one in each org, a new org', () => {
  it('an allow on one org only (not among the first listed) is caught: can-read', async () => {
    aws.fake.state.rules = [{ action: 'secretsmanager:GetSecretValue', resource: 'arn:aws:secretsmanager:*:*:secret:agentfoundry/prod/zeta/*', decision: 'allowed', policy: 'zeta-readers' }];
    const verdict = await check();
    expect(verdict.outcome).toBe('can-read');
    expect(verdict.reason).toContain('zeta-readers');
  });

  it('an allow on one named secret (the last listed) is caught: can-read', async () => {
    const last = arnOf('agentfoundry/prod/zeta/shared/openai_api_key');
    aws.fake.state.rules = [{ action: 'secretsmanager:BatchGetSecretValue', resource: last, decision: 'allowed', policy: 'one-secret' }];
    const verdict = await check();
    expect(verdict.outcome).toBe('can-read');
    expect(verdict.decisions.find((d) => d.decision === 'allowed')).toMatchObject({ resource: last });
  });

  it('an allow on new secrets of an org (none of its existing names) is caught by the org probe', async () => {
    aws.fake.state.rules = [{ action: 'secretsmanager:GetSecretValue', resource: 'arn:aws:secretsmanager:*:*:secret:agentfoundry/prod/delta/shared/self-check-*', decision: 'allowed', policy: 'delta-new' }];
    expect((await check()).outcome).toBe('can-read');
  });

  it('asks about every secret of the env, one probe per org and the env probe, in bounded chunks', async () => {
    const verdict = await check({ simulateChunk: 4, listPageSize: 3 });
    expect(verdict.outcome).toBe('cannot-read');
    const asked = resourcesAsked();
    for (const arn of arns.values()) expect(asked).toContain(arn);
    for (const org of ORGS) expect(asked.some((arn) => arn.includes(`:secret:agentfoundry/prod/${org}/shared/self-check-probe-`))).toBe(true);
    expect(asked.some((arn) => arn.includes(':secret:agentfoundry/prod/self-check-probe/'))).toBe(true);
    expect(asked.some((arn) => arn.includes('agentfoundry/dev/'))).toBe(false);
    expect(asked).toHaveLength(arns.size + ORGS.length + 1);
    for (const request of simulations()) expect([...request.params.keys()].filter((key) => key.startsWith('ResourceArns.member.')).length).toBeLessThanOrEqual(4);
    expect(verdict.reason).toContain(`all ${arns.size} secrets of the env`);
    expect(verdict.reason).toContain(`each of its ${ORGS.length} organizations`);
  });

  it('more secrets than the bound: never a plain "cannot-read", and says how much was covered', async () => {
    const verdict = await check({ maxListedSecrets: 4, listPageSize: 2 });
    expect(verdict.outcome).toBe('unverified');
    expect(verdict.reason).toMatch(/only the first 4/);
  });
});

describe('self-check: what IAM answers and does not', () => {
  it('follows every page of the simulation (an allow on a late page is caught)', async () => {
    aws.fake.state.pageSize = 1;
    const last = arnOf('agentfoundry/prod/zeta/shared/anthropic_api_key');
    aws.fake.state.rules = [{ action: 'secretsmanager:BatchGetSecretValue', resource: last, decision: 'allowed', policy: 'late' }];
    const verdict = await check();
    expect(verdict.outcome).toBe('can-read');
    expect(simulations().length).toBeGreaterThan(5);
  });

  it('all pages of denies: cannot-read, every pair answered', async () => {
    aws.fake.state.pageSize = 3;
    expect((await check()).outcome).toBe('cannot-read');
  });

  it('a requested pair left unanswered: unverified, not cannot-read', async () => {
    aws.fake.state.dropResources = [arnOf('agentfoundry/prod/beta/shared/openai_api_key')];
    const verdict = await check();
    expect(verdict.outcome).toBe('unverified');
    expect(verdict.reason).toMatch(/did not answer/);
  });

  it("IAM's per-resource form (ResourceSpecificResults) is read: deny and allow", async () => {
    aws.fake.state.resultForm = 'per-action';
    expect((await check()).outcome).toBe('cannot-read');
    aws.fake.state.rules = [{ action: 'secretsmanager:GetSecretValue', resource: arnOf('agentfoundry/prod/gamma/shared/openai_api_key'), decision: 'allowed', policy: 'gamma-one' }];
    const verdict = await check();
    expect(verdict.outcome).toBe('can-read');
    expect(verdict.reason).toContain('gamma-one');
  });

  it('a deny that lacked context (MFA): unverified, naming the keys', async () => {
    aws.fake.state.rules = [{ action: 'secretsmanager:*', resource: '*', decision: 'implicitDeny', missingContext: ['aws:MultiFactorAuthPresent', 'aws:SourceIp'] }];
    const verdict = await check();
    expect(verdict.outcome).toBe('unverified');
    expect(verdict.reason).toContain('aws:MultiFactorAuthPresent');
    expect(verdict.reason).toContain('aws:SourceIp');
  });

  it('missing context but an allow found anyway: can-read', async () => {
    aws.fake.state.rules = [
      { action: 'secretsmanager:GetSecretValue', resource: '*:secret:agentfoundry/prod/alpha/*', decision: 'allowed', policy: 'alpha' },
      { action: 'secretsmanager:*', resource: '*', decision: 'implicitDeny', missingContext: ['aws:MultiFactorAuthPresent'] },
    ];
    expect((await check()).outcome).toBe('can-read');
  });

  it('a can-read with 20 long matched policy ids still fits the schema, listing a few and "N more"', async () => {
    const long = (index: number) => `arn:aws:iam::${aws.account}:policy/team/platform/secrets/ReadersOfAgentFoundryProductionSecrets${'X'.repeat(60)}${index}`;
    aws.fake.state.rules = [
      { action: 'secretsmanager:*', resource: '*', decision: 'allowed', policy: long(0), morePolicies: Array.from({ length: 19 }, (_, index) => long(index + 1)), missingContext: Array.from({ length: 20 }, (_, index) => `aws:PrincipalTag/${'k'.repeat(100)}${index}`) },
    ];
    const verdict = await check();
    expect(verdict.outcome).toBe('can-read');
    expect(verdict.reason).toMatch(/and \d+ more/);
    expect(verdict.reason.length).toBeLessThanOrEqual(2000);
  });
});

describe('self-check: errors and credentials', () => {
  it("STS's AccessDenied is ACCESS_DENIED in words about STS, not Secrets Manager", async () => {
    aws.fake.state.stsError = 'AccessDenied';
    const verdict = await check();
    expect(verdict.outcome).toBe('unverified');
    expect(verdict.error?.code).toBe('ACCESS_DENIED');
    expect(verdict.reason).toContain('sts:GetCallerIdentity');
    expect(verdict.reason).not.toContain('Secrets Manager permissions');
  });

  it('no verdict, error or log line carries the access key id, the secret key or the session token, even when the server echoes them', async () => {
    const credentials = path.join(sessionDir, 'credentials');
    await writeFile(credentials, `[${AWS_PROFILE_NAME}]\naws_access_key_id = ${ACCESS_KEY}\naws_secret_access_key = ${SECRET_KEY}\naws_session_token = ${SESSION_TOKEN}\n`);
    const withToken: ClientFactoryDeps = { ...deps, env: { ...aws.env, AWS_SHARED_CREDENTIALS_FILE: credentials } };
    const logged: string[] = [];
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' '))),
    );
    aws.fake.state.echoCredentials = true;
    const verdicts: SelfCheckVerdict[] = [];
    try {
      for (const code of ['AccessDenied', 'ExpiredToken', 'InvalidClientTokenId', 'SomethingNobodyKnows']) {
        aws.fake.state.stsError = code;
        verdicts.push(await check({}, aws.profile(), withToken));
      }
      delete aws.fake.state.stsError;
      aws.fake.state.simulate = 'deny';
      verdicts.push(await check({}, aws.profile(), withToken));
      aws.fake.state.getRole = 'deny';
      aws.fake.state.roles = new Map([['other', `arn:aws:iam::${aws.account}:role/other`]]);
      aws.fake.state.simulate = 'answer';
      verdicts.push(await check({}, aws.profile(), withToken));
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    // The fake did echo them: the requests carried the token, and the errors quoted it.
    expect(aws.fake.requests.filter((request) => request.sessionToken).length).toBeGreaterThan(5);
    const text = JSON.stringify(verdicts) + logged.join('\n');
    for (const credential of [ACCESS_KEY, SECRET_KEY, SESSION_TOKEN]) expect(text).not.toContain(credential);
    expect(verdicts.every((verdict) => verdict.outcome === 'unverified')).toBe(true);
  });
});
