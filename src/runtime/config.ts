/**
 * Where the reader reads from, decided as the source design decides it (its "Backend
 * automatically detects environment"): `ENVIRONMENT=production` (or `prod`) → AWS Secrets Manager
 * with the SDK's default credential chain, and the region from `AWS_REGION`, else
 * `AWS_DEFAULT_REGION`, else the region of the AWS profile in use (AWS_PROFILE, else default) in
 * the shared config, looked up as the SDK does at the first read (regionOfProfile);
 * unset, `staging`, `development`, `dev`, `local` or `test` → LocalStack at `LOCALSTACK_ENDPOINT`,
 * else `SVC_LOCALSTACK_HOST`:4566, else http://localhost:4566, with the credentials LocalStack
 * accepts (test/test). Every choice can be overridden by an option.
 *
 * Any other ENVIRONMENT is refused (INVALID_CONFIG) rather than guessed — a typo such as
 * `prodution` silently reading LocalStack and dev ids would be worse than a clear error at start —
 * unless both `backend` and `env` are passed: ENVIRONMENT then decides nothing and is not read.
 *
 * The naming env (the `{env}` of agentfoundry/{env}/{org}/{domain}/{name}) follows the same
 * switch: production → prod, staging → staging, development (or unset) → dev — as the app's
 * ENVIRONMENT=production profile names its secrets under prod.
 */
