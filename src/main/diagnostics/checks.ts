/**
 * The checks of a diagnostics run, one function each. A check answers its status and plain words
 * (what was found, what to do); it may throw, and the runner turns that into a failed check
 * without stopping the others.
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { DEFAULT_DOMAIN_ID } from '../../shared/naming';
import { addDateGuard } from '../../shared/sdk-date-guard';
import { effectiveSource } from '../../shared/secret-fallback';
import { CLOCK_SKEW_FAIL_MS, CLOCK_SKEW_WARN_MS, type DiagnosticCheck, type DiagnosticCheckId, type DiagnosticsSecret } from '../../shared/diagnostics';
import { resolveAwsRegion, stsClientConfig } from '../backends/client-factory';
import { toAppError } from '../backends/sdk-errors';
import { credentialExpiry, credentialSource } from './credential-source';
import { lookForSecret, LOOKUP_LIMITS, type NearMiss } from './near-miss';
import type { Probes } from './probes';

export type CheckResult = Omit<DiagnosticCheck, 'id' | 'durationMs'>;
export type Check = (probes: Probes) => Promise<CheckResult>;

const KIND_LABEL = { embedded: 'The embedded vault', localstack: 'LocalStack', aws: 'AWS Secrets Manager' } as const;

/**
 * An STS caller ARN: partition, service, empty region, 12-digit account, then a resource of IAM's
 * name and path characters (users, roles, assumed-role sessions, federated users; paths up to 512).
 */
const ARN_PATTERN = /^arn:aws[a-z-]{0,20}:(?:iam|sts)::\d{12}:[A-Za-z0-9+=,.@_/:-]{1,1600}$/;
const ACCOUNT_PATTERN = /^\d{12}$/;

/** Expiry closer than this is worth a warning: a long job would fail part-way. */
const EXPIRY_WARN_MS = 15 * 60_000;

export const endpointCheck: Check = async (probes): Promise<CheckResult> => {
  const title = 'Endpoint reachable';
  const probe = await probes.secrets();
  const facts = { endpoint: probe.endpoint || 'unknown', latencyMs: probe.latencyMs };
  if (probe.ok) {
    return { status: 'ok', title, detail: `${KIND_LABEL[probes.profile.kind]} answered a ListSecrets call in ${probe.latencyMs} ms.`, facts };
  }
  return { status: 'fail', title, detail: probe.error.message, facts: { ...facts, code: probe.error.code } };
};

export const localstackHealthCheck: Check = async (probes): Promise<CheckResult> => {
  const title = 'LocalStack health';
  const { profile } = probes;
  if (profile.kind !== 'localstack') return { status: 'skipped', title, detail: `Not a LocalStack profile (${profile.kind}): there is no LocalStack health answer to read.` };
  // Not the Secrets Manager probe: it has its own (longer) bounds, and waiting for it here would
  // turn "LocalStack did not answer" into this check's overall timeout. It is asked only below.
  const [health, info] = await Promise.all([probes.health(), probes.info()]);
  // Whether it is set where this app runs (the container may get it elsewhere): set or not, never its text.
  const tokenFact = { LOCALSTACK_AUTH_TOKEN_here: (probes.deps.env ?? process.env)['LOCALSTACK_AUTH_TOKEN'] ? 'set' : 'not set' };
  if (!health.reachable) {
    return {
      status: 'fail',
      title,
      detail:
        `${health.detail}\nIf the container was started and stopped again: LocalStack images from March 2026 on quit at start without a valid LOCALSTACK_AUTH_TOKEN ` +
        '(exit code 55), which looks the same from here. See `docker compose logs localstack`; set the token in the shell that runs `docker compose up -d localstack`.',
      facts: { endpoint: profile.endpoint, ...tokenFact },
    };
  }
  const looksLikeLocalStack = health.version !== undefined || health.edition !== undefined || health.secretsmanager !== 'missing';
  // A 5xx on the health route is a LocalStack (or the proxy in front of it) that is down, not another server.
  const serverError = /answered HTTP 5\d\d/.test(health.detail);
  if (!looksLikeLocalStack) {
    const secrets = serverError ? undefined : await probes.secrets();
    return secrets?.ok === true
      ? {
          status: 'warn',
          title,
          detail: `The endpoint answers Secrets Manager but not LocalStack's health check, so it is not LocalStack (a served embedded vault or another emulator?). Secrets Manager works; this is only worth knowing.`,
          facts: { endpoint: profile.endpoint },
        }
      : { status: 'fail', title, detail: health.detail, facts: { endpoint: profile.endpoint } };
  }
  const edition = info.edition ?? health.edition;
  const facts = {
    ...(health.version && { version: health.version }),
    ...(edition && { edition }),
    secretsmanager: health.secretsmanager,
    ...(info.licenseActivated !== undefined && { licenseActivated: String(info.licenseActivated) }),
    ...tokenFact,
  };
  // A community edition has no license to activate; any other edition without one runs on borrowed time or not at all.
  const tokenProblem = info.licenseActivated === false && edition !== undefined && edition !== 'community';
  const tokenWords = 'LocalStack runs without an activated license: its auth token is missing or invalid. Set LOCALSTACK_AUTH_TOKEN (https://app.localstack.cloud/settings/auth-tokens) where the container starts, then restart it.';
  if (!health.ready) {
    return { status: 'fail', title, detail: tokenProblem ? `${health.detail}\n${tokenWords}` : health.detail, facts };
  }
  if (tokenProblem) return { status: 'warn', title, detail: `${health.detail}\n${tokenWords}`, facts };
  return { status: 'ok', title, detail: health.detail, facts };
};

