/**
 * The blind self-check against the fake IAM/STS and a served vault, through the real SDK clients
 * the app builds (client-factory.ts): its outcomes, how the simulated principal is found, and that
 * no credential reaches the verdict.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ClientFactoryDeps } from '../../../src/main/backends/client-factory';
import { checkBlindAccess, PROBE_SECRET } from '../../../src/main/iam/self-check';
import type { Profile } from '../../../src/shared/profiles';
import { selfCheckVerdictSchema, type SelfCheckVerdict } from '../../../src/shared/self-check';
import { factoryDepsOn, startAwsOnFakes, type AwsOnFakes } from '../../fixtures/aws-profile-on-fakes';

let aws: AwsOnFakes;
let deps: ClientFactoryDeps;
let seededArn: string;

beforeAll(async () => {
  aws = await startAwsOnFakes();
  deps = factoryDepsOn(aws);
  seededArn = await aws.seed('agentfoundry/prod/acme/shared/openai_api_key');
});
afterAll(() => aws.close());

const ROLE = () => `arn:aws:iam::${aws.account}:role/support`;
beforeEach(() => {
  const { state } = aws.fake;
  state.caller = { arn: `arn:aws:sts::${aws.account}:assumed-role/support/someone@example.com`, account: aws.account };
  state.roles = new Map([['support', ROLE()]]);
  state.users = new Set();
  state.getRole = 'answer';
  state.simulate = 'answer';
  delete state.stsError;
  state.rules = [];
  aws.fake.requests.length = 0;
});

async function check(profile: Profile = aws.profile()): Promise<SelfCheckVerdict> {
  const verdict = await checkBlindAccess(profile, deps);
  // Every verdict fits the channel's strict schema, and carries no credential.
  selfCheckVerdictSchema.parse(verdict);
  const text = JSON.stringify(verdict);
  expect(text).not.toContain('AKIDSELFCHECKTEST');
  expect(text).not.toContain('self-check-test-secret-access-key');
  return verdict;
}

const simulated = () => aws.fake.requests.filter((request) => request.action === 'SimulatePrincipalPolicy');
const resourcesAsked = () => [...(simulated()[0]?.params.entries() ?? [])].filter(([key]) => key.startsWith('ResourceArns.member.')).map(([, value]) => value);

describe('blind self-check: outcomes', () => {
  it('cannot read: every decision is a deny, on the listed secrets and the synthesized one', async () => {
    const verdict = await check();
    expect(verdict.outcome).toBe('cannot-read');
    expect(verdict.identity).toMatchObject({ account: aws.account, principalArn: ROLE(), pathAssumed: false });
    const probe = `arn:aws:secretsmanager:${aws.vault.region}:${aws.account}:secret:agentfoundry/prod/${PROBE_SECRET}`;
    const orgProbe = `arn:aws:secretsmanager:${aws.vault.region}:${aws.account}:secret:agentfoundry/prod/acme/shared/self-check-probe-AbCdEf`;
    expect(resourcesAsked()).toEqual([probe, orgProbe, seededArn]);
    expect(simulated()[0]?.params.get('PolicySourceArn')).toBe(ROLE());
    expect(verdict.decisions.map((d) => `${d.action} ${d.resource} ${d.decision}`).sort()).toEqual(
      [
        `secretsmanager:BatchGetSecretValue ${probe} implicitDeny`,
        `secretsmanager:BatchGetSecretValue ${orgProbe} implicitDeny`,
        `secretsmanager:BatchGetSecretValue ${seededArn} implicitDeny`,
        `secretsmanager:GetSecretValue ${probe} implicitDeny`,
        `secretsmanager:GetSecretValue ${orgProbe} implicitDeny`,
        `secretsmanager:GetSecretValue ${seededArn} implicitDeny`,
      ].sort(),
    );
    expect(verdict.reason).toContain('cannot read secret values');
    expect(verdict.reason).toContain('all 1 secrets of the env, a new secret in each of its 1 organizations and one in a new organization');
    // What the check does not prove travels with the verdict.
    expect(verdict.limits.join(' ')).toMatch(/Resource policies/);
    expect(verdict.limits.join(' ')).toMatch(/Session policies/);
  });

  it('cannot read, by an explicit deny', async () => {
    aws.fake.state.rules = [{ action: 'secretsmanager:*', resource: '*', decision: 'explicitDeny', policy: 'deny-reads' }];
    const verdict = await check();
    expect(verdict.outcome).toBe('cannot-read');
    expect(verdict.reason).toContain('explicit deny');
    expect(verdict.decisions.every((d) => d.decision === 'explicitDeny' && d.matchedStatements[0]?.startsWith('deny-reads'))).toBe(true);
  });

  it('can read: a prefix-wide allow is caught on the synthesized ARN, with the matched policy named', async () => {
    aws.fake.state.rules = [{ action: 'secretsmanager:GetSecretValue', resource: `arn:aws:secretsmanager:*:*:secret:agentfoundry/prod/self-check-probe/*`, decision: 'allowed', policy: 'too-broad' }];
    const verdict = await check();
    expect(verdict.outcome).toBe('can-read');
    expect(verdict.reason).toContain('secretsmanager:GetSecretValue');
    expect(verdict.reason).toContain('too-broad');
    const allowed = verdict.decisions.filter((d) => d.decision === 'allowed');
    expect(allowed).toHaveLength(1);
    expect(allowed[0]?.resource).toContain(PROBE_SECRET);
  });

  it('can read: an allow on one real secret only is caught through the listed ARNs', async () => {
    aws.fake.state.rules = [{ action: 'secretsmanager:BatchGetSecretValue', resource: seededArn, decision: 'allowed', policy: 'one-secret' }];
    const verdict = await check();
    expect(verdict.outcome).toBe('can-read');
    expect(verdict.decisions.find((d) => d.decision === 'allowed')).toMatchObject({ action: 'secretsmanager:BatchGetSecretValue', resource: seededArn });
  });

  it('unverified when the simulation is not permitted: says which permission and how to get it checked', async () => {
    aws.fake.state.simulate = 'deny';
    const verdict = await check();
    expect(verdict.outcome).toBe('unverified');
    expect(verdict.missingPermissions).toEqual(['iam:SimulatePrincipalPolicy']);
    expect(verdict.reason).toContain(`iam:SimulatePrincipalPolicy on ${ROLE()}`);
    expect(verdict.checkCommand).toContain(`aws iam simulate-principal-policy --policy-source-arn ${ROLE()} --action-names secretsmanager:GetSecretValue`);
    expect(verdict.decisions).toEqual([]);
  });

  it('unverified with the usual words when the sign-in has expired', async () => {
    aws.fake.state.stsError = 'ExpiredToken';
    const verdict = await check();
    expect(verdict.outcome).toBe('unverified');
    expect(verdict.error?.code).toBe('CREDENTIALS_EXPIRED');
    expect(verdict.reason).toContain('aws sso login --profile support-fake');
    expect(simulated()).toHaveLength(0);
  });

  it('unverified (UNREACHABLE) when STS cannot be reached', async () => {
    const closed = { ...deps, awsEndpoints: { ...aws.awsEndpoints, sts: 'http://127.0.0.1:9' } };
    const verdict = await checkBlindAccess(aws.profile(), closed);
    expect(verdict.outcome).toBe('unverified');
    expect(verdict.error?.code).toBe('UNREACHABLE');
  });

  it('not applicable for the embedded vault and LocalStack, without any call', async () => {
    const embedded = await check({ kind: 'embedded', id: 'local', name: 'Local', env: 'dev', readOnly: false });
    expect(embedded.outcome).toBe('not-applicable');
    expect(embedded.reason).toContain('embedded vault has no IAM');
    const localstack = await check({ kind: 'localstack', id: 'ls', name: 'LS', env: 'dev', readOnly: true, endpoint: 'http://127.0.0.1:9', region: 'us-east-1' });
    expect(localstack.outcome).toBe('not-applicable');
    expect(localstack.reason).toContain('LocalStack does not enforce IAM');
    expect(aws.fake.requests).toHaveLength(0);
  });
});

describe('blind self-check: which principal is simulated', () => {
  it('the root user can read everything: no simulation', async () => {
    aws.fake.state.caller = { arn: `arn:aws:iam::${aws.account}:root`, account: aws.account };
    const verdict = await check();
    expect(verdict.outcome).toBe('can-read');
    expect(verdict.reason).toContain('root user');
    expect(simulated()).toHaveLength(0);
  });

  it('an IAM user is simulated as it is', async () => {
    const user = `arn:aws:iam::${aws.account}:user/ops/ana`;
    aws.fake.state.caller = { arn: user, account: aws.account };
    aws.fake.state.users = new Set([user]);
    const verdict = await check();
    expect(verdict.outcome).toBe('cannot-read');
    expect(simulated()[0]?.params.get('PolicySourceArn')).toBe(user);
    expect(aws.fake.requests.some((request) => request.action === 'GetRole')).toBe(false);
  });

  it("an assumed role is simulated as its role, with the path iam:GetRole answers", async () => {
    const withPath = `arn:aws:iam::${aws.account}:role/teams/support/support`;
    aws.fake.state.roles = new Map([['support', withPath]]);
    const verdict = await check();
    expect(verdict.outcome).toBe('cannot-read');
    expect(verdict.identity).toMatchObject({ callerArn: `arn:aws:sts::${aws.account}:assumed-role/support/someone@example.com`, principalArn: withPath, pathAssumed: false });
    expect(simulated()[0]?.params.get('PolicySourceArn')).toBe(withPath);
    // IAM is global: signed for us-east-1 whatever the profile's region; STS for the profile's region.
    const profileInEu = await checkBlindAccess(aws.profile({ region: 'eu-central-1' }), deps);
    // The served vault is in another region, so the env's secrets cannot be listed: not a plain "cannot read".
    expect(profileInEu.outcome).toBe('unverified');
    expect(profileInEu.reason).toContain("the env's secrets could not be listed");
    const scopes = aws.fake.requests.slice(-3).map((request) => `${request.action} ${request.scope.split('/').slice(1).join('/')}`);
    expect(scopes).toEqual(['GetCallerIdentity eu-central-1/sts', 'GetRole us-east-1/iam', 'SimulatePrincipalPolicy us-east-1/iam']);
  });

  it('GetRole denied: the path "/" is assumed and said so', async () => {
    aws.fake.state.getRole = 'deny';
    const verdict = await check();
    expect(verdict.outcome).toBe('cannot-read');
    expect(verdict.identity).toMatchObject({ principalArn: ROLE(), pathAssumed: true });
    expect(verdict.limits.join(' ')).toContain('path was assumed');
  });

  it('GetRole denied and the role has a path: unverified, asking for iam:GetRole', async () => {
    aws.fake.state.getRole = 'deny';
    aws.fake.state.roles = new Map([['support', `arn:aws:iam::${aws.account}:role/teams/support`]]);
    const verdict = await check();
    expect(verdict.outcome).toBe('unverified');
    expect(verdict.missingPermissions).toEqual(['iam:GetRole']);
    expect(verdict.reason).toContain('path');
  });

  it('a federated user cannot be simulated: unverified, with why', async () => {
    aws.fake.state.caller = { arn: `arn:aws:sts::${aws.account}:federated-user/ana`, account: aws.account };
    const verdict = await check();
    expect(verdict.outcome).toBe('unverified');
    expect(verdict.reason).toContain('federated user');
    expect(simulated()).toHaveLength(0);
  });
});
