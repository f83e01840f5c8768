/**
 * The least-privilege IAM policy for a person using Foundry Secrets, generated from the one list of
 * calls the app's client may make (src/shared/secret-operations.ts), so the policy grants what the
 * app does and nothing else. Pure: the CLI (`foundry-secrets iam`), main (saving the file) and the
 * renderer (the Least privilege screen) all call `generatePolicy`.
 *
 * admin: status and every change the app makes (write, rotate, delete, restore).
 * support: status only (ListSecrets + DescribeSecret).
 * Neither may ever read a value: GetSecretValue is never allowed, and is explicitly denied on the
 * same scope, so an Allow in another policy attached to the identity cannot bring it back.
 */
import { z } from 'zod';
import { AppError } from './errors';
import { envSchema, orgIdSchema, SECRET_ID_PREFIX, type Env } from './naming';
import { awsRegionSchema } from './profiles';
import { strictObject } from './schema-kit';
import { iamAction, operationsOfClass, SECRET_OPERATIONS, type SecretOperation } from './secret-operations';

export const IAM_ROLES = ['admin', 'support'] as const;
export type IamRole = (typeof IAM_ROLES)[number];

export const IAM_ROLE_SUMMARY: Readonly<Record<IamRole, string>> = {
  admin: 'Write, rotate, delete, restore and see the status of secrets. Never read a value.',
  support: 'See the status of secrets only (configured or not, dates, deletion). Never read a value, never change one.',
};

export const accountIdSchema = z.string({ error: 'must be text' }).regex(/^\d{12}$/, { error: 'must be a 12-digit AWS account id, such as 123456789012' });

export const policyOptionsSchema = strictObject({
  role: z.enum(IAM_ROLES, { error: `must be one of ${IAM_ROLES.join(', ')}` }),
  env: envSchema,
  /** One organization; without it the whole env. */
  org: orgIdSchema.optional(),
  /** Pins the resources to one account; without it `*`. */
  account: accountIdSchema.optional(),
  /** Pins the resources to one region (and picks the partition); without it `*` in the aws partition. */
  region: awsRegionSchema.optional(),
  /** admin: also deny deleting without a recovery window (the app's "Delete now" is then refused). */
  denyForceDelete: z.boolean({ error: 'must be true or false' }).optional(),
}).refine((options) => options.denyForceDelete !== true || options.role === 'admin', {
  // Said, not silently dropped: support cannot delete at all, so the option means nothing there.
  error: 'applies to the admin role only (support cannot delete at all)',
  path: ['denyForceDelete'],
});
export type PolicyOptions = z.input<typeof policyOptionsSchema>;
export type ValidPolicyOptions = z.output<typeof policyOptionsSchema>;

export interface IamPolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | readonly string[];
  readonly Resource: string;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export interface IamPolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly IamPolicyStatement[];
}

export interface PolicyCaveat {
  /** Stable, for tests and list keys. */
  readonly id: 'list-account-wide' | 'explicit-deny' | 'resource-policies' | 'kms' | 'force-delete' | 'prefix-scope' | 'unpinned' | 'self-check';
  readonly text: string;
}

export interface GeneratedPolicy {
  readonly policy: IamPolicyDocument;
  readonly caveats: readonly PolicyCaveat[];
}

/** The field of the options a validation failure is about, for `--flag` and form messages. */
export type PolicyOptionField = keyof ValidPolicyOptions;

/** Parses the options; throws AppError VALIDATION naming the field and its rule (never the value). */
export function parsePolicyOptions(input: unknown): ValidPolicyOptions {
  const parsed = policyOptionsSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = typeof issue?.path[0] === 'string' ? issue.path[0] : undefined;
  const message = issue?.message ?? 'is not valid';
  throw new AppError('VALIDATION', field ? `The policy's ${field} ${message}.` : `The policy options ${message}.`, field ? { field, rule: message } : {});
}