export const identityCheck: Check = async (probes): Promise<CheckResult> => {
  const title = 'Identity (STS)';
  const { profile, deps } = probes;
  if (profile.kind === 'embedded') {
    return { status: 'skipped', title, detail: 'The embedded vault has no STS and no AWS identity: whoever can use this computer account holds its key.' };
  }
  const sts = addDateGuard(new STSClient(await stsClientConfig(profile, deps)));
  try {
    const answer = await sts.send(new GetCallerIdentityCommand({}), { abortSignal: probes.signal });
    // Copied into a report a person reads in a terminal: only an identity of the AWS form is shown.
    if (!ARN_PATTERN.test(answer.Arn ?? '') || !ACCOUNT_PATTERN.test(answer.Account ?? '')) {
      return {
        status: 'warn',
        title,
        detail: 'STS answered with an identity the backend described oddly (an ARN or account id not of the AWS form), so it is not shown. Check that the endpoint is the one you meant.',
      };
    }
    const facts = { account: answer.Account ?? 'unknown', arn: answer.Arn ?? 'unknown' };
    return { status: 'ok', title, detail: `Calls are made as ${facts.arn} (account ${facts.account}).`, facts };
  } catch (error) {
    const secrets = await probes.secrets();
    if (profile.kind === 'localstack' && secrets.ok) {
      return {
        status: 'warn',
        title,
        detail: 'The endpoint does not answer STS GetCallerIdentity, so the identity is unknown (LocalStack answers it; a served embedded vault does not). Secrets Manager works.',
      };
    }
    const wire = toAppError(error, { profile });
    return { status: 'fail', title, detail: `STS did not name the caller: ${wire.message}`, facts: { code: wire.code } };
  } finally {
    sts.destroy();
  }
};

export const regionCheck: Check = async (probes): Promise<CheckResult> => {
  const title = 'Region';
  const { profile, deps } = probes;
  if (profile.kind === 'embedded') {
    const built = await probes.client().catch(() => undefined);
    if (!built) return { status: 'skipped', title, detail: 'The embedded vault could not be opened (see "Endpoint reachable"), so its region is unknown.' };
    const { target } = built;
    return { status: 'ok', title, detail: `The embedded vault answers as region ${target.region}.`, facts: { region: target.region } };
  }
  if (profile.kind === 'localstack') return { status: 'ok', title, detail: `Requests are signed for ${profile.region} (set on the profile).`, facts: { region: profile.region, from: 'profile' } };
  const env = deps.env ?? process.env;
  const region = await resolveAwsRegion(profile, env);
  const from = profile.region?.trim() ? 'profile' : env['AWS_REGION']?.trim() ? 'AWS_REGION' : `AWS profile ${profile.awsProfile} in ~/.aws/config`;
  return { status: 'ok', title, detail: `Requests go to ${region} (from ${from === 'profile' ? 'the profile' : from}). Secrets live in one region: a secret written in another one is not seen here.`, facts: { region, from } };
};

/** A Date header further off than this is not a clock difference but a broken server answer. */
const IMPLAUSIBLE_SKEW_MS = 24 * 3_600_000;

