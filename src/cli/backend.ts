/**
 * The backend a command works on, built from main's own pieces (profile store, client factory,
 * embedded vault, audit recorder, secrets service) — the same code path the app uses, without
 * Electron and without changing the app's state (no profile is selected or saved).
 *
 * - `--profile ID`: a profile of the app, from its data folder; audited in that folder.
 * - `--embedded --data DIR`: the embedded vault in DIR/vault; audited in DIR/audit.
 * - `--endpoint URL`: a Secrets Manager endpoint (LocalStack, a served vault); audited only when
 *   a data folder is given.
 */
import { existsSync, promises as fs, statSync } from 'node:fs';
import path from 'node:path';
import type { SecretsManagerClient, SecretsManagerClientConfig } from '@aws-sdk/client-secrets-manager';
import { buildSecretId, type Env } from '../shared/naming';
import { localstackProfileSchema, type Profile } from '../shared/profiles';
import type { SecretRef } from '../shared/secrets';
import { AUDIT_DIR, backendIdentityLookup, createAuditService, createIdentityCache, currentOsUser, type AuditOutcomeDetails, type AuditRecorder, type CallerIdentity } from '../main/audit/index';
import { createSecretsClient, type ClientFactoryDeps } from '../main/backends/client-factory';
import { LOCALSTACK_DEFAULT_REGION } from '../main/backends/localstack';
import { toAppError } from '../main/backends/sdk-errors';
import { DEFAULT_EMBEDDED_PROFILE, PROFILES_FILE, openProfileStore } from '../main/backends/profile-store';
import type { AuditedChange, JobServiceDeps } from '../main/jobs/service';
import { createLogger, parseLogLevel } from '../main/log/index';
import { createSecretsService, type SecretsService } from '../main/secrets/service';
import { readEnvelope } from '../main/vault/envelope';
import { VaultError } from '../main/vault/errors';
import { defaultKeyProtector, openVault, type Vault } from '../main/vault/index';
import { APP_VAULT_DIR, runningAppIn } from './app-data';
import { cleartextHostOf, cleartextRefusal } from './cleartext-endpoint';
import { CliError, EXIT, usageError } from './errors';
import { unguardedClientConfig } from './reading/unguarded-client-config';

export type BackendChoice =
  | {
      readonly kind: 'profile';
      readonly profileId: string;
      readonly dataDir: string;
      readonly env?: Env;
      /** --allow-http: the profile's plain http to another machine was explicitly allowed. */
      readonly allowHttp?: boolean;
      /** Where the cleartext warning goes (stderr). */
      readonly warn?: (line: string) => void;
    }
  | { readonly kind: 'embedded'; readonly dataDir: string; readonly env: Env }
  | {
      readonly kind: 'endpoint';
      readonly endpoint: string;
      readonly region?: string;
      readonly env: Env;
      readonly dataDir?: string;
      /** --allow-http: plain http to another machine was explicitly allowed. */
      readonly allowHttp?: boolean;
    };

export type SecretChangeAction = 'secret.write' | 'secret.remove' | 'secret.force-remove' | 'secret.restore' | 'secret.health-tag';

export type CliSecretChange = <T>(
  action: SecretChangeAction,
  ref: SecretRef,
  change: (service: SecretsService, secretId: string) => Promise<T>,
  settle?: (result: T) => AuditOutcomeDetails,
) => Promise<T>;

export interface Backend {
  readonly profile: Profile;
  /** Where the writes go, in words ("the embedded vault in /data/vault"). */
  readonly description: string;
  /** The audit folder entries are recorded in; undefined when none is written. */
  readonly auditDir: string | undefined;
  /** What the job service needs of a backend. */
  readonly jobDeps: Pick<JobServiceDeps, 'activeProfile' | 'profileById' | 'clientFor' | 'statusList' | 'audited'>;
  /** The secrets service over this backend (status, listings: nothing to audit). */
  service(): Promise<SecretsService>;
  /** A secret change under the audit recorder (when a data folder is given), as the app's secretChange. */
  readonly secretChange: CliSecretChange;
  /** Client settings without the blind guard, for `verify` only (it reads values on an agent host, never in the app). */
  unguardedClientConfig(): Promise<SecretsManagerClientConfig>;
  close(): Promise<void>;
}

