/**
 * One factory turns a profile into the app's SecretsManagerClient — always a blind one. The three
 * backends differ only in configuration; every call goes through the same SDK code path.
 */
import { ListSecretsCommand, SecretsManagerClient, type SecretsManagerClientConfig } from '@aws-sdk/client-secrets-manager';
import type { IAMClientConfig } from '@aws-sdk/client-iam';
import type { STSClientConfig } from '@aws-sdk/client-sts';
import type { RetryStrategy, RetryStrategyV2 } from '@smithy/types';
import { fromIni } from '@aws-sdk/credential-providers';
import { AppError } from '../../shared/errors';
import type { ConnectionReport, Profile } from '../../shared/profiles';
import { makeBlind } from '../secrets/blind-client';
import { withoutUserAgent, type Vault } from '../vault/index';
import { configuredEndpoint, findAwsProfile, sharedFilePaths } from './aws-profiles';
import { BoundedHttpHandler } from '../../shared/node/bounded-http-handler';
import { LOCALSTACK_CREDENTIALS, checkLocalStackHealth } from './localstack';
import { shellWord, toAppError } from './sdk-errors';
import { SECRET_ID_PREFIX } from '../../shared/naming';
import { addDateGuard } from '../../shared/sdk-date-guard';
import { addAnswerGuard } from './answer-guard';

export interface ClientFactoryDeps {
  /** The embedded vault, opened lazily (only embedded profiles need it). */
  getVault(): Promise<Vault>;
  /** Defaults to process.env (AWS_REGION). */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Timeouts for LocalStack / AWS: to connect, and for each whole attempt (answer body included);
   * the SDK retries a timed-out attempt (3 attempts in all). Tests shorten them.
   */
  readonly timeouts?: { readonly connectionMs?: number; readonly requestMs?: number };
  /** Credentials for `localstack` profiles instead of LocalStack's test/test (the CLI's --endpoint takes them from the AWS environment variables). */
  readonly localstackCredentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
  /**
   * Test-only: where an `aws` profile's calls go instead of AWS (a served vault, the fake IAM/STS of
   * tests/fakes). Set by tests and the e2e harness through composeMain; nothing the window sends can set it.
   */
  readonly awsEndpoints?: AwsEndpoints;
}

export interface AwsEndpoints {
  readonly secretsManager?: string;
  readonly sts?: string;
  readonly iam?: string;
}

/**
 * Retries: the SDK's own standard strategy (exponential backoff with jitter, a longer base delay
 * for throttling, the retry quota). ListSecrets is rate-limited (AWS: 100 requests/s per account)
 * and the fleet listing sends up to 16 at once, so throttling is expected on big fleets: a
 * throttled request is retried up to THROTTLED_MAX_ATTEMPTS times in all, and the listing itself
 * sends fewer at once while answers come back throttled (fleet/list.ts). Any other retryable
 * failure (a timeout, a refused connection, a 5xx) keeps the SDK's default of 3 attempts, so an
 * unreachable backend is still reported within about a second.
 *
 * Not the SDK's 'adaptive' mode: its client-side rate limiter starts from the send rate it has
 * measured, which for a client that was idle and then sends a burst is near zero, so the first
 * throttle drops it to its floor (0.5 requests/s) and it climbs back over seconds. Measured
 * listing 1,000 orgs behind a 50 ms round trip and an AWS-like token bucket (`npm run
 * bench:fleet`, last section): at 100/s, burst 20: adaptive 6.7 s, standard 1.6–2.2 s, standard
 * with the listing's backoff 1.4–1.6 s; at 50/s, burst 10: 7.5–7.9 s, 4.6–6.0 s and 3.3–3.6 s.
 * A backend that keeps throttling makes a listing slow, not failed (the window can cancel it).
 */
export const MAX_ATTEMPTS = 3;
export const THROTTLED_MAX_ATTEMPTS = 10;
export const RETRY_MODE = 'standard';
const DEFAULT_CONNECTION_TIMEOUT_MS = 3_000;
const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

export interface BackendTarget {
  readonly endpoint: string;
  readonly region: string;
}

function awsEndpoint(region: string): string {
  return `https://secretsmanager.${region}.amazonaws.com`;
}