export const clockCheck: Check = async (probes): Promise<CheckResult> => {
  const title = 'Clock skew';
  if (probes.profile.kind === 'embedded') return { status: 'skipped', title, detail: 'The embedded vault runs on this computer, on its clock.' };
  const secrets = await probes.secrets();
  const source = secrets.serverDate ? secrets : probes.profile.kind === 'localstack' ? await probes.info() : secrets;
  if (!source.serverDate || !source.receivedAt) return { status: 'skipped', title, detail: 'The endpoint sent no Date header to compare with.' };
  const skewMs = source.serverDate.getTime() - source.receivedAt.getTime();
  // No computer clock is a day off while it still reaches a network: such a Date is the server's
  // fault (or a proxy's), and blaming the local clock would send the user to fix the wrong thing.
  if (!Number.isFinite(skewMs) || Math.abs(skewMs) > IMPLAUSIBLE_SKEW_MS) {
    return { status: 'warn', title, detail: "The server sent an implausible Date header (unreadable, or more than a day off), so the clock skew is unknown: this says nothing about the clock here. Check the endpoint, or a proxy in front of it." };
  }
  // The Date header has whole seconds: up to one second of the difference is its rounding.
  const seconds = Math.round(skewMs / 1000);
  const facts = { skewSeconds: seconds, serverDate: source.serverDate.toISOString() };
  const ahead = skewMs < 0 ? 'ahead of' : 'behind';
  const words = `This computer's clock is about ${Math.abs(seconds)} s ${ahead} the server's.`;
  if (Math.abs(skewMs) > CLOCK_SKEW_FAIL_MS) {
    return { status: 'fail', title, detail: `${words} AWS refuses requests signed more than 5 minutes off. Set this computer's date, time and time zone (turn on network time).`, facts };
  }
  if (Math.abs(skewMs) > CLOCK_SKEW_WARN_MS) return { status: 'warn', title, detail: `${words} Requests still pass (the limit is 5 minutes), but turn on network time before it drifts further.`, facts };
  return { status: 'ok', title, detail: `In step with the server (within ${Math.max(1, Math.abs(seconds))} s).`, facts };
};

export const credentialsCheck: Check = async (probes): Promise<CheckResult> => {
  const title = 'Credential source';
  const { profile, deps } = probes;
  const source = await credentialSource(profile, deps);
  const facts = { source: source.kind };
  if (profile.kind !== 'aws') return { status: 'ok', title, detail: `Credentials: ${source.description}.`, facts };
  let expiry: Date | undefined;
  try {
    expiry = await credentialExpiry(profile, deps);
  } catch (error) {
    const wire = toAppError(error, { profile });
    return { status: 'fail', title, detail: `Credentials: ${source.description}. They could not be loaded: ${wire.message}`, facts: { ...facts, code: wire.code } };
  }
  if (!expiry) return { status: 'ok', title, detail: `Credentials: ${source.description}. They do not expire (no expiry was given).`, facts };
  const left = expiry.getTime() - probes.now().getTime();
  const withExpiry = { ...facts, expires: expiry.toISOString() };
  if (left <= 0) {
    return { status: 'fail', title, detail: `Credentials: ${source.description}. They expired at ${expiry.toISOString()}: sign in again (aws sso login --profile ${profile.awsProfile}).`, facts: withExpiry };
  }
  const minutes = Math.round(left / 60_000);
  if (left < EXPIRY_WARN_MS) return { status: 'warn', title, detail: `Credentials: ${source.description}. They expire in ${minutes} min: sign in again before a long job.`, facts: withExpiry };
  return { status: 'ok', title, detail: `Credentials: ${source.description}. They expire at ${expiry.toISOString()} (in ${minutes} min).`, facts: withExpiry };
};

const NEAR_MISS_WORDS: Readonly<Record<NearMiss['kind'], string>> = {
  'other-env': 'in another env',
  'other-domain': 'in another domain',
  'shared-fallback': "the org's shared secret (the app falls back to it for this domain while it has a current value)",
  case: 'the same id in another letter case (ids are case-sensitive)',
  typo: 'one letter off',
};

function nearMissLine(miss: NearMiss): string {
  const where = miss.kind === 'typo' && miss.segment ? `${NEAR_MISS_WORDS.typo} in the ${miss.segment === 'name' ? 'secret name' : miss.segment}` : NEAR_MISS_WORDS[miss.kind];
  return `- ${miss.secretId}: ${where}${miss.scheduledForDeletion ? ' (scheduled for deletion)' : ''}`;
}

