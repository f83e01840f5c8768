/**
 * Wires the main process: profile and settings stores, the embedded vault (opened on first use),
 * one blind client per profile, the secrets service, the audit log, and a handler for every
 * contract channel. Every write-class handler runs its change inside the audit recorder (an
 * attempt entry before, the outcome after; no change without the attempt on disk).
 * Plain Node: Electron passes in only its safeStorage and a save dialog, so the browser host and
 * the tests compose the very same thing.
 */
import path from 'node:path';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { catalogByCategory } from '../shared/catalog';
import { AppError } from '../shared/errors';
import { buildSecretId } from '../shared/naming';
import type { Profile, ProfileList } from '../shared/profiles';
import type { SecretRef } from '../shared/secrets';
import { backendIdentityLookup, createAuditService, createIdentityCache, currentOsUser, type ChooseSavePath } from './audit/index';
import type { AuditOutcomeDetails } from './audit/recorder';
import { discoverAwsProfiles } from './backends/aws-profiles';
import { createSecretsClient, testConnection, type ClientFactoryDeps } from './backends/client-factory';
import { DEFAULT_LOCALSTACK_ENDPOINT, LOCALSTACK_DEFAULT_REGION, resolveLocalStackEndpoint } from './backends/localstack';
import { openProfileStore } from './backends/profile-store';
import type { ChannelHandlers } from './ipc/router';
import { createLogger, type Logger } from './log/index';
import { createSecretsService, type SecretsService } from './secrets/service';
import { createValueFiles, type ChooseOpenPath } from './secrets/value-files';
import { createWriteSecret } from './secrets/write-secret';
import type { CheckKeyFn } from './validation/gate';
import { openSettingsStore } from './settings-store';
import { defaultKeyProtector, openVault, safeStorageKeyProtector, type SafeStorageLike, type Vault } from './vault/index';

export interface MainServices {
  readonly handlers: ChannelHandlers;
  close(): Promise<void>;
}

export interface ComposeOptions {
  readonly userDataDir: string;
  /** Electron's safeStorage: the vault key goes to the OS keychain. Without it, FOUNDRY_VAULT_KEY or a key file. */
  readonly safeStorage?: SafeStorageLike;
  readonly env?: NodeJS.ProcessEnv;
  /** Injectable for tests of recovery windows (and the audit entries' time). */
  readonly clock?: () => Date;
  /** Main's structured logger; default: JSON lines on stderr at level info. */
  readonly logger?: Logger;
  /** Where an audit export is saved (Electron: a save dialog); without it exportAudit is unavailable. */
  readonly chooseSavePath?: ChooseSavePath;
  /** Where a secret's value file is read from (Electron: an open dialog); without it pickValueFile is unavailable. */
  readonly chooseValueFile?: ChooseOpenPath;
  /** The live provider check (tests: one against fake providers); default: the real one in validation/. */
  readonly checkKey?: CheckKeyFn;
  /** The audit actor's OS user name; default: the account the process runs as. */
  readonly osUser?: string;
  /** Audit file size at which a new file is started (tests use a small one). */
  readonly auditMaxFileBytes?: number;
}

export const VAULT_DIR = 'vault';