/** Regions outside the aws partition, by prefix (longest first: us-isob- before us-iso-). */
const PARTITION_PREFIXES: readonly (readonly [string, string])[] = [
  ['cn-', 'aws-cn'],
  ['us-gov-', 'aws-us-gov'],
  ['us-isob-', 'aws-iso-b'],
  ['us-isof-', 'aws-iso-f'],
  ['eu-isoe-', 'aws-iso-e'],
  ['us-iso-', 'aws-iso'],
];

/** aws-cn for China regions, aws-us-gov for GovCloud, the ISO partitions, aws for everything else and for `*`. */
export function partitionOf(region: string | undefined): string {
  const found = PARTITION_PREFIXES.find(([prefix]) => region?.startsWith(prefix) === true);
  if (found) return found[1];
  return 'aws';
}

/** `agentfoundry/{env}/{org}/` or `agentfoundry/{env}/` — what the resource ARN is scoped to. */
export function scopePrefix(env: Env, org: string | undefined): string {
  return `${SECRET_ID_PREFIX}${env}/${org === undefined ? '' : `${org}/`}`;
}

/**
 * The secret ARN pattern of the scope. Secret ARNs end in `-` + 6 random characters, so the name
 * prefix is followed by `*`; the `/` before it keeps org `acme` from matching `acme-corp`.
 */
export function scopeResource(options: Pick<ValidPolicyOptions, 'env' | 'org' | 'account' | 'region'>): string {
  return `arn:${partitionOf(options.region)}:secretsmanager:${options.region ?? '*'}:${options.account ?? '*'}:secret:${scopePrefix(options.env, options.org)}*`;
}

function actions(operations: readonly SecretOperation[]): string[] {
  return operations.flatMap((operation) => [iamAction(operation.name), ...operation.alsoNeeds]);
}

function statements(options: ValidPolicyOptions): IamPolicyStatement[] {
  const resource = scopeResource(options);
  const status = operationsOfClass('status');
  const listed: IamPolicyStatement[] = [
    { Sid: 'ListSecretNamesAccountWideNoResourceScopeExists', Effect: 'Allow', Action: actions(status.filter((op) => !op.resourceScoped)), Resource: '*' },
    { Sid: 'SeeStatusOfSecretsUnderThisPrefix', Effect: 'Allow', Action: actions(status.filter((op) => op.resourceScoped)), Resource: resource },
  ];
  if (options.role === 'admin') {
    listed.push({ Sid: 'WriteRotateDeleteRestoreSecretsUnderThisPrefix', Effect: 'Allow', Action: actions(operationsOfClass('change')), Resource: resource });
  }
  listed.push({ Sid: 'NeverReadSecretValuesUnderThisPrefix', Effect: 'Deny', Action: iamAction('GetSecretValue'), Resource: resource });
  if (options.role === 'admin' && options.denyForceDelete === true) {
    listed.push({
      Sid: 'NeverDeleteWithoutRecoveryWindow',
      Effect: 'Deny',
      Action: iamAction('DeleteSecret'),
      Resource: resource,
      Condition: { Bool: { 'secretsmanager:ForceDeleteWithoutRecovery': 'true' } },
    });
  }
  return listed;
}

