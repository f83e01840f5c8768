/**
 * The blind self-check: can the identity behind an AWS profile read secret values? The app never
 * does (its client refuses GetSecretValue), but the blind promise holds in IAM only if the identity
 * cannot either. STS names the caller, IAM's policy simulator decides GetSecretValue and
 * BatchGetSecretValue on every secret of the env, a made-up new secret in each of its organizations
 * and one in a made-up new organization (self-check-resources.ts).
 *
 * The worst answer is a false "cannot read", so that verdict needs proof: every pair asked was
 * answered, every answer is a deny, no deny lacked request context (MFA, source IP…), and the env's
 * secrets were all listed. Anything less is "unverified", saying why; any allow is "can read".
 *
 * Never throws for a backend failure: an expired sign-in or an unreachable endpoint is an
 * "unverified" verdict carrying the app's usual error. Nothing of the credentials is kept.
 */
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { AppError } from '../../shared/errors';
import type { AwsProfile, Profile } from '../../shared/profiles';
import type { SelfCheckDecision, SelfCheckVerdict } from '../../shared/self-check';
import { addDateGuard } from '../../shared/sdk-date-guard';
import { READ_ACTIONS } from '../../shared/self-check';
import { iamClientConfig, stsClientConfig, type ClientFactoryDeps } from '../backends/client-factory';
import { shellWord, toAppError } from '../backends/sdk-errors';
import { parseCallerArn, roleArnWithoutPath } from './caller-arn';
import { resourcesToCheck, type Coverage, type CoverageOptions } from './self-check-resources';
import { simulateReads, type Simulation } from './simulate';
import { SELF_CHECK_LIMITS, fitText, isAccessDenied, isNoSuchEntity, isRefused, listSome } from './self-check-words';

export { PROBE_SECRET } from './self-check-resources';

/** Schema maxima of the verdict (src/shared/self-check.ts): a verdict over them is withheld. */
const MAX_REASON = 2000;
const MAX_LIMIT = 500;
const MAX_DECISIONS = 40;
const MAX_COMMAND = 8192;

export interface SelfCheckOptions extends CoverageOptions {
  readonly clock?: () => Date;
  /** Resource ARNs per simulation call (tests use small chunks). */
  readonly simulateChunk?: number;
}

type Base = Pick<SelfCheckVerdict, 'profileId' | 'kind' | 'readOnly' | 'checkedAt' | 'cached' | 'decisions' | 'missingPermissions' | 'limits'>;

export async function checkBlindAccess(profile: Profile, deps: ClientFactoryDeps, options: SelfCheckOptions = {}): Promise<SelfCheckVerdict> {
  const base: Base = {
    profileId: profile.id,
    kind: profile.kind,
    readOnly: profile.readOnly,
    checkedAt: (options.clock ?? (() => new Date()))().toISOString(),
    cached: false,
    decisions: [],
    missingPermissions: [],
    limits: [],
  };
  if (profile.kind === 'embedded') {
    return {
      ...base,
      outcome: 'not-applicable',
      reason:
        'The embedded vault has no IAM: whoever can use this computer account holds its key. The app itself still never reads a value (its client refuses GetSecretValue); the check applies to AWS profiles.',
    };
  }
  if (profile.kind === 'localstack') {
    return {
      ...base,
      outcome: 'not-applicable',
      reason: 'LocalStack does not enforce IAM by default, so any caller can read values there and a simulation would prove nothing. Run the check on the AWS profile the support staff use.',
    };
  }
  return checkAws(profile, deps, base, options);
}

