/**
 * The generated least-privilege policies: for each role and scope, what is allowed, what is denied,
 * where IAM cannot scope (said in a caveat), and that bad options are refused without echoing them.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/shared/errors';
import { generatePolicy, partitionOf, policyFileName, policyJson, type IamPolicyStatement, type PolicyOptions } from '../../src/shared/iam-policy';
import { SECRET_OPERATIONS, VALUE_READING_OPERATIONS } from '../../src/shared/secret-operations';

/** Every IAM action that can return a secret value, whatever the case or wildcard. */
const READ_ACTION = /^secretsmanager:(GetSecretValue|BatchGetSecretValue|\*|Get\*|Batch\*)$/i;
const CHANGE_ACTIONS = SECRET_OPERATIONS.filter((op) => op.class === 'change').map((op) => `secretsmanager:${op.name}`);

function actionsOf(statement: IamPolicyStatement): string[] {
  return typeof statement.Action === 'string' ? [statement.Action] : [...statement.Action];
}
function allowed(statements: readonly IamPolicyStatement[]): string[] {
  return statements.filter((s) => s.Effect === 'Allow').flatMap(actionsOf);
}
function bySid(statements: readonly IamPolicyStatement[], sid: string): IamPolicyStatement {
  const found = statements.find((s) => s.Sid === sid);
  if (!found) throw new Error(`no statement ${sid}`);
  return found;
}