/** Region for an `aws` profile: the profile's, else AWS_REGION, else the AWS profile's in ~/.aws/config. */
export async function resolveAwsRegion(profile: Extract<Profile, { kind: 'aws' }>, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const found = await findAwsProfile(profile.awsProfile, env);
  if (!found) {
    const command = `aws configure --profile ${shellWord(profile.awsProfile)}`;
    throw new AppError(
      'ACCESS_DENIED',
      `AWS profile ${profile.awsProfile} (used by profile "${profile.name}") is not in ~/.aws/config or ~/.aws/credentials. Configure it (\`${command}\`, or \`aws configure sso\`) or pick another AWS profile.`,
      { profileId: profile.id, awsProfile: profile.awsProfile, command },
    );
  }
  const region = profile.region?.trim() || env.AWS_REGION?.trim() || found.region;
  if (!region) {
    throw new AppError(
      'VALIDATION',
      `Profile "${profile.name}" has no AWS region: set one on the profile, set AWS_REGION, or add \`region\` to AWS profile ${profile.awsProfile} in ~/.aws/config.`,
      { profileId: profile.id, awsProfile: profile.awsProfile },
    );
  }
  return region;
}

/**
 * The HTTP handler of a LocalStack or AWS client: the SDK's own, with a deadline over each whole
 * attempt (body included) and a cap on the bytes read (bounded-http-handler.ts). A new one per
 * client: destroying a client destroys its handler.
 */
function httpHandler(deps: ClientFactoryDeps): BoundedHttpHandler {
  return new BoundedHttpHandler({
    connectionMs: deps.timeouts?.connectionMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
    requestMs: deps.timeouts?.requestMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
  });
}

/**
 * What an `aws` profile's clients read from its AWS profile besides credentials: the SDK's other
 * shared-config settings (FIPS and dual-stack endpoints…) from that profile, not from AWS_PROFILE or
 * `default`; and no endpoint lookup of the SDK's own, which reads AWS_PROFILE or `default` whatever
 * the profile (the endpoint comes from configuredEndpoint instead, aws-profiles.ts).
 */
function awsProfileSettings(profile: Extract<Profile, { kind: 'aws' }>): { profile: string; ignoreConfiguredEndpointUrls: true } {
  return { profile: profile.awsProfile, ignoreConfiguredEndpointUrls: true };
}

async function configFor(profile: Profile, deps: ClientFactoryDeps): Promise<{ config: SecretsManagerClientConfig; target: BackendTarget }> {
  switch (profile.kind) {
    case 'embedded': {
      const vault = await deps.getVault();
      // Unsigned in process (vault/in-process-auth.ts): no socket and no other caller; the blind guard still applies.
      const { region, endpoint, credentials, requestHandler, httpAuthSchemes, httpAuthSchemeProvider } = vault.clientConfig();
      return { config: { region, endpoint, credentials, requestHandler, httpAuthSchemes, httpAuthSchemeProvider }, target: { endpoint: 'embedded vault (in process)', region } };
    }
    case 'localstack':
      return {
        config: { region: profile.region, endpoint: profile.endpoint, credentials: { ...(deps.localstackCredentials ?? LOCALSTACK_CREDENTIALS) }, requestHandler: httpHandler(deps) },
        target: { endpoint: profile.endpoint, region: profile.region },
      };
    case 'aws': {
      const region = await resolveAwsRegion(profile, deps.env);
      const configured = await configuredEndpoint(profile.awsProfile, 'Secrets Manager', deps.env);
      const endpoint = deps.awsEndpoints?.secretsManager ?? configured;
      return {
        config: {
          region,
          ...awsProfileSettings(profile),
          // fromIni covers static keys, assumed roles and SSO; ignoreCache so `aws sso login` is seen at once.
          // The same files the profile list was read from.
          credentials: fromIni({ profile: profile.awsProfile, ignoreCache: true, ...sharedFilePaths(deps.env ?? process.env) }),
          requestHandler: httpHandler(deps),
          ...(endpoint && { endpoint }),
        },
        target: { endpoint: configured ?? awsEndpoint(region), region },
      };
    }
  }
}

/** A blind client for `profile`, and where it points (for reports and error messages). */
export async function createSecretsClientWithTarget(
  profile: Profile,
  deps: ClientFactoryDeps,
): Promise<{ client: SecretsManagerClient; target: BackendTarget }> {
  let built: Awaited<ReturnType<typeof configFor>>;
  try {
    built = await configFor(profile, deps);
  } catch (err) {
    throw toAppError(err, { profile });
  }
  const client = addAnswerGuard(addDateGuard(withRetries(new SecretsManagerClient({ ...built.config, ...retrySettings() }))));
  if (profile.kind === 'embedded') withoutUserAgent(client);
  return { client: makeBlind(client), target: built.target };
}

