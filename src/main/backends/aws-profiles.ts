/**
 * Named AWS profiles from ~/.aws/config and ~/.aws/credentials (or AWS_CONFIG_FILE /
 * AWS_SHARED_CREDENTIALS_FILE), read with the SDK's own parser so the app sees what the SDK sees.
 * Only names, regions and whether a profile signs in through SSO leave this module: never a key.
 */
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
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
