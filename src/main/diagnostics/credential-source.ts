/**
 * Where a profile's credentials come from, in words, and when they expire if that is known. Only
 * the kind of source and a date leave this module: never an access key id, secret key or token.
 */
import { fromIni } from '@aws-sdk/credential-providers';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import type { Profile } from '../../shared/profiles';
import type { ClientFactoryDeps } from '../backends/client-factory';
import { sharedFilePaths } from '../backends/aws-profiles';

export type CredentialSourceKind = 'in-process' | 'localstack-test' | 'static-env' | 'shared-static' | 'sso' | 'assume-role' | 'process' | 'web-identity' | 'unknown';

export interface CredentialSource {
  readonly kind: CredentialSourceKind;
  /** A sentence naming the source (files and profile names only). */
  readonly description: string;
}

const WORDS: Readonly<Record<CredentialSourceKind, string>> = {
  'in-process': 'none needed: the app talks to its embedded vault in process',
  'localstack-test': "LocalStack's test credentials (test/test, account 000000000000)",
  'static-env': 'static keys from the AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY environment variables',
  'shared-static': 'static keys in the shared AWS files',
  sso: 'IAM Identity Center (SSO) sign-in',
  'assume-role': 'an assumed role',
  process: 'an external credential_process command',
  'web-identity': 'a web identity token file',
  unknown: 'the AWS profile (its kind could not be told from the files)',
};

type Section = Readonly<Record<string, string | undefined>>;

function kindOf(config: Section | undefined, credentials: Section | undefined): CredentialSourceKind {
  const has = (key: string): boolean => Boolean(config?.[key] || credentials?.[key]);
  // The SDK's own order (fromIni): static keys win over a role, a role over SSO and process.
  if (has('aws_access_key_id')) return 'shared-static';
  if (has('role_arn')) return 'assume-role';
  if (has('web_identity_token_file')) return 'web-identity';
  if (has('sso_session') || has('sso_start_url')) return 'sso';
  if (has('credential_process')) return 'process';
  return 'unknown';
}

export async function credentialSource(profile: Profile, deps: ClientFactoryDeps): Promise<CredentialSource> {
  if (profile.kind === 'embedded') return { kind: 'in-process', description: WORDS['in-process'] };
  if (profile.kind === 'localstack') {
    const kind = deps.localstackCredentials ? 'static-env' : 'localstack-test';
    return { kind, description: WORDS[kind] };
  }
  const env = deps.env ?? process.env;
  const { configFile, credentialsFile } = await loadSharedConfigFiles({ ignoreCache: true, ...sharedFilePaths(env) });
  const kind = kindOf(configFile[profile.awsProfile] as Section | undefined, credentialsFile[profile.awsProfile] as Section | undefined);
  return { kind, description: `${WORDS[kind]}, from AWS profile ${profile.awsProfile}` };
}

/**
 * When the credentials of an `aws` profile expire, by resolving them the way the client does (an
 * SSO cache or a role session has a date; static keys have none). Throws what the provider throws
 * (an expired SSO sign-in, a missing profile), for the caller to map.
 */
export async function credentialExpiry(profile: Extract<Profile, { kind: 'aws' }>, deps: ClientFactoryDeps): Promise<Date | undefined> {
  const provider = fromIni({ profile: profile.awsProfile, ignoreCache: true, ...sharedFilePaths(deps.env ?? process.env) });
  const resolved = await provider();
  // Only the date is kept; the resolved object (keys, token) goes out of scope here.
  return resolved.expiration;
}