/**
 * The settings a client for `profile` is built from, WITHOUT the blind guard (errors as AppErrors).
 * Only for src/cli/reading/ (the reading client of `foundry-secrets verify`, which runs where
 * reading is allowed: an agent host, CI); lint refuses this import anywhere else. The app's
 * clients come from createSecretsClient.
 */
export async function unguardedSettingsFor(profile: Profile, deps: ClientFactoryDeps): Promise<SecretsManagerClientConfig> {
  try {
    return (await configFor(profile, deps)).config;
  } catch (err) {
    throw toAppError(err, { profile });
  }
}

/** The client settings of the retry policy above (the bench and tests build their clients with them). */
export function retrySettings(): Pick<SecretsManagerClientConfig, 'retryMode' | 'maxAttempts'> {
  return { retryMode: RETRY_MODE, maxAttempts: THROTTLED_MAX_ATTEMPTS };
}

/**
 * Caps the retries of everything but throttling at MAX_ATTEMPTS (and of a quota at one attempt, see QUOTA_ERROR), in front of the strategy the SDK
 * built from `retrySettings()` (which keeps all its state: backoff, retry quota).
 * The SDK's retry middleware asks `config.retryStrategy()` on every call, so the cap applies to
 * every command of this client. Returns the client.
 */
export function withRetries(client: SecretsManagerClient): SecretsManagerClient {
  const built = client.config.retryStrategy;
  let capped: Promise<RetryStrategy | RetryStrategyV2> | undefined;
  client.config.retryStrategy = () => (capped ??= built().then((strategy) => ('refreshRetryTokenForRetry' in strategy ? capUnthrottled(strategy) : strategy)));
  return client;
}

/**
 * A quota (too many versions of one secret, too many secrets in the Region) that the SDK's retry
 * classes as throttling, so it would be retried THROTTLED_MAX_ATTEMPTS times over seconds; waiting
 * seconds does not lift it (AWS removes old versions after a day). Not retried at all.
 */
const QUOTA_ERROR = 'LimitExceededException';

function capUnthrottled(strategy: RetryStrategyV2): RetryStrategyV2 {
  return {
    acquireInitialRetryToken: (scope) => strategy.acquireInitialRetryToken(scope),
    refreshRetryTokenForRetry: (token, errorInfo) => {
      // The retry middleware then throws the error of the last attempt, as when the SDK gives up.
      if (errorInfo.error?.name === QUOTA_ERROR) return Promise.reject(new Error('No retry token available'));
      if (errorInfo.errorType !== 'THROTTLING' && token.getRetryCount() + 1 >= MAX_ATTEMPTS) return Promise.reject(new Error('No retry token available'));
      return strategy.refreshRetryTokenForRetry(token, errorInfo);
    },
    recordSuccess: (token) => strategy.recordSuccess(token),
  };
}

/**
 * The STS client configuration for a LocalStack or AWS profile: the very credentials, region,
 * endpoint and timeouts the profile's Secrets Manager client uses, so GetCallerIdentity names the
 * principal that performs the writes. (The embedded vault has no STS; it states its own identity.)
 */
export async function stsClientConfig(profile: Exclude<Profile, { kind: 'embedded' }>, deps: ClientFactoryDeps): Promise<STSClientConfig> {
  const { config } = await configFor(profile, deps);
  if (profile.kind === 'localstack') return { region: config.region, endpoint: config.endpoint, credentials: config.credentials, requestHandler: config.requestHandler, maxAttempts: 1 };
  const endpoint = deps.awsEndpoints?.sts ?? (await configuredEndpoint(profile.awsProfile, 'STS', deps.env));
  return { region: config.region, ...awsProfileSettings(profile), endpoint, credentials: config.credentials, requestHandler: config.requestHandler, maxAttempts: 1 };
}

/**
 * The IAM client configuration for an `aws` profile (the blind self-check asks IAM's policy
 * simulator): the profile's credentials, timeouts and bounded handler. IAM is global: it is signed
 * for the partition's home region (us-east-1 in the aws partition), whatever the profile's region.
 */
export async function iamClientConfig(profile: Extract<Profile, { kind: 'aws' }>, deps: ClientFactoryDeps): Promise<IAMClientConfig> {
  const { config } = await configFor(profile, deps);
  const region = typeof config.region === 'string' ? config.region : '';
  const home = region.startsWith('cn-') ? 'cn-north-1' : region.startsWith('us-gov-') ? 'us-gov-west-1' : 'us-east-1';
  const endpoint = deps.awsEndpoints?.iam ?? (await configuredEndpoint(profile.awsProfile, 'IAM', deps.env));
  return { region: home, ...awsProfileSettings(profile), endpoint, credentials: config.credentials, requestHandler: config.requestHandler, maxAttempts: MAX_ATTEMPTS };
}