async function checkAws(profile: AwsProfile, deps: ClientFactoryDeps, base: Base, options: SelfCheckOptions): Promise<SelfCheckVerdict> {
  const failed = (error: unknown, service: 'STS' | 'IAM'): SelfCheckVerdict => {
    // The shared mapping speaks of Secrets Manager permissions; a refusal here is STS's or IAM's.
    const wire = isRefused(error) ? deniedBy(service, profile).toWire() : toAppError(error, { profile }).toWire();
    return { ...base, outcome: 'unverified', reason: fitText(`Could not check: ${wire.message}`, MAX_REASON), error: wire };
  };

  let callerArn: string;
  let account: string;
  try {
    const sts = addDateGuard(new STSClient(await stsClientConfig(profile, deps)));
    try {
      const answer = await sts.send(new GetCallerIdentityCommand({}));
      callerArn = answer.Arn ?? '';
      account = answer.Account ?? '';
    } finally {
      sts.destroy();
    }
  } catch (error) {
    return failed(error, 'STS');
  }

  const caller = parseCallerArn(callerArn);
  const identity = { account: account.slice(0, 32), callerArn: callerArn.slice(0, 2048), pathAssumed: false };
  switch (caller.kind) {
    case 'root':
      return {
        ...base,
        outcome: 'can-read',
        identity,
        reason: `This profile signs in as the root user of account ${caller.account}, which can do anything in the account — read every secret value included — and no IAM policy limits it. Use an IAM role or user with the generated policy instead.`,
      };
    case 'federated-user':
    case 'unknown':
      return {
        ...base,
        outcome: 'unverified',
        identity,
        reason:
          caller.kind === 'federated-user'
            ? "This profile signs in as a federated user (GetFederationToken); IAM's simulator cannot simulate one, because its rights are those of the user who made the token narrowed by the session policy. Check that user's policies instead."
            : "STS named a caller this check does not recognise as an IAM user or role, so IAM's simulator cannot be asked about it.",
      };
    case 'user':
    case 'assumed-role':
      break;
  }

  let iam: IAMClient;
  try {
    iam = addDateGuard(new IAMClient(await iamClientConfig(profile, deps)));
  } catch (error) {
    return failed(error, 'IAM');
  }
  try {
    let principalArn = caller.kind === 'user' ? caller.arn : roleArnWithoutPath(caller);
    let pathAssumed = false;
    if (caller.kind === 'assumed-role') {
      try {
        const role = await iam.send(new GetRoleCommand({ RoleName: caller.roleName }));
        principalArn = role.Role?.Arn ?? principalArn;
      } catch (error) {
        if (!isAccessDenied(error)) return failed(error, 'IAM');
        // The STS ARN lacks the role's path; without iam:GetRole the default path is the best guess.
        pathAssumed = true;
      }
    }
    const who = { ...identity, principalArn, pathAssumed };

    const coverage = await resourcesToCheck(profile, deps, caller, options);
    let simulation: Simulation;
    try {
      simulation = await simulateReads(iam, principalArn, coverage.arns, options.simulateChunk);
    } catch (error) {
      const needs = ['iam:SimulatePrincipalPolicy', ...(pathAssumed ? ['iam:GetRole'] : [])];
      if (isAccessDenied(error)) {
        return {
          ...base,
          outcome: 'unverified',
          identity: who,
          missingPermissions: needs,
          checkCommand: simulateCommand(principalArn, coverage.arns),
          reason: fitText(
            `IAM did not let this identity run its policy simulator, so whether it can read values is unknown. Ask an administrator to allow iam:SimulatePrincipalPolicy on ${principalArn}${pathAssumed ? ' (and iam:GetRole on it, so the role\u2019s path is read rather than assumed)' : ''}, or to run the check for you with the command below.`,
            MAX_REASON,
          ),
        };
      }
      if (isNoSuchEntity(error)) {
        return {
          ...base,
          outcome: 'unverified',
          identity: who,
          missingPermissions: pathAssumed ? ['iam:GetRole'] : [],
          reason: fitText(
            pathAssumed
              ? `IAM knows no role ${principalArn}: the role has a path, which the STS ARN does not show, and iam:GetRole was denied so the path could not be read. Allow iam:GetRole on the role and check again.`
              : `IAM knows no principal ${principalArn}. Check again after the identity exists.`,
            MAX_REASON,
          ),
        };
      }
      return failed(error, 'IAM');
    }

    const limits = [...SELF_CHECK_LIMITS];
    if (simulation.missingContext.length > 0) {
      limits.push(fitText(`The simulator had no value for ${listSome(simulation.missingContext, 5, ', ')}; a condition on them was evaluated without it, so a real request may be decided differently.`, MAX_LIMIT));
    }
    if (pathAssumed) limits.push(fitText(`iam:GetRole was denied, so the role's path was assumed to be "/" (${principalArn}).`, MAX_LIMIT));
    const judged = judge(simulation, coverage);
    return { ...base, identity: who, decisions: shown(simulation.decisions), limits, outcome: judged.outcome, reason: fitText(judged.reason, MAX_REASON) };
  } finally {
    iam.destroy();
  }
}

type Judged = Pick<SelfCheckVerdict, 'outcome' | 'reason'>;

