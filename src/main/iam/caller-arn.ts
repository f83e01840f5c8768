/**
 * What kind of principal an STS caller ARN names. IAM's policy simulator takes IAM users and roles,
 * not STS sessions, so an assumed-role session is turned into its role; the root user and
 * federated users cannot be simulated at all.
 */

export type CallerPrincipal =
  | { readonly kind: 'root'; readonly partition: string; readonly account: string }
  | { readonly kind: 'user'; readonly partition: string; readonly account: string; readonly arn: string }
  | { readonly kind: 'assumed-role'; readonly partition: string; readonly account: string; readonly roleName: string }
  | { readonly kind: 'federated-user'; readonly partition: string; readonly account: string }
  | { readonly kind: 'unknown' };

// arn:PARTITION:SERVICE::ACCOUNT:RESOURCE — IAM and STS ARNs have no region.
const ARN = /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc):(iam|sts)::(\d{12}):(.+)$/;
// Role names: 1–64 of [\w+=,.@-] (IAM's own rule).
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

export function parseCallerArn(arn: string): CallerPrincipal {
  const match = ARN.exec(arn);
  if (!match) return { kind: 'unknown' };
  const [, partition = 'aws', service, account = '', resource = ''] = match;
  if (service === 'iam' && resource === 'root') return { kind: 'root', partition, account };
  if (service === 'iam' && resource.startsWith('user/')) return { kind: 'user', partition, account, arn };
  if (service === 'sts' && resource.startsWith('assumed-role/')) {
    // assumed-role/ROLE/SESSION: the STS ARN drops the role's path, so ROLE is the last path segment.
    const [, roleName = '', session] = resource.split('/');
    if (ROLE_NAME.test(roleName) && session) return { kind: 'assumed-role', partition, account, roleName };
  }
  if (service === 'sts' && resource.startsWith('federated-user/')) return { kind: 'federated-user', partition, account };
  return { kind: 'unknown' };
}

/** The role's IAM ARN when its path is unknown: the default path `/`. */
export function roleArnWithoutPath(caller: Extract<CallerPrincipal, { kind: 'assumed-role' }>): string {
  return `arn:${caller.partition}:iam::${caller.account}:role/${caller.roleName}`;
}