export async function composeMain(options: ComposeOptions): Promise<MainServices> {
  const env = options.env ?? process.env;
  const profiles = await openProfileStore(options.userDataDir, env);
  const settings = await openSettingsStore(options.userDataDir);
  const vaultDir = path.join(options.userDataDir, VAULT_DIR);

  let vault: Promise<Vault> | undefined;
  const getVault = (): Promise<Vault> => {
    vault ??= openVault({
      dataDir: vaultDir,
      keyProtector: options.safeStorage ? safeStorageKeyProtector(options.safeStorage) : defaultKeyProtector(vaultDir, env),
      ...(options.clock && { clock: options.clock }),
    }).catch((error: unknown) => {
      vault = undefined; // a later call may succeed (e.g. after the other process released the lock)
      throw error;
    });
    return vault;
  };
  const deps: ClientFactoryDeps = { getVault, env };
  const logger = options.logger ?? createLogger();
  const audit = createAuditService({
    userDataDir: options.userDataDir,
    identities: createIdentityCache({ lookup: backendIdentityLookup(deps), logger: logger.child({ component: 'identity' }) }),
    osUser: options.osUser ?? currentOsUser(env),
    logger,
    ...(options.chooseSavePath && { chooseSavePath: options.chooseSavePath }),
    ...(options.auditMaxFileBytes !== undefined && { maxFileBytes: options.auditMaxFileBytes }),
    ...(options.clock && { clock: options.clock }),
  });
  const recorder = audit.recorder;

  // One client per profile; a saved (changed) profile gets a new one.
  const clients = new Map<string, { profile: Profile; client: Promise<SecretsManagerClient> }>();
  function serviceFor(profile: Profile): Promise<SecretsService> {
    let entry = clients.get(profile.id);
    if (entry?.profile !== profile) {
      void entry?.client.then((old) => old.destroy(), () => undefined);
      entry = { profile, client: createSecretsClient(profile, deps) };
      const created = entry;
      // A client that could not be built is not cached, so the next call tries again.
      created.client.catch(() => {
        if (clients.get(profile.id) === created) clients.delete(profile.id);
      });
      clients.set(profile.id, created);
    }
    return entry.client.then((client) => createSecretsService(client, profile));
  }
  const active = (): Promise<SecretsService> => serviceFor(profiles.active());

  async function vaultWarnings(): Promise<string[]> {
    if (!vault) return [];
    try {
      const { protection } = await vault;
      return protection.isProtected ? [] : [`The embedded vault's key is protected only by ${protection.description}.`];
    } catch {
      return [];
    }
  }

  // Starting values for new profiles, read once: LOCALSTACK_ENDPOINT / SVC_LOCALSTACK_HOST and AWS_REGION.
  const environmentWarnings: string[] = [];
  let localstackEndpoint = DEFAULT_LOCALSTACK_ENDPOINT;
  try {
    localstackEndpoint = resolveLocalStackEndpoint(env);
  } catch (error) {
    environmentWarnings.push(error instanceof AppError ? error.message : 'LOCALSTACK_ENDPOINT / SVC_LOCALSTACK_HOST could not be used.');
  }
  const defaults = { localstackEndpoint, region: env['AWS_REGION']?.trim() || LOCALSTACK_DEFAULT_REGION };

  async function profileList(): Promise<ProfileList> {
    const stored = profiles.list();
    const aws = await discoverAwsProfiles(env);
    return {
      profiles: [...stored.profiles],
      activeId: stored.activeId,
      awsProfiles: aws.profiles.map((profile) => profile.name),
      warnings: [...stored.warnings, ...aws.warnings, ...settings.warnings, ...(await vaultWarnings()), ...environmentWarnings],
      defaults,
    };
  }

  const listOrgs = async () => {
    // One read of the active profile: a profile switch during the await must not mix two profiles' orgs.
    const profile = profiles.active();
    return (await serviceFor(profile)).listOrgs(settings.addedOrgs(profile.id));
  };

  /** A secret change, audited under the profile that is active when it starts (and used throughout). */
  function secretChange<T>(
    action: 'secret.write' | 'secret.remove' | 'secret.force-remove' | 'secret.restore',
    ref: SecretRef,
    change: (service: SecretsService, secretId: string) => Promise<T>,
    settle?: (result: T) => AuditOutcomeDetails,
  ): Promise<T> {
    const profile = profiles.active();
    const secretId = buildSecretId({ env: profile.env, ...ref });
    return recorder.run(
      { action, profile, orgId: ref.orgId, secretId, label: secretId, lookupIdentity: true },
      async () => change(await serviceFor(profile), secretId),
      settle,
    );
  }
  const valueFiles = createValueFiles({ ...(options.chooseValueFile && { choose: options.chooseValueFile }) });
  const writeSecret = createWriteSecret({
    valueFiles,
    keyCheckSettings: () => settings.keyChecks(),
    audited: (ref, change, settle) => secretChange('secret.write', ref, change, settle),
    ...(options.checkKey && { checkKey: options.checkKey }),
  });
  const refOf = (input: SecretRef): SecretRef => ({ orgId: input.orgId, domainId: input.domainId, secretName: input.secretName });
  const profileLabel = (id: string): string => `profile "${id}"`;

  const handlers: ChannelHandlers = {
    listCatalog: async () => ({ categories: catalogByCategory() }),
    listProfiles: profileList,
    selectProfile: async ({ id }) => {
      await recorder.run({ action: 'profile.select', profile: profiles.get(id) ?? { id }, label: profileLabel(id) }, () => profiles.select(id));
      return profileList();
    },
    saveProfile: async ({ profile }) => {
      const action = profiles.get(profile.id) ? 'profile.update' : 'profile.create';
      await recorder.run({ action, profile, label: profileLabel(profile.id) }, () => profiles.save(profile));
      return profileList();
    },
    removeProfile: async ({ id }) => {
      await recorder.run({ action: 'profile.remove', profile: profiles.get(id) ?? { id }, label: profileLabel(id) }, () => profiles.remove(id));
      return profileList();
    },
    testConnection: async ({ id }) => {
      const profile = id === undefined ? profiles.active() : profiles.get(id);
      if (!profile) throw new AppError('NOT_FOUND', 'That profile no longer exists. Refresh the profile list.');
      return testConnection(profile, deps);
    },
    listOrgs,
    addOrg: async ({ orgId }) => {
      const profile = profiles.active();
      await recorder.run({ action: 'org.add', profile, orgId, label: `organization ${orgId}`, lookupIdentity: true }, () => settings.addOrg(profile.id, orgId));
      return listOrgs();
    },
    getSecretStatus: async (ref) => (await active()).status(ref),
    listSecretStatus: async ({ orgId, domainId }) => (await active()).listStatus(orgId, domainId),
    pickValueFile: () => valueFiles.pick(),
    discardValueFile: async ({ handle }) => ({ discarded: valueFiles.release(handle) }),
    writeSecret,
    removeSecret: (input) => secretChange(input.mode.kind === 'force' ? 'secret.force-remove' : 'secret.remove', refOf(input), (service) => service.remove(input)),
    restoreSecret: (ref) => secretChange('secret.restore', ref, (service) => service.restore(ref)),
    listAudit: (input) => audit.list(input),
    exportAudit: (input) => audit.exportTo(input),
    getKeyCheckSettings: async () => ({ settings: settings.keyChecks() }),
    saveKeyCheckSettings: async ({ settings: next }) => {
      const profile = profiles.active();
      await recorder.run({ action: 'settings.key-checks', profile, label: 'the key check settings' }, () => settings.saveKeyChecks(next));
      return { settings: settings.keyChecks() };
    },
  };

  return {
    handlers,
    async close() {
      valueFiles.clear();
      const all = [...clients.values()];
      clients.clear();
      await Promise.all(all.map((entry) => entry.client.then((client) => client.destroy(), () => undefined)));
      if (vault) await vault.then((opened) => opened.close(), () => undefined);
    },
  };
}