import type { SecretsManagerClientConfig } from '@aws-sdk/client-secrets-manager';
import { getProfileName, loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { z } from 'zod';
import { isLoopbackHost } from '../shared/loopback.js';
import { SecretReaderError } from './errors.js';

export const NAMING_ENVS = ['dev', 'staging', 'prod'] as const;
export type NamingEnv = (typeof NAMING_ENVS)[number];
export type ReaderBackend = 'aws' | 'localstack';

export const DEFAULT_CACHE_TTL_MS = 5 * 60_000;
/** Misses are kept briefly: a key an admin adds shows up within this, without hammering the backend meanwhile. */
export const DEFAULT_MISS_TTL_MS = 30_000;
export const DEFAULT_LOCALSTACK_ENDPOINT = 'http://localhost:4566';
export const LOCALSTACK_PORT = 4566;
export const LOCALSTACK_REGION = 'us-east-1';
/** LocalStack accepts any key; `test` maps to account 000000000000. Not a secret. */
export const LOCALSTACK_CREDENTIALS: { readonly accessKeyId: string; readonly secretAccessKey: string } = Object.freeze({ accessKeyId: 'test', secretAccessKey: 'test' });

/** ENVIRONMENT values the reader understands, and what each selects. */
const ENVIRONMENTS: Readonly<Record<string, { backend: ReaderBackend; env: NamingEnv }>> = {
  production: { backend: 'aws', env: 'prod' },
  prod: { backend: 'aws', env: 'prod' },
  staging: { backend: 'localstack', env: 'staging' },
  development: { backend: 'localstack', env: 'dev' },
  dev: { backend: 'localstack', env: 'dev' },
  local: { backend: 'localstack', env: 'dev' },
  test: { backend: 'localstack', env: 'dev' },
};

export interface SecretReaderOptions {
  /** The naming env of the secret ids. Default: from ENVIRONMENT (production → prod, else dev). */
  readonly env?: NamingEnv;
  /** Default: `aws` when ENVIRONMENT=production, else `localstack`. */
  readonly backend?: ReaderBackend;
  /** A Secrets Manager endpoint URL. Default: AWS's own (aws); LocalStack's from the environment (localstack). */
  readonly endpoint?: string;
  /**
   * Default: AWS_REGION, else AWS_DEFAULT_REGION; then LocalStack uses us-east-1, and AWS the
   * region of the AWS profile in use (AWS_PROFILE, else default) in the shared config, looked up at
   * the first read, which fails INVALID_CONFIG when there is none.
   */
  readonly region?: string;
  /** Default: the SDK's default chain (aws) or test/test (localstack). */
  readonly credentials?: SecretsManagerClientConfig['credentials'];
  /**
   * Allow an http:// endpoint on another machine although real credentials would be sent (the aws
   * backend, or `credentials` given): they and the values would cross the network in cleartext.
   * Default false. LocalStack's test/test over http (e.g. a docker service name) needs no opt-in.
   */
  readonly allowHttp?: boolean;
  /** How long a read value is reused, in ms (0: no cache). Default 5 minutes. */
  readonly cacheTtlMs?: number;
  /** How long "not configured" is remembered, in ms. Default min(30 s, cacheTtlMs). */
  readonly missTtlMs?: number;
  /** Attempts per call, the SDK's standard retry mode included. Default 3 (the SDK's). */
  readonly maxAttempts?: number;
  /** Connect and whole-request timeouts, in ms. Defaults 3,000 and 10,000. */
  readonly connectTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  /** The environment variables to read. Default: process.env. */
  readonly environment?: Readonly<Record<string, string | undefined>>;
  /** The clock of the cache, in epoch ms (tests). Default: Date.now. */
  readonly clock?: () => number;
}

/** The settled configuration. Holds no credential: only where they come from. */
export interface ReaderConfig {
  readonly backend: ReaderBackend;
  readonly env: NamingEnv;
  /** Undefined: AWS's regional endpoint. */
  readonly endpoint: string | undefined;
  /**
   * Undefined (aws only, no `region`, AWS_REGION or AWS_DEFAULT_REGION): the AWS profile's region
   * in the shared config, looked up at the first read.
   */
  readonly region: string | undefined;
  readonly credentialsFrom: 'option' | 'default-chain' | 'localstack';
  readonly cacheTtlMs: number;
  readonly missTtlMs: number;
  readonly maxAttempts: number;
  readonly connectTimeoutMs: number;
  readonly requestTimeoutMs: number;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

const ttlSchema = z.number().int().min(0).max(24 * 60 * 60_000);

function invalid(setting: string, rule: string): SecretReaderError {
  // The rejected text is not repeated: a misplaced variable could hold anything.
  return new SecretReaderError('INVALID_CONFIG', `${setting} ${rule}.`, { setting });
}

/** No region setting, and the AWS profile has none (or one that is not a region name): the first read's error. */
function regionNotFound(foundOneUnusable: boolean): SecretReaderError {
  // The profile's text is not repeated.
  return invalid(
    'AWS_REGION',
    `is not set and ${foundOneUnusable ? 'the region of the AWS profile in use is not an AWS region name' : 'the AWS profile in use (AWS_PROFILE, else default) has no region in the shared config (~/.aws/config, or AWS_CONFIG_FILE)'}; set AWS_REGION (for example us-east-1), set \`region\` in that profile, or pass \`region\``,
  );
}

/**
 * The region of the AWS profile in use, as the SDK looks it up in the shared files: its own loader
 * (@smithy/shared-ini-file-loader), the profile from AWS_PROFILE else `default`, the files from
 * AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE else ~/.aws/config and ~/.aws/credentials, the
 * credentials file's entry first — read from the process environment, as the SDK's credential
 * chain reads it. Throws INVALID_CONFIG (setting AWS_REGION) when there is none or it is not a
 * region name.
 */
export async function regionOfProfile(): Promise<string> {
  let found: unknown;
  try {
    const profile = getProfileName({});
    // Read afresh (the loader otherwise keeps each file, or its failed read, for the process's
    // lifetime): a region added after a failed read is seen by the next one.
    const { configFile, credentialsFile } = await loadSharedConfigFiles({ ignoreCache: true });
    found = credentialsFile[profile]?.region ?? configFile[profile]?.region;
  } catch {
    found = undefined;
  }
  const region = typeof found === 'string' ? found.trim() : '';
  if (region === '') throw regionNotFound(false);
  if (!REGION.test(region)) throw regionNotFound(true);
  return region;
}

function text(environment: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const value = environment[name]?.trim();
  return value ? value : undefined;
}

function endpointUrl(raw: string, setting: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid(setting, `is not a URL; use one like ${DEFAULT_LOCALSTACK_ENDPOINT}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid(setting, 'must be an http:// or https:// URL');
  if (url.username || url.password || url.search || url.hash) throw invalid(setting, 'must be a plain endpoint URL without credentials, query or fragment');
  return url.origin + url.pathname.replace(/\/+$/, '');
}

/**
 * LocalStack's endpoint from the environment: LOCALSTACK_ENDPOINT, else SVC_LOCALSTACK_HOST
 * (`host` or `host:port`, port 4566 when absent), else http://localhost:4566. The same rule as
 * the app's resolveLocalStackEndpoint (src/main/backends/localstack.ts; a test holds them equal).
 */
export function localStackEndpointFrom(environment: Readonly<Record<string, string | undefined>>): string {
  const explicit = text(environment, 'LOCALSTACK_ENDPOINT');
  if (explicit) return endpointUrl(explicit, 'LOCALSTACK_ENDPOINT');
  const host = text(environment, 'SVC_LOCALSTACK_HOST');
  if (host) {
    if (host.includes('://')) return endpointUrl(host, 'SVC_LOCALSTACK_HOST');
    const hasPort = host.startsWith('[') ? /\]:\d+$/.test(host) : /:\d+$/.test(host);
    return endpointUrl(`http://${hasPort ? host : `${host}:${LOCALSTACK_PORT}`}`, 'SVC_LOCALSTACK_HOST');
  }
  return DEFAULT_LOCALSTACK_ENDPOINT;
}

function ttl(value: number | undefined, setting: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!ttlSchema.safeParse(value).success) throw invalid(setting, 'must be a whole number of milliseconds from 0 to 86,400,000');
  return value;
}

function positive(value: number | undefined, setting: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) throw invalid(setting, `must be a whole number from 1 to ${max}`);
  return value;
}