/** The verdict from all of IAM's decisions: an allow proves "can read"; "cannot read" needs full proof. */
function judge(simulation: Simulation, coverage: Coverage): Judged {
  const allowed = simulation.decisions.filter((entry) => entry.decision === 'allowed');
  const first = allowed[0];
  if (first) {
    const statements = first.matchedStatements.length > 0 ? `, matched by ${listSome(first.matchedStatements, 3)}` : '';
    const others = allowed.length > 1 ? ` It allows ${allowed.length - 1} more of the action and secret pairs checked.` : '';
    return {
      outcome: 'can-read',
      reason: `This identity can read secret values: IAM allows ${first.action} on ${first.resource}${statements}.${others}`,
    };
  }
  if (simulation.unknownDecisions) {
    return { outcome: 'unverified', reason: 'IAM answered the simulation with decisions this check does not know, so it cannot say whether values can be read.' };
  }
  const lacking =
    simulation.missingContext.length > 0
      ? `the simulation lacked ${listSome(simulation.missingContext, 5, ', ')}: a policy that allows reads under a condition on them (MFA, source IP, VPC endpoint\u2026) may allow a real request. Review the policies' conditions on these keys.`
      : '';
  if (simulation.unanswered > 0 || simulation.decisions.length === 0) {
    return {
      outcome: 'unverified',
      reason: `IAM did not answer ${simulation.unanswered} of the ${simulation.asked} action and secret pairs asked, so whether this identity can read values is unknown.${lacking ? ` Also, ${lacking}` : ' Check again; if it persists, run the check with the AWS CLI.'}`,
    };
  }
  if (lacking) {
    return { outcome: 'unverified', reason: `IAM denied every read checked, but that is no proof: ${lacking}` };
  }
  const covered = coverageText(coverage);
  if (coverage.exceeded || coverage.listError !== undefined) {
    const why = coverage.exceeded
      ? `only the first ${coverage.secrets} of the env's secrets were checked (it has more)`
      : `the env's secrets could not be listed (${coverage.listError}), so only ${coverage.secrets} of them were checked`;
    return {
      outcome: 'unverified',
      reason: `Not fully checked: ${why}. IAM denies reading ${covered}, but a policy naming an unchecked secret would not show.`,
    };
  }
  const explicit = simulation.decisions.some((entry) => entry.decision === 'explicitDeny');
  return {
    outcome: 'cannot-read',
    reason: `This identity cannot read secret values: IAM denies ${READ_ACTIONS.join(' and ')} on ${covered} (${explicit ? 'an explicit deny' : 'no policy allows them'}).`,
  };
}

function coverageText(coverage: Coverage): string {
  const secrets = coverage.exceeded || coverage.listError !== undefined ? `the ${coverage.secrets} secrets checked` : `all ${coverage.secrets} secrets of the env`;
  return `${secrets}, a new secret in each of its ${coverage.orgs} organizations and one in a new organization`;
}

/** What the verdict shows (the schema caps it): allows first, then explicit denies, then the rest. */
function shown(decisions: readonly SelfCheckDecision[]): SelfCheckDecision[] {
  const rank = { allowed: 0, explicitDeny: 1, implicitDeny: 2 } as const;
  return [...decisions].sort((a, b) => rank[a.decision] - rank[b.decision]).slice(0, MAX_DECISIONS);
}

/** The AWS CLI command an administrator can run instead; the probes come first, so they always fit. */
function simulateCommand(principalArn: string, arns: readonly string[]): string {
  let command = `aws iam simulate-principal-policy --policy-source-arn ${shellWord(principalArn)} --action-names ${READ_ACTIONS.join(' ')} --resource-arns`;
  let included = 0;
  for (const arn of arns) {
    const word = ` ${shellWord(arn)}`;
    if (command.length + word.length > MAX_COMMAND - 100) break;
    command += word;
    included++;
  }
  const left = arns.length - included;
  return left > 0 ? `${command} # and ${left} more secret ARNs of the env, in further calls` : command;
}

function deniedBy(service: 'STS' | 'IAM', profile: AwsProfile): AppError {
  const who = `AWS profile ${profile.awsProfile}`;
  return new AppError(
    'ACCESS_DENIED',
    service === 'STS'
      ? `STS refused sts:GetCallerIdentity for ${who}, so the caller, and whether it can read values, is unknown. No IAM policy can deny that call, so check the profile's credentials (revoked, mistyped, another account's) (\`aws sts get-caller-identity --profile ${shellWord(profile.awsProfile)}\`) and any VPC endpoint policy in the way.`
      : `IAM refused the self-check's request for ${who}. Check the profile's credentials, and ask an administrator for iam:SimulatePrincipalPolicy and iam:GetRole on this identity.`,
  );
}