export async function createSecretsClient(profile: Profile, deps: ClientFactoryDeps): Promise<SecretsManagerClient> {
  return (await createSecretsClientWithTarget(profile, deps)).client;
}

/** How many ListSecrets pages the connection test reads, at most, looking for one of the app's secrets. */
const CONNECTION_TEST_PAGES = 5;

const KIND_LABEL: Readonly<Record<Profile['kind'], string>> = { embedded: 'Embedded vault', localstack: 'LocalStack', aws: 'AWS Secrets Manager' };

/**
 * Proves the profile works: LocalStack's health (for localstack), then one ListSecrets of at most
 * one name under `agentfoundry/` — the cheapest call the app's own policy allows. Never throws.
 */
export async function testConnection(profile: Profile, deps: ClientFactoryDeps): Promise<ConnectionReport> {
  const base = { profileId: profile.id, kind: profile.kind };
  const failed = (error: AppError, extra: { endpoint?: string; region?: string; latencyMs?: number } = {}): ConnectionReport => ({
    ...base,
    ...extra,
    ok: false,
    detail: error.message.slice(0, 2000),
    error: error.toWire(),
  });

  let healthNote = '';
  if (profile.kind === 'localstack') {
    const health = await checkLocalStackHealth(profile.endpoint, { timeoutMs: deps.timeouts?.connectionMs ?? DEFAULT_CONNECTION_TIMEOUT_MS });
    if (!health.ready) {
      const error = health.error ?? new AppError('UNREACHABLE', health.detail, { endpoint: profile.endpoint });
      return failed(error, { endpoint: profile.endpoint, region: profile.region });
    }
    healthNote = ` ${health.detail}`;
  }

  let built: { client: SecretsManagerClient; target: BackendTarget };
  try {
    built = await createSecretsClientWithTarget(profile, deps);
  } catch (err) {
    return failed(toAppError(err, { profile }));
  }
  const { client, target } = built;
  const command = new ListSecretsCommand({ MaxResults: 1, Filters: [{ Key: 'name', Values: [SECRET_ID_PREFIX] }] });
  // Report the endpoint the SDK really used: AWS_ENDPOINT_URL_SECRETS_MANAGER or ~/.aws `services`
  // sections can move an aws profile off the default one.
  let usedEndpoint: string | undefined;
  command.middlewareStack.add(
    (next, context) => async (args) => {
      usedEndpoint = context.endpointV2?.url.href.replace(/\/+$/, '');
      return next(args);
    },
    { step: 'build', name: 'foundryRecordEndpoint' },
  );
  const endpointOf = (): string => (profile.kind === 'embedded' ? target.endpoint : (usedEndpoint ?? target.endpoint));
  const started = performance.now();
  try {
    let answer = await client.send(command);
    const latencyMs = Math.round(performance.now() - started);
    // AWS may answer a page with no entries and a NextToken while later pages hold some: "no
    // secrets yet" is said only once the listing has ended (or a few pages came back empty).
    for (let page = 1; (answer.SecretList?.length ?? 0) === 0 && answer.NextToken && page < CONNECTION_TEST_PAGES; page += 1) {
      answer = await client.send(new ListSecretsCommand({ ...command.input, NextToken: answer.NextToken }));
    }
    const seen =
      (answer.SecretList?.length ?? 0) > 0 ? 'secrets of this app are present' : answer.NextToken ? 'no secrets of this app in its first pages' : 'no secrets of this app yet';
    return {
      ...base,
      ok: true,
      endpoint: endpointOf(),
      region: target.region,
      latencyMs,
      detail: `${KIND_LABEL[profile.kind]} answered in ${latencyMs} ms (${target.region}); ${seen}.${healthNote}`.slice(0, 2000),
    };
  } catch (err) {
    const latencyMs = Math.round(performance.now() - started);
    const endpoint = endpointOf();
    return failed(toAppError(err, { profile, endpoint }), { endpoint, region: target.region, latencyMs });
  } finally {
    // destroy() also destroys the request handler; the embedded vault's handler is shared by every
    // client of the vault, and holds no socket, so only socket-backed clients are torn down here.
    if (profile.kind !== 'embedded') client.destroy();
  }
}