/** The configuration from the options and the environment; throws INVALID_CONFIG naming the setting at fault. */
export function resolveReaderConfig(options: SecretReaderOptions = {}): ReaderConfig {
  const environment = options.environment ?? process.env;
  const environmentName = text(environment, 'ENVIRONMENT')?.toLowerCase();
  let selected: { backend: ReaderBackend; env: NamingEnv } = { backend: 'localstack', env: 'dev' };
  // With both `backend` and `env` given, ENVIRONMENT decides nothing: it is not read, so not refused.
  if (environmentName !== undefined && (options.backend === undefined || options.env === undefined)) {
    const known = Object.hasOwn(ENVIRONMENTS, environmentName) ? ENVIRONMENTS[environmentName] : undefined;
    if (!known) throw invalid('ENVIRONMENT', `must be one of ${Object.keys(ENVIRONMENTS).join(', ')} (or unset), or pass both \`backend\` and \`env\``);
    selected = known;
  }
  if (options.env !== undefined && !(NAMING_ENVS as readonly string[]).includes(options.env)) throw invalid('env', `must be one of ${NAMING_ENVS.join(', ')}`);
  if (options.backend !== undefined && options.backend !== 'aws' && options.backend !== 'localstack') throw invalid('backend', 'must be "aws" or "localstack"');
  const backend = options.backend ?? selected.backend;
  const env = options.env ?? selected.env;

  const endpoint =
    options.endpoint !== undefined ? endpointUrl(options.endpoint, 'endpoint') : backend === 'localstack' ? localStackEndpointFrom(environment) : undefined;

  const realCredentials = backend === 'aws' || options.credentials !== undefined;
  if (options.allowHttp !== undefined && typeof options.allowHttp !== 'boolean') throw invalid('allowHttp', 'must be true or false');
  if (endpoint !== undefined && realCredentials && options.allowHttp !== true) {
    const url = new URL(endpoint);
    if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
      throw invalid(
        options.endpoint !== undefined ? 'endpoint' : text(environment, 'LOCALSTACK_ENDPOINT') ? 'LOCALSTACK_ENDPOINT' : 'SVC_LOCALSTACK_HOST',
        'is http:// to another machine, and real credentials (and the values read) would cross the network in cleartext; use https://, a loopback address, or pass `allowHttp: true` if the network is trusted',
      );
    }
  }

  const regionSetting = options.region !== undefined ? 'region' : text(environment, 'AWS_REGION') ? 'AWS_REGION' : 'AWS_DEFAULT_REGION';
  // Undefined only for aws: the AWS profile's region, looked up at the first read (regionOfProfile).
  const region = options.region ?? text(environment, 'AWS_REGION') ?? text(environment, 'AWS_DEFAULT_REGION') ?? (backend === 'localstack' ? LOCALSTACK_REGION : undefined);
  if (region !== undefined && (typeof region !== 'string' || !REGION.test(region))) throw invalid(regionSetting, 'must be an AWS region name such as us-east-1');

  const cacheTtlMs = ttl(options.cacheTtlMs, 'cacheTtlMs', DEFAULT_CACHE_TTL_MS);
  const missTtlMs = ttl(options.missTtlMs, 'missTtlMs', Math.min(DEFAULT_MISS_TTL_MS, cacheTtlMs));
  return {
    backend,
    env,
    endpoint,
    region,
    credentialsFrom: options.credentials !== undefined ? 'option' : backend === 'localstack' ? 'localstack' : 'default-chain',
    cacheTtlMs,
    missTtlMs,
    maxAttempts: positive(options.maxAttempts, 'maxAttempts', 3, 10),
    connectTimeoutMs: positive(options.connectTimeoutMs, 'connectTimeoutMs', 3_000, 120_000),
    requestTimeoutMs: positive(options.requestTimeoutMs, 'requestTimeoutMs', 10_000, 300_000),
  };
}