export function lookingForCheck(secret: DiagnosticsSecret): Check {
  return async (probes) => {
    const { client } = await probes.client();
    let found;
    try {
      found = await lookForSecret(client, probes.profile.env, secret, probes.signal);
    } catch (error) {
      const wire = toAppError(error, { profile: probes.profile });
      return { status: 'fail', title: 'Looking for a secret', detail: `The lookup could not finish: ${wire.message}`, facts: { code: wire.code } };
    }
    const title = `Looking for ${found.secretId}`;
    const misses = found.nearMisses.map(nearMissLine);
    const cut = found.truncated
      ? `\nThe listing stopped after ${LOOKUP_LIMITS.globalPages + LOOKUP_LIMITS.orgPages} pages (${found.listed} names) or ${LOOKUP_LIMITS.maxNearMisses} near misses: there may be more.`
      : '';
    const unfit = found.unfit > 0 ? `\n${found.unfit} listed name${found.unfit === 1 ? '' : 's'} that do not fit the naming rules ${found.unfit === 1 ? 'was' : 'were'} left out (not shown).` : '';
    const tail = `${unfit}${cut}`;
    const facts = {
      secretId: found.secretId,
      exists: String(found.exists),
      ...(found.exists && { currentValue: String(found.presence === 'current') }),
      scheduledForDeletion: String(found.scheduledForDeletion),
      nearMisses: found.nearMisses.length,
      unfitNames: found.unfit,
      listed: found.listed,
      truncated: String(found.truncated),
      ...(found.deletionDate && { deletedDate: found.deletionDate }),
    };
    // The same decision as the app's status and the runtime reader, so this check agrees with both.
    const source = effectiveSource(secret.domainId ?? DEFAULT_DOMAIN_ID, found.presence, found.sharedPresence ?? 'missing');
    const usesShared = source === 'shared' && found.sharedSecretId !== undefined;
    const sharedWords = `the app uses the org's shared one instead (${found.sharedSecretId ?? ''})`;
    const otherMisses = misses.filter((line) => !found.sharedSecretId || !line.startsWith(`- ${found.sharedSecretId}:`));
    if (source === 'own') return { status: 'ok', title, detail: `The app looks for ${found.secretId}, and it exists with a current value.${tail}`, facts };
    if (found.presence === 'scheduled-for-deletion') {
      const notShared = found.sharedPresence === 'current' ? ` — not the org's shared one (${found.sharedSecretId ?? ''}) either: a secret scheduled for deletion is not replaced by it` : '';
      return { status: 'fail', title, detail: `The app looks for ${found.secretId}: it exists but is scheduled for deletion, so the app counts it as not configured${notShared}. Restore it (Restore in the app), or write it again after the deletion.${tail}`, facts };
    }
    if (found.presence === 'no-current-version') {
      const intro = `The app looks for ${found.secretId}: it exists without a current value (no AWSCURRENT version: created without one)`;
      if (usesShared) return { status: 'warn', title, detail: `${intro}, so ${sharedWords}. Write its value if this domain needs its own.${tail}`, facts };
      return { status: 'fail', title, detail: `${intro}, so the app counts it as not configured and the runtime reader gets nothing. Write its value (Edit in the app, or foundry-secrets put).${tail}`, facts };
    }
    if (usesShared) {
      return {
        status: 'warn',
        title,
        detail: `The app looks for ${found.secretId}: it does not exist, and ${sharedWords}.${otherMisses.length > 0 ? `\nAlso close:\n${otherMisses.join('\n')}` : ''}${tail}`,
        facts,
      };
    }
    const intro = `The app looks for ${found.secretId}: it does not exist in env ${probes.profile.env}.`;
    if (misses.length === 0) return { status: 'fail', title, detail: `${intro} Nothing close to it was found either. Write it (check the org, domain and name first).${tail}`, facts };
    return { status: 'fail', title, detail: `${intro} Close to it:\n${misses.join('\n')}\nWrite it under the exact id, or fix the org, domain or name the reader asks for.${tail}`, facts };
  };
}

export const CHECKS: Readonly<Record<Exclude<DiagnosticCheckId, 'looking-for'>, Check>> = {
  endpoint: endpointCheck,
  'localstack-health': localstackHealthCheck,
  identity: identityCheck,
  region: regionCheck,
  clock: clockCheck,
  credentials: credentialsCheck,
};

export const TITLES: Readonly<Record<DiagnosticCheckId, string>> = {
  endpoint: 'Endpoint reachable',
  'localstack-health': 'LocalStack health',
  identity: 'Identity (STS)',
  region: 'Region',
  clock: 'Clock skew',
  credentials: 'Credential source',
  'looking-for': 'Looking for a secret',
};
