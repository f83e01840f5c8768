/**
 * Which secret ARNs the self-check asks IAM about. A "cannot read" is only as good as its coverage:
 * a policy can allow one org (`agentfoundry/prod/zeta/*`), one named secret, or a whole env, so the
 * check asks about every secret of the env (all ListSecrets pages, up to a bound), a made-up new
 * secret in each organization seen (an org-wide allow shows even if it names no existing secret)
 * and a made-up secret in a made-up organization (an env-wide allow shows before any secret exists).
 */
import { ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import { envPrefix, nameSegmentProblem } from '../../shared/naming';
import type { AwsProfile } from '../../shared/profiles';
import { createSecretsClient, resolveAwsRegion, type ClientFactoryDeps } from '../backends/client-factory';
import { errorNameOf } from './self-check-words';

/** Secrets of one env the check asks about at most; beyond it the verdict cannot be "cannot read". */
export const MAX_LISTED_SECRETS = 5000;
const LIST_PAGE_SIZE = 100;
/**
 * The made-up org of the env-level probe. It is a valid org id (nothing stops an org being named
 * so), which is harmless: the probe stands for "a secret nobody created yet", not for a real org.
 */
export const PROBE_ORG = 'self-check-probe';
/** Made-up names; the `-AbCdEf` stands for the six random characters AWS appends to every ARN. */
export const PROBE_SECRET = `${PROBE_ORG}/shared/no-such-secret-AbCdEf`;
export const ORG_PROBE_NAME = 'shared/self-check-probe-AbCdEf';

export interface Coverage {
  /** Every ARN to simulate: probes first (so a suggested command keeps them), then the listed secrets. */
  readonly arns: readonly string[];
  readonly secrets: number;
  readonly orgs: number;
  /** The env has more secrets than the bound: only the first `secrets` were listed. */
  readonly exceeded: boolean;
  /** The listing failed (error name only): only the probes were checked. */
  readonly listError?: string;
}

export interface CoverageOptions {
  readonly maxListedSecrets?: number;
  readonly listPageSize?: number;
}

export async function resourcesToCheck(
  profile: AwsProfile,
  deps: ClientFactoryDeps,
  principal: { readonly partition: string; readonly account: string },
  options: CoverageOptions = {},
): Promise<Coverage> {
  const region = await resolveAwsRegion(profile, deps.env).catch(() => 'us-east-1');
  const prefix = envPrefix(profile.env);
  const arnOf = (name: string) => `arn:${principal.partition}:secretsmanager:${region}:${principal.account}:secret:${name}`;
  const listed = await listEnvSecrets(profile, deps, prefix, options);
  const probes = [arnOf(`${prefix}${PROBE_SECRET}`), ...[...listed.orgs].map((org) => arnOf(`${prefix}${org}/${ORG_PROBE_NAME}`))];
  return {
    arns: [...probes, ...listed.arns],
    secrets: listed.arns.length,
    orgs: listed.orgs.size,
    exceeded: listed.exceeded,
    ...(listed.error !== undefined && { listError: listed.error }),
  };
}

interface Listed {
  readonly arns: string[];
  readonly orgs: Set<string>;
  exceeded: boolean;
  error?: string;
}

async function listEnvSecrets(profile: AwsProfile, deps: ClientFactoryDeps, prefix: string, options: CoverageOptions): Promise<Listed> {
  const max = options.maxListedSecrets ?? MAX_LISTED_SECRETS;
  const listed: Listed = { arns: [], orgs: new Set(), exceeded: false };
  const seen = new Set<string>();
  try {
    const client = await createSecretsClient(profile, deps);
    try {
      let token: string | undefined;
      // A page holds at least one secret, so more pages than the bound means a looping token.
      for (let page = 0; page <= max; page++) {
        const answer = await client.send(
          new ListSecretsCommand({ MaxResults: options.listPageSize ?? LIST_PAGE_SIZE, Filters: [{ Key: 'name', Values: [prefix] }], ...(token && { NextToken: token }) }),
        );
        for (const secret of answer.SecretList ?? []) {
          if (!secret.ARN || secret.ARN.length > 2048 || seen.has(secret.ARN)) continue;
          if (listed.arns.length >= max) {
            listed.exceeded = true;
            return listed;
          }
          seen.add(secret.ARN);
          listed.arns.push(secret.ARN);
          const org = orgOf(secret.Name, prefix);
          if (org) listed.orgs.add(org);
        }
        const next = answer.NextToken;
        if (!next || next === token) break;
        token = next;
      }
    } finally {
      client.destroy();
    }
  } catch (error) {
    listed.error = errorNameOf(error);
  }
  return listed;
}

/** The org segment of a secret name under the env prefix, when it is a valid org id. */
function orgOf(name: string | undefined, prefix: string): string | undefined {
  if (!name?.startsWith(prefix)) return undefined;
  const org = name.slice(prefix.length).split('/')[0];
  return org !== undefined && nameSegmentProblem('orgId', org) === null ? org : undefined;
}