const scopes: { name: string; options: Omit<PolicyOptions, 'role'>; resource: string }[] = [
  { name: 'one env', options: { env: 'dev' }, resource: 'arn:aws:secretsmanager:*:*:secret:agentfoundry/dev/*' },
  { name: 'one org', options: { env: 'prod', org: 'acme-corp' }, resource: 'arn:aws:secretsmanager:*:*:secret:agentfoundry/prod/acme-corp/*' },
  {
    name: 'one org in one account and region',
    options: { env: 'staging', org: 'acme', account: '123456789012', region: 'eu-central-1' },
    resource: 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:agentfoundry/staging/acme/*',
  },
];

describe.each(['admin', 'support'] as const)('%s', (role) => {
  it.each(scopes)('$name: valid policy JSON, scoped as asked, no read allowed and the read denied', ({ options, resource }) => {
    const { policy, caveats } = generatePolicy({ role, ...options });
    // Valid JSON that IAM takes: the version, self-explaining alphanumeric Sids, actions service:Op.
    const parsed = JSON.parse(policyJson(policy)) as typeof policy;
    expect(parsed).toEqual(policy);
    expect(parsed.Version).toBe('2012-10-17');
    const sids = parsed.Statement.map((s) => s.Sid);
    expect(new Set(sids).size).toBe(sids.length);
    for (const statement of parsed.Statement) {
      expect(statement.Sid).toMatch(/^[A-Za-z0-9]{10,}$/);
      expect(['Allow', 'Deny']).toContain(statement.Effect);
      for (const action of actionsOf(statement)) expect(action).toMatch(/^secretsmanager:[A-Z][A-Za-z]+$/);
    }
    // A managed policy holds at most 6,144 characters (whitespace not counted).
    expect(JSON.stringify(policy).length).toBeLessThan(6144);

    // Nothing that reads a value is allowed; GetSecretValue is explicitly denied on the same scope.
    for (const action of allowed(parsed.Statement)) expect(action).not.toMatch(READ_ACTION);
    const deny = bySid(parsed.Statement, 'NeverReadSecretValuesUnderThisPrefix');
    expect(deny).toMatchObject({ Effect: 'Deny', Action: 'secretsmanager:GetSecretValue', Resource: resource });
    expect(caveats.map((c) => c.id)).toContain('explicit-deny');
    expect(caveats.find((c) => c.id === 'explicit-deny')?.text).toMatch(/explicit Deny wins over any Allow/);

    // ListSecrets is the only action on "*", with the caveat that says why and what it means.
    const wide = parsed.Statement.filter((s) => s.Resource === '*');
    expect(wide).toEqual([{ Sid: 'ListSecretNamesAccountWideNoResourceScopeExists', Effect: 'Allow', Action: ['secretsmanager:ListSecrets'], Resource: '*' }]);
    expect(caveats.find((c) => c.id === 'list-account-wide')?.text).toMatch(/no resource-level permission.*every secret in the account and region/);
    // Everything else is on the scope's prefix ARN, which ends in "/*" (the random 6-character suffix).
    for (const statement of parsed.Statement.filter((s) => s.Resource !== '*')) expect(statement.Resource).toBe(resource);
    expect(resource).toMatch(/\/\*$/);
    expect(bySid(parsed.Statement, 'SeeStatusOfSecretsUnderThisPrefix').Action).toEqual(['secretsmanager:DescribeSecret']);
    expect(caveats.find((c) => c.id === 'resource-policies')?.text).toMatch(/limits this identity only/);
  });
});

describe('the roles differ in changes only', () => {
  it('support may list and describe, and change nothing', () => {
    const { policy, caveats } = generatePolicy({ role: 'support', env: 'dev', org: 'acme' });
    expect(allowed(policy.Statement).sort()).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:ListSecrets']);
    for (const action of CHANGE_ACTIONS) expect(allowed(policy.Statement)).not.toContain(action);
    expect(caveats.map((c) => c.id)).not.toContain('kms');
  });

  it('admin may make every change the app makes: write, rotate, delete, restore', () => {
    const { policy, caveats } = generatePolicy({ role: 'admin', env: 'dev', org: 'acme' });
    const changes = bySid(policy.Statement, 'WriteRotateDeleteRestoreSecretsUnderThisPrefix');
    expect(changes.Effect).toBe('Allow');
    expect([...actionsOf(changes)].sort()).toEqual(
      ['CreateSecret', 'PutSecretValue', 'UpdateSecret', 'UpdateSecretVersionStage', 'DeleteSecret', 'RestoreSecret'].map((op) => `secretsmanager:${op}`).sort(),
    );
    // The app never passes Tags to CreateSecret, so TagResource is not needed.
    expect(allowed(policy.Statement)).not.toContain('secretsmanager:TagResource');
    const kms = caveats.find((c) => c.id === 'kms')?.text ?? '';
    for (const action of ['kms:GenerateDataKey', 'kms:Decrypt', 'kms:Encrypt']) expect(kms).toContain(action);
  });

  it('admin: force delete is allowed (the app offers "Delete now") unless denied on request', () => {
    const open = generatePolicy({ role: 'admin', env: 'dev' });
    expect(open.policy.Statement.some((s) => s.Sid === 'NeverDeleteWithoutRecoveryWindow')).toBe(false);
    expect(open.caveats.find((c) => c.id === 'force-delete')?.text).toMatch(/Delete now/);
    const closed = generatePolicy({ role: 'admin', env: 'dev', denyForceDelete: true });
    expect(bySid(closed.policy.Statement, 'NeverDeleteWithoutRecoveryWindow')).toEqual({
      Sid: 'NeverDeleteWithoutRecoveryWindow',
      Effect: 'Deny',
      Action: 'secretsmanager:DeleteSecret',
      Resource: 'arn:aws:secretsmanager:*:*:secret:agentfoundry/dev/*',
      Condition: { Bool: { 'secretsmanager:ForceDeleteWithoutRecovery': 'true' } },
    });
  });

  it('no role is ever allowed a value-reading operation, whatever the options', () => {
    for (const role of ['admin', 'support'] as const) {
      for (const denyForceDelete of role === 'admin' ? [true, false] : [false]) {
        const text = JSON.stringify(generatePolicy({ role, env: 'prod', denyForceDelete }).policy.Statement.filter((s) => s.Effect === 'Allow'));
        for (const read of VALUE_READING_OPERATIONS) expect(text).not.toContain(read);
      }
    }
  });
});

describe('account, region and partition', () => {
  it.each([
    ['us-east-1', 'aws'],
    ['cn-north-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['us-iso-east-1', 'aws-iso'],
    ['us-isob-east-1', 'aws-iso-b'],
    ['eu-isoe-west-1', 'aws-iso-e'],
    [undefined, 'aws'],
  ] as const)('%s → %s', (region, partition) => {
    expect(partitionOf(region)).toBe(partition);
    const { policy, caveats } = generatePolicy({ role: 'support', env: 'dev', account: '000000000042', ...(region !== undefined && { region }) });
    expect(bySid(policy.Statement, 'SeeStatusOfSecretsUnderThisPrefix').Resource).toBe(`arn:${partition}:secretsmanager:${region ?? '*'}:000000000042:secret:agentfoundry/dev/*`);
    expect(caveats.some((c) => c.id === 'unpinned')).toBe(region === undefined);
  });

  it('refuses deny-force-delete for support (it cannot delete at all) instead of dropping it silently', () => {
    expect(() => generatePolicy({ role: 'support', env: 'dev', denyForceDelete: true })).toThrow(/admin role only/);
  });

  it('says what the blind self-check needs, for both roles', () => {
    for (const role of ['admin', 'support'] as const) {
      expect(generatePolicy({ role, env: 'dev' }).caveats.find((c) => c.id === 'self-check')?.text).toMatch(/iam:SimulatePrincipalPolicy on its own ARN/);
    }
  });

  it('says when account and region are left open', () => {
    const caveat = generatePolicy({ role: 'support', env: 'dev' }).caveats.find((c) => c.id === 'unpinned')?.text;
    expect(caveat).toMatch(/^The account and region are "\*"/);
  });

  it('names the file by role, env and org only', () => {
    expect(policyFileName({ role: 'admin', env: 'dev', org: 'acme' })).toBe('foundry-iam-admin-dev-acme.json');
    expect(policyFileName({ role: 'support', env: 'prod' })).toBe('foundry-iam-support-prod.json');
  });
});

describe('bad options are refused, naming the field and never the value', () => {
  const bad: { name: string; input: unknown; field: string; rule: RegExp }[] = [
    { name: 'an unknown role', input: { role: 'reader', env: 'dev' }, field: 'role', rule: /one of admin, support/ },
    { name: 'an unknown env', input: { role: 'admin', env: 'qa-sk-live-1234' }, field: 'env', rule: /one of dev, staging, prod/ },
    { name: 'an org with a "/"', input: { role: 'admin', env: 'dev', org: 'acme/../other' }, field: 'org', rule: /must not contain "\/"/ },
    { name: 'an org with a wildcard', input: { role: 'admin', env: 'dev', org: 'acme*' }, field: 'org', rule: /only lower-case letters/ },
    { name: 'an upper-case org', input: { role: 'admin', env: 'dev', org: 'Acme' }, field: 'org', rule: /lower-case/ },
    { name: 'a look-alike org', input: { role: 'admin', env: 'dev', org: 'аcme' }, field: 'org', rule: /plain ASCII/ },
    { name: 'an 11-digit account', input: { role: 'admin', env: 'dev', account: '98765432101' }, field: 'account', rule: /12-digit/ },
    { name: 'an account with letters', input: { role: 'admin', env: 'dev', account: '98765432101a' }, field: 'account', rule: /12-digit/ },
    { name: 'a region with a wildcard', input: { role: 'admin', env: 'dev', region: 'us-*' }, field: 'region', rule: /AWS region name/ },
    { name: 'an unknown field', input: { role: 'admin', env: 'dev', action: '*' }, field: '', rule: /unknown field/ },
    { name: 'a missing env', input: { role: 'admin' }, field: 'env', rule: /one of/ },
  ];
  it.each(bad)('$name', ({ input, field, rule }) => {
    let failure: unknown;
    try {
      generatePolicy(input as PolicyOptions);
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(AppError);
    const error = failure as AppError;
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toMatch(rule);
    if (field) expect(error.details?.['field']).toBe(field);
    for (const value of Object.values(input as Record<string, string>)) if (!['admin', 'dev'].includes(value)) expect(error.message).not.toContain(value);
  });
});