function caveats(options: ValidPolicyOptions): PolicyCaveat[] {
  const prefix = scopePrefix(options.env, options.org);
  const list: PolicyCaveat[] = [
    {
      id: 'list-account-wide',
      text: `ListSecrets takes no resource-level permission, so it is granted on "*": a role that may list sees the name, description, tags and dates of every secret in the account and region, not only those under ${prefix} (never a value). Keep other secrets whose names are sensitive in another account.`,
    },
    {
      id: 'prefix-scope',
      text: `Secret ARNs end in "-" and 6 random characters, so the resource is the name prefix ${prefix} followed by "*".${options.org === undefined ? ' Without an org, it covers every organization of the env.' : ' The "/" before "*" keeps other organizations whose id starts the same out.'}`,
    },
    {
      id: 'explicit-deny',
      text: 'GetSecretValue is explicitly denied on the same scope. An explicit Deny wins over any Allow in every other policy attached to this identity (including the policies of its groups), so attaching this policy takes value reads of these secrets away from the identity even where another policy grants them. BatchGetSecretValue needs GetSecretValue on each secret, so it is refused too.',
    },
    {
      id: 'self-check',
      text: 'To let this identity run the app’s blind self-check (can it read values?), also grant it iam:SimulatePrincipalPolicy on its own ARN, and iam:GetRole on its role for an assumed role with a path; without them the check answers "couldn’t verify". They reveal policy decisions, never a secret value.',
    },
    {
      id: 'resource-policies',
      text: 'This policy limits this identity only. A resource policy on a secret can still grant GetSecretValue to other principals (other roles, other accounts); check secrets with a resource policy separately.',
    },
  ];
  if (options.role === 'admin') {
    list.push({
      id: 'kms',
      text: 'Secrets encrypted with a customer-managed KMS key also need kms:GenerateDataKey and kms:Decrypt (CreateSecret, PutSecretValue) and kms:Encrypt (UpdateSecret) on that key, granted here or in the key policy. The AWS-managed key aws/secretsmanager needs none in the same account.',
    });
    list.push({
      id: 'force-delete',
      text:
        options.denyForceDelete === true
          ? 'Deleting without a recovery window (ForceDeleteWithoutRecovery) is denied: the app’s "Delete now" will be refused; scheduled deletion (7–30 days) and restore still work.'
          : 'DeleteSecret is allowed with ForceDeleteWithoutRecovery, because the app offers "Delete now" (no recovery window, no restore). Deny it (--deny-force-delete) to keep every deletion restorable.',
    });
  }
  const open = [options.account === undefined && 'account', options.region === undefined && 'region'].filter((part): part is string => typeof part === 'string');
  if (open.length > 0) {
    const partition = options.region === undefined ? ' The partition is aws; give a region to write a policy for China (cn-…) or GovCloud (us-gov-…).' : '';
    list.push({
      id: 'unpinned',
      text: `The ${open.join(' and ')} ${open.length > 1 ? 'are' : 'is'} "*": the policy covers these names in every ${open.join(' and ')} this identity reaches. Give the ${open.join(' and ')} to pin it.${partition}`,
    });
  }
  return list;
}

/** The policy for `options` and what IAM cannot express about it. Throws AppError VALIDATION on bad options. */
export function generatePolicy(input: PolicyOptions): GeneratedPolicy {
  const options = parsePolicyOptions(input);
  return { policy: { Version: '2012-10-17', Statement: statements(options) }, caveats: caveats(options) };
}

/** The policy as a file or the clipboard has it: JSON with a 2-space indent and a final newline. */
export function policyJson(policy: IamPolicyDocument): string {
  return `${JSON.stringify(policy, null, 2)}\n`;
}

/** `foundry-iam-admin-dev-acme.json`: ids only, so it is safe in a file name. */
export function policyFileName(options: ValidPolicyOptions): string {
  return `foundry-iam-${options.role}-${options.env}${options.org === undefined ? '' : `-${options.org}`}.json`;
}

/** Every IAM action either role may be granted; the tests hold this against the value reads. */
export const GRANTABLE_ACTIONS: readonly string[] = SECRET_OPERATIONS.flatMap((operation) => [iamAction(operation.name), ...operation.alsoNeeds]);

/** The answer of saveIamPolicy: whether it was saved, and where (the path the person chose). */
export const saveIamPolicyResultSchema = strictObject({
  /** false when the person cancelled the save dialog. */
  saved: z.boolean(),
  path: z.string().min(1).max(4096).optional(),
});
export type SaveIamPolicyResult = z.output<typeof saveIamPolicyResultSchema>;
