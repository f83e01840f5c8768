/**
 * Wires the main process: profile and settings stores, the embedded vault (opened on first use),
 * one blind client per profile, the secrets service, and a handler for every contract channel.
 * Plain Node: Electron passes in only its safeStorage, so the browser host and the tests compose
 * the very same thing.
 */
import path from 'node:path';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { catalogByCategory } from '../shared/catalog';
import { AppError } from '../shared/errors';
import type { Profile, ProfileList } from '../shared/profiles';
import { discoverAwsProfiles } from './backends/aws-profiles';
import { createSecretsClient, testConnection, type ClientFactoryDeps } from './backends/client-factory';
import { openProfileStore } from './backends/profile-store';
import type { ChannelHandlers } from './ipc/router';
import { createSecretsService, type SecretsService } from './secrets/service';
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
  /** Injectable for tests of recovery windows. */
  readonly clock?: () => Date;
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

  async function profileList(): Promise<ProfileList> {
    const stored = profiles.list();
    const aws = await discoverAwsProfiles();
    return {
      profiles: [...stored.profiles],
      activeId: stored.activeId,
      awsProfiles: aws.profiles.map((profile) => profile.name),
      warnings: [...stored.warnings, ...aws.warnings, ...settings.warnings, ...(await vaultWarnings())],
    };
  }

  const listOrgs = async () => (await active()).listOrgs(settings.addedOrgs(profiles.active().id));

  const handlers: ChannelHandlers = {
    listCatalog: async () => ({ categories: catalogByCategory() }),
    listProfiles: profileList,
    selectProfile: async ({ id }) => {
      await profiles.select(id);
      return profileList();
    },
    saveProfile: async ({ profile }) => {
      await profiles.save(profile);
      return profileList();
    },
    removeProfile: async ({ id }) => {
      await profiles.remove(id);
      return profileList();
    },
    testConnection: async ({ id }) => {
      const profile = id === undefined ? profiles.active() : profiles.get(id);
      if (!profile) throw new AppError('NOT_FOUND', 'That profile no longer exists. Refresh the profile list.');
      return testConnection(profile, deps);
    },
    listOrgs,
    addOrg: async ({ orgId }) => {
      await settings.addOrg(profiles.active().id, orgId);
      return listOrgs();
    },
    getSecretStatus: async (ref) => (await active()).status(ref),
    listSecretStatus: async ({ orgId, domainId }) => (await active()).listStatus(orgId, domainId),
    writeSecret: async (input) => (await active()).write(input),
    removeSecret: async (input) => (await active()).remove(input),
    restoreSecret: async (ref) => (await active()).restore(ref),
  };

  return {
    handlers,
    async close() {
      const all = [...clients.values()];
      clients.clear();
      await Promise.all(all.map((entry) => entry.client.then((client) => client.destroy(), () => undefined)));
      if (vault) await vault.then((opened) => opened.close(), () => undefined);
    },
  };
}