/**
 * A call on the backend's client, its failure said as the secrets service says it for `status`
 * (main's toAppError: ACCESS_DENIED, UNREACHABLE, THROTTLED… with what to do next, never the
 * server's own text). For the commands that use the client directly: fleet's sharded listing,
 * verify's listing. An AppError passes through; an error that is no backend answer (a bug of ours)
 * is let through as it is, and the CLI reports only its class.
 */
export async function onBackend<T>(profile: Profile, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toAppError(error, { profile });
  }
}

/** The standard AWS variables, else LocalStack's test/test (the client factory's default). */
export function endpointCredentials(env: NodeJS.ProcessEnv): ClientFactoryDeps['localstackCredentials'] {
  const accessKeyId = env['AWS_ACCESS_KEY_ID']?.trim();
  const secretAccessKey = env['AWS_SECRET_ACCESS_KEY']?.trim();
  if (!accessKeyId || !secretAccessKey) return undefined;
  const sessionToken = env['AWS_SESSION_TOKEN']?.trim();
  return { accessKeyId, secretAccessKey, ...(sessionToken && { sessionToken }) };
}

function endpointProfile(choice: Extract<BackendChoice, { kind: 'endpoint' }>, env: NodeJS.ProcessEnv): Profile {
  const region = choice.region ?? (env['AWS_REGION']?.trim() || env['AWS_DEFAULT_REGION']?.trim() || LOCALSTACK_DEFAULT_REGION);
  const parsed = localstackProfileSchema.safeParse({
    kind: 'localstack',
    // The audit entry names the profile only: an allowed cleartext run says so in its profile id.
    id: choice.allowHttp === true ? 'cli-endpoint-unencrypted-http' : 'cli-endpoint',
    name: choice.allowHttp === true ? 'Command-line endpoint (unencrypted http)' : 'Command-line endpoint',
    env: choice.env,
    readOnly: false,
    endpoint: choice.endpoint,
    region,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const flag = issue?.path[0] === 'region' ? (choice.region === undefined ? 'the region (AWS_REGION)' : '--region') : '--endpoint';
    throw usageError(`${flag} ${issue?.message ?? 'is not valid'}`);
  }
  // Checked again here, where every command's client is built: a command that reads its flags
  // its own way must not open a cleartext path the flag check would have refused.
  const refusal = cleartextRefusal(parsed.data.endpoint, choice.allowHttp === true);
  if (refusal) throw new CliError(refusal.message, EXIT.usage, refusal.hint, 'CLEARTEXT_HTTP_REFUSED');
  return parsed.data;
}

async function appProfile(choice: Extract<BackendChoice, { kind: 'profile' }>): Promise<Profile> {
  try {
    await fs.access(path.join(choice.dataDir, PROFILES_FILE));
  } catch {
    throw usageError(
      `there are no app profiles in ${dataFolderSaid(choice.dataDir)} (no ${PROFILES_FILE})`,
      'Pass the app\'s data folder with --data DIR, or use --embedded --data DIR or --endpoint URL.',
    );
  }
  // An empty environment: ENVIRONMENT=production would make the store add and select a profile,
  // and the CLI must not change the app's profiles.
  const store = await openProfileStore(choice.dataDir, {});
  const profile = store.get(choice.profileId);
  if (!profile) {
    const known = store.list().profiles.map((p) => p.id);
    // Never repeated: a pasted key can be a valid id.
    throw usageError(`no profile with that id in ${store.file}; the profiles there: ${known.join(', ')}`, 'Pass one of those ids with --profile.');
  }
  profileCleartextCheck(profile, choice.allowHttp === true, choice.warn);
  if (choice.env !== undefined && choice.env !== profile.env) {
    throw usageError(`profile "${profile.id}" writes to env ${profile.env}, not ${choice.env}`, `Leave out --env (the profile decides), or pick a profile of env ${choice.env}.`);
  }
  return profile;
}

/**
 * The app's "allow unencrypted http" confirmation is not stored on the profile, so a profile with
 * remote plain http (possibly a hand-edited profiles.json) needs --allow-http as --endpoint does.
 */
export function profileCleartextCheck(profile: Profile, allowHttp: boolean, warn: ((line: string) => void) | undefined): void {
  const host = profile.kind === 'localstack' ? cleartextHostOf(profile.endpoint) : null;
  if (host === null) {
    if (allowHttp) throw usageError('--allow-http goes with an http:// endpoint on another machine, and this profile has none (https and this machine need no allowance)');
    return;
  }
  const refusal = cleartextRefusal((profile as Extract<Profile, { kind: 'localstack' }>).endpoint, allowHttp);
  if (refusal) throw new CliError(`profile "${profile.id}": ${refusal.message}`, EXIT.usage, refusal.hint, 'CLEARTEXT_HTTP_REFUSED');
  warn?.(`Warning: values go to ${host} unencrypted (plain http), as --allow-http allows.\n`);
}

/** A --data folder named only when it exists (a path that is no folder could be a pasted value). */
export function dataFolderSaid(dataDir: string): string {
  return existsSync(dataDir) && statSync(dataDir).isDirectory() ? dataDir : 'the folder given with --data';
}

function describe(profile: Profile, vaultDir: string): string {
  switch (profile.kind) {
    case 'embedded':
      return `the embedded vault in ${vaultDir}`;
    case 'localstack':
      return `${profile.endpoint} (${profile.region}${cleartextHostOf(profile.endpoint) ? ', unencrypted http' : ''})`;
    case 'aws':
      return `AWS Secrets Manager (AWS profile ${profile.awsProfile})`;
  }
}

/** A vault error, said for the command line (the app's own vault keeps its key where only the app can reach it). */
async function vaultOpenError(error: unknown, vaultDir: string): Promise<unknown> {
  if (!(error instanceof VaultError)) return error;
  if (error.code === 'WRONG_KEY' && (await readEnvelope(vaultDir).catch(() => null))?.protector === 'safe-storage') {
    return new CliError(
      `The vault in ${vaultDir} keeps its key in the operating system keychain, which only the desktop app can open.`,
      EXIT.failed,
      'Import the file from the app (Import from .env), or serve a vault of your own (npm run vault) and use --endpoint.',
    );
  }
  return new CliError(error.message, EXIT.failed);
}

/**
 * A vault the CLI created in the app's data folder would lock the app out: the CLI keeps the key
 * in a file (or FOUNDRY_VAULT_KEY), the app in the OS keychain, and a vault opens only the way it
 * was created. So in a folder the app uses (it has profiles.json), the CLI opens a vault, never
 * creates one. Elsewhere (a folder of the CLI's own) it creates it as `npm run vault` does.
 */
async function refuseNewVaultInAppFolder(dataDir: string, vaultDir: string): Promise<void> {
  const hasVault = await readEnvelope(vaultDir).then((envelope) => envelope !== null, () => true);
  if (hasVault) return;
  const appUsesFolder = await fs.access(path.join(dataDir, PROFILES_FILE)).then(() => true, () => false);
  if (!appUsesFolder) return;
  throw new CliError(
    `There is no embedded vault in ${dataDir} yet, and the CLI does not create one in the app's data folder (the app could not open it afterwards).`,
    EXIT.failed,
    'Import from the app itself (Import from .env), or give a folder of the CLI\'s own with --embedded --data DIR.',
  );
}

export async function openBackend(choice: BackendChoice, env: NodeJS.ProcessEnv): Promise<Backend> {
  const dataDir = choice.dataDir;
  if (dataDir !== undefined) {
    const holder = await runningAppIn(dataDir);
    if (holder) {
      throw new CliError(
        `Foundry Secrets is running on ${dataDir} (${holder}).`,
        EXIT.failed,
        'Close the app first: its audit log and vault take one writer at a time.',
      );
    }
  }
  const profile = choice.kind === 'profile' ? await appProfile(choice) : choice.kind === 'embedded' ? { ...DEFAULT_EMBEDDED_PROFILE, env: choice.env } : endpointProfile(choice, env);
  const vaultDir = path.join(dataDir ?? '.', APP_VAULT_DIR);

  let vault: Vault | undefined;
  if (profile.kind === 'embedded') {
    if (dataDir === undefined) throw usageError('the embedded vault needs --data DIR');
    await refuseNewVaultInAppFolder(dataDir, vaultDir);
    // Opened now, so a vault held by the app or a vault server is reported before anything else.
    vault = await openVault({ dataDir: vaultDir, keyProtector: defaultKeyProtector(vaultDir, env) }).catch(async (error: unknown) => {
      throw await vaultOpenError(error, vaultDir);
    });
  }
  const opened = vault;
  const getVault = (): Promise<Vault> => (opened ? Promise.resolve(opened) : Promise.reject(new VaultError('CLOSED', 'No embedded vault is open in this command.')));
  // Only for --endpoint: an app profile of kind localstack keeps test/test, as in the app.
  const credentials = choice.kind === 'endpoint' ? endpointCredentials(env) : undefined;
  const deps: ClientFactoryDeps = { getVault, env, ...(credentials && { localstackCredentials: credentials }) };

  let client: Promise<SecretsManagerClient> | undefined;
  const clientFor = (): Promise<SecretsManagerClient> => (client ??= createSecretsClient(profile, deps));
  const serviceFor = (of: Profile): Promise<SecretsService> => clientFor().then((built) => createSecretsService(built, of));

  const recorder = dataDir === undefined ? undefined : auditRecorder(dataDir, deps, env);
  // As the app's secretChange: an attempt entry before the change, its outcome after (no fleet snapshot here).
  const changeOf = async <T>(action: SecretChangeAction, of: Profile, ref: SecretRef, change: (service: SecretsService, secretId: string) => Promise<T>, settle?: (result: T) => AuditOutcomeDetails): Promise<T> => {
    const secretId = buildSecretId({ env: of.env, ...ref });
    if (!recorder) return change(await serviceFor(of), secretId);
    return recorder.run({ action, profile: of, orgId: ref.orgId, secretId, label: secretId, lookupIdentity: true }, async () => change(await serviceFor(of), secretId), settle);
  };
  const audited: AuditedChange = (action, of, ref, change, _statusOf, settle) => changeOf(action, of, ref, (service) => change(service), settle);

  return {
    profile,
    description: describe(profile, vaultDir),
    auditDir: dataDir === undefined ? undefined : path.join(dataDir, AUDIT_DIR),
    jobDeps: {
      activeProfile: () => profile,
      profileById: (id) => (id === profile.id ? profile : undefined),
      clientFor,
      statusList: (of, orgId, domainId) => serviceFor(of).then((service) => service.listStatus(orgId, domainId)),
      audited,
    },
    service: () => serviceFor(profile),
    secretChange: (action, ref, change, settle) => changeOf(action, profile, ref, change, settle),
    unguardedClientConfig: () => unguardedClientConfig(profile, deps),
    async close() {
      await client?.then((built) => built.destroy(), () => undefined);
      await vault?.close();
    },
  };
}

/**
 * The audit recorder over `<dataDir>/audit`, as the app builds it. The caller's identity is looked
 * up once per command (the app retries failed lookups; a command is too short-lived for that to help).
 */
function auditRecorder(dataDir: string, deps: ClientFactoryDeps, env: NodeJS.ProcessEnv): AuditRecorder {
  const logger = createLogger({ level: parseLogLevel(env['FOUNDRY_LOG_LEVEL'], 'warn') });
  const lookup = backendIdentityLookup(deps);
  let identity: Promise<CallerIdentity> | undefined;
  const once = (profile: Profile): Promise<CallerIdentity> => (identity ??= lookup(profile).catch(() => ({})));
  return createAuditService({
    userDataDir: dataDir,
    identities: createIdentityCache({ lookup: once, logger: logger.child({ component: 'identity' }) }),
    osUser: currentOsUser(env),
    logger,
    // As the app outside Electron: the audit key is wrapped by FOUNDRY_VAULT_KEY, else the vault.key file.
    keyProtector: () => defaultKeyProtector(path.join(dataDir, APP_VAULT_DIR), env),
  }).recorder;
}
