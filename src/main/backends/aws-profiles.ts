/**
 * Named AWS profiles from ~/.aws/config and ~/.aws/credentials (or AWS_CONFIG_FILE /
 * AWS_SHARED_CREDENTIALS_FILE), read with the SDK's own parser so the app sees what the SDK sees.
 * Only names, regions and whether a profile signs in through SSO leave this module: never a key.
 */
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { AppError } from '../../shared/errors';
import { awsProfileNameSchema } from '../../shared/profiles';

export interface AwsProfileInfo {
  readonly name: string;
  /** Signs in through IAM Identity Center (`sso_session` or legacy `sso_start_url`). */
  readonly sso: boolean;
  readonly region?: string;
  /** Which files define it. */
  readonly sources: readonly ('config' | 'credentials')[];
}

type Section = Readonly<Record<string, string | undefined>>;

/** `getConfigData` keeps these typed sections with their prefix; they are not profiles. */
const NON_PROFILE_PREFIXES = ['sso-session.', 'services.'];

function isProfileKey(key: string): boolean {
  return key.trim() !== '' && !NON_PROFILE_PREFIXES.some((prefix) => key.startsWith(prefix));
}

function isSso(section: Section | undefined): boolean {
  return Boolean(section?.sso_session || section?.sso_start_url);
}

export interface AwsProfileDiscovery {
  readonly profiles: AwsProfileInfo[];
  /** Names the app cannot use (quotes, "="… that no profile field accepts), said in words. */
  readonly warnings: string[];
}

/** Where the shared files are for `env` (AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, else ~/.aws). */
export function sharedFilePaths(env: NodeJS.ProcessEnv): { configFilepath?: string; filepath?: string } {
  const configFilepath = env['AWS_CONFIG_FILE']?.trim();
  const filepath = env['AWS_SHARED_CREDENTIALS_FILE']?.trim();
  return { ...(configFilepath && { configFilepath }), ...(filepath && { filepath }) };
}

/** Reads the files fresh each call (`ignoreCache`), so a profile added in a terminal shows up. */
export async function discoverAwsProfiles(env: NodeJS.ProcessEnv = process.env): Promise<AwsProfileDiscovery> {
  const { configFile, credentialsFile } = await loadSharedConfigFiles({ ignoreCache: true, ...sharedFilePaths(env) });
  const names = new Set<string>();
  const unusable = new Set<string>();
  for (const key of [...Object.keys(configFile), ...Object.keys(credentialsFile)]) {
    if (!isProfileKey(key)) continue;
    if (awsProfileNameSchema.safeParse(key).success) names.add(key);
    else unusable.add(key);
  }

  const profiles = [...names].map((name): AwsProfileInfo => {
    const config = configFile[name] as Section | undefined;
    const credentials = credentialsFile[name] as Section | undefined;
    const region = config?.region?.trim() || credentials?.region?.trim() || undefined;
    const sources: ('config' | 'credentials')[] = [];
    if (config) sources.push('config');
    if (credentials) sources.push('credentials');
    return { name, sso: isSso(config) || isSso(credentials), ...(region ? { region } : {}), sources };
  });
  // `default` first, then by name: the order a person expects in a picker.
  profiles.sort((a, b) => (a.name === 'default' ? -1 : b.name === 'default' ? 1 : a.name.localeCompare(b.name)));
  const warnings =
    unusable.size === 0
      ? []
      : [`${unusable.size} AWS profile name(s) in ~/.aws contain characters the app cannot use (such as quotes or "=") and were left out; rename them to use them here.`];
  return { profiles, warnings };
}

export async function listAwsProfiles(env: NodeJS.ProcessEnv = process.env): Promise<AwsProfileInfo[]> {
  return (await discoverAwsProfiles(env)).profiles;
}

export async function findAwsProfile(name: string, env: NodeJS.ProcessEnv = process.env): Promise<AwsProfileInfo | undefined> {
  return (await listAwsProfiles(env)).find((profile) => profile.name === name);
}

/** A true/false setting as the SDK accepts it (exactly "true" or "false"); absent is false. */
function switchValue(value: string | undefined, setting: string, awsProfile: string): boolean {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  throw new AppError('VALIDATION', `${setting} must be true or false (used with AWS profile ${awsProfile}). Correct it in the environment or in ~/.aws/config.`, { awsProfile });
}

/** The services an `aws` profile's clients call, by the SDK's service id (which names their endpoint settings). */
export type ConfiguredService = 'Secrets Manager' | 'STS' | 'IAM';

/**
 * The endpoint URL configured for `service` when AWS profile `name` is used, by the rules of AWS's
 * "service-specific endpoints" (https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html):
 * none when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true (or, when it is not set, the profile's
 * `ignore_configured_endpoint_urls`); else AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the profile's `services` section
 * (`secrets_manager = \n endpoint_url = …`), the profile's `endpoint_url`.
 *
 * The SDK's own lookup reads these from AWS_PROFILE (else `default`) whatever profile the client
 * was built for, so an app profile on `prod-sso` would send prod's credentials, and the values
 * written, to a `[default]` profile's `endpoint_url` (a LocalStack, say), and ignore the endpoint
 * of the profile actually chosen. The app's clients therefore take the endpoint from here and turn
 * the SDK's lookup off (client-factory.ts).
 */
export async function configuredEndpoint(name: string, service: ConfiguredService, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const { configFile, credentialsFile } = await loadSharedConfigFiles({ ignoreCache: true, ...sharedFilePaths(env) });
  // As the SDK merges a profile: the config file's keys over the credentials file's.
  const profile: Section = { ...(credentialsFile[name] as Section | undefined), ...(configFile[name] as Section | undefined) };
  // As the SDK reads the switch: the environment's when set, else the profile's; "true" or "false".
  const fromEnvironment = env['AWS_IGNORE_CONFIGURED_ENDPOINT_URLS']?.trim();
  const ignore = fromEnvironment ? switchValue(fromEnvironment, 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', name) : switchValue(profile['ignore_configured_endpoint_urls']?.trim(), 'ignore_configured_endpoint_urls', name);
  if (ignore) return undefined;
  const fromEnv = env[`AWS_ENDPOINT_URL_${service.toUpperCase().replaceAll(' ', '_')}`]?.trim() || env['AWS_ENDPOINT_URL']?.trim();
  if (fromEnv) return fromEnv;
  const servicesName = profile['services']?.trim();
  if (servicesName) {
    const section = configFile[`services.${servicesName}`] as Section | undefined;
    if (!section) {
      throw new AppError(
        'VALIDATION',
        `AWS profile ${name} names services section "${servicesName}", which is not in ~/.aws/config. Add a [services ${servicesName}] section or remove \`services\` from the profile.`,
        { awsProfile: name },
      );
    }
    const fromSection = section[`${service.toLowerCase().replaceAll(' ', '_')}.endpoint_url`]?.trim();
    if (fromSection) return fromSection;
  }
  return profile['endpoint_url']?.trim() || undefined;
}
