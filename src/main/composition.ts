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
import { byCodePoint } from '../shared/coverage';
import { DEFAULT_DOMAIN_ID, buildSecretId } from '../shared/naming';
import { cleartextWarnings } from '../shared/profile-change';
import type { Profile, ProfileList } from '../shared/profiles';
import type { SecretRef, SecretStatus } from '../shared/secrets';
import { backendIdentityLookup, createAuditService, createIdentityCache, currentOsUser, type ChooseSavePath } from './audit/index';
import type { AuditOutcomeDetails } from './audit/recorder';
import { discoverAwsProfiles } from './backends/aws-profiles';
import { createSecretsClient, testConnection, type AwsEndpoints, type ClientFactoryDeps } from './backends/client-factory';
import { DEFAULT_LOCALSTACK_ENDPOINT, LOCALSTACK_DEFAULT_REGION, resolveLocalStackEndpoint } from './backends/localstack';
import { approveProfileSave, createProfileChangeGate, type ConfirmProfileChange } from './backends/profile-confirmation';
import { openProfileStore } from './backends/profile-store';
import type { ChannelHandlers } from './ipc/router';
import { checkBlindAccess } from './iam/self-check';
import { runDiagnostics } from './diagnostics/runner';
import { createSelfCheckCache } from './iam/self-check-cache';
import { createLogger, type Logger } from './log/index';
import { createSecretsService, type SecretsService } from './secrets/service';
import { createValueFiles, type ChooseOpenPath } from './secrets/value-files';
import { createWriteSecret } from './secrets/write-secret';
import { originOf, type CheckKeyFn } from './validation/gate';
import { newBaseUrls, type ConfirmKeyCheckUrls } from './validation/confirm';
import { coverageCsv, coverageFileName } from './fleet/export';
import { metadataFromStatus } from './fleet/changes';
import { createFleetService, orgsOf, type FleetService } from './fleet/service';
import { createDriftService } from './fleet/drift-service';
import { exportDriftReport } from './fleet/drift-export';
import { createOrgBookmarks } from './fleet/org-bookmarks';
import type { FleetListing } from './fleet/list';
import { saveExport } from './export-file';
import { saveIamPolicy } from './iam/policy-file';
import { createEventSender, type EventSink } from './ipc/events';
import { createImportSources } from './jobs/import-sources';
import { jobReportCsv, jobReportFileName, jobReportJson } from './jobs/report';
import { createJobService } from './jobs/service';
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
  /** Delivers main → window events (Electron: webContents.send to the app's window). */
  readonly emit?: EventSink;
  /** How the fleet is listed (the bench compares strategies); default: the sharded listing. */
  readonly fleetListing?: FleetListing;
  /**
   * Asks the person, outside the window (Electron: a native message box), to confirm base URLs a key
   * would be sent to. Without it (tests, the browser host), new base URLs are accepted.
   */
  readonly confirmKeyCheckUrls?: ConfirmKeyCheckUrls;
  /**
   * Asks the person, outside the window (Electron: a native message box; the browser host: its
   * confirmation desk), to confirm a profile change that re-points or unlocks a profile. Without
   * it such changes are refused.
   */
  readonly confirmProfileChange?: ConfirmProfileChange;
  /** Where a `.env` file to import is read from (Electron: an open dialog); without it only the environment can be imported. */
  readonly chooseImportFile?: ChooseOpenPath;
  /** Requests in flight per bulk job at most (the bench compares). */
  readonly jobConcurrency?: number;
  /** The live provider check (tests: one against fake providers); default: the real one in validation/. */
  readonly checkKey?: CheckKeyFn;
  /** The audit actor's OS user name; default: the account the process runs as. */
  readonly osUser?: string;
  /** Audit file size at which a new file is started (tests use a small one). */
  readonly auditMaxFileBytes?: number;
  /** Test-only: where `aws` profiles' calls go (a served vault, fake STS/IAM). Never from the window. */
  readonly awsEndpoints?: AwsEndpoints;
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
  const deps: ClientFactoryDeps = { getVault, env, ...(options.awsEndpoints && { awsEndpoints: options.awsEndpoints }) };
  const logger = options.logger ?? createLogger();
  const audit = createAuditService({
    userDataDir: options.userDataDir,
    identities: createIdentityCache({ lookup: backendIdentityLookup(deps), logger: logger.child({ component: 'identity' }) }),
    osUser: options.osUser ?? currentOsUser(env),
    logger,
    // The audit key is wrapped by the vault key's protector, built on use (the vault need not be opened).
    keyProtector: () => (options.safeStorage ? safeStorageKeyProtector(options.safeStorage) : defaultKeyProtector(vaultDir, env)),
    ...(options.chooseSavePath && { chooseSavePath: options.chooseSavePath }),
    ...(options.auditMaxFileBytes !== undefined && { maxFileBytes: options.auditMaxFileBytes }),
    ...(options.clock && { clock: options.clock }),
  });
  const recorder = audit.recorder;

  // One client per profile; a saved (changed) profile gets a new one.
  const clients = new Map<string, { profile: Profile; client: Promise<SecretsManagerClient> }>();
  function clientFor(profile: Profile): Promise<SecretsManagerClient> {
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
    return entry.client;
  }
  const serviceFor = (profile: Profile): Promise<SecretsService> => clientFor(profile).then((client) => createSecretsService(client, profile));
  const active = (): Promise<SecretsService> => serviceFor(profiles.active());
  const sendEvent = createEventSender(options.emit ?? (() => undefined), (message) => logger.error(message, { component: 'events' }));
  const fleet: FleetService = createFleetService({
    clientFor,
    send: sendEvent,
    onUnexpected: (errorClass) => logger.error(`fleet snapshot: unexpected ${errorClass}`, { component: 'fleet' }),
    ...(options.fleetListing && { list: options.fleetListing }),
  });
  const drift = createDriftService({ profileById: (id) => profiles.get(id), fleet, clientFor, ...(options.fleetListing && { list: options.fleetListing }) });

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
      warnings: [...stored.warnings, ...cleartextWarnings(stored.profiles), ...aws.warnings, ...settings.warnings, ...(await vaultWarnings()), ...environmentWarnings],
      defaults,
    };
  }

  const listOrgs = async () => {
    // One read of the active profile: a profile switch during the await must not mix two profiles' orgs.
    const profile = profiles.active();
    const added = settings.addedOrgs(profile.id);
    // From the fleet snapshot (no backend call once it is complete). On a first start the window asks
    // for the org list before the fleet: the snapshot it then loads is started here, and its sharded
    // listing answers both (one listing of the env, not a sequential one beside it). A listing of
    // its own only when there is no snapshot to wait for (one that failed or was cancelled earlier,
    // or cancelled meanwhile); a build that fails while this waits answers with its error.
    return (await fleet.orgListOnceBuilt(profile, added)) ?? (await serviceFor(profile)).listOrgs(added);
  };

  /**
   * A secret change, audited under the profile that is active when it starts (and used throughout).
   * Once it succeeds, the fleet snapshot follows it from the status it answered.
   */
  async function secretChange<T>(
    action: 'secret.write' | 'secret.remove' | 'secret.force-remove' | 'secret.restore',
    ref: SecretRef,
    change: (service: SecretsService, secretId: string) => Promise<T>,
    statusOf: (result: T) => SecretStatus | undefined,
    settle?: (result: T) => AuditOutcomeDetails,
    profile: Profile = profiles.active(),
  ): Promise<T> {
    const secretId = buildSecretId({ env: profile.env, ...ref });
    const result = await recorder.run(
      { action, profile, orgId: ref.orgId, secretId, label: secretId, lookupIdentity: true },
      async () => change(await serviceFor(profile), secretId),
      settle,
    );
    const status = statusOf(result);
    if (status) fleet.applyChange(profile, { ...ref, meta: metadataFromStatus(status, { exists: action === 'secret.restore' }) });
    return result;
  }
  const statusList = async (profile: Profile, orgId: string, domainId: string) =>
    // From the complete fleet snapshot when there is one (no backend call), else from a listing.
    fleet.statusList(profile, orgId, domainId) ?? (await serviceFor(profile)).listStatus(orgId, domainId);
  const importSources = createImportSources({ env, ...(options.chooseImportFile && { choose: options.chooseImportFile }) });
  const jobs = createJobService({
    activeProfile: () => profiles.active(),
    profileById: (id) => profiles.get(id),
    clientFor,
    statusList,
    audited: (action, profile, ref, change, statusOf, settle) => secretChange(action, ref, (service) => change(service), statusOf, settle, profile),
    sources: importSources,
    send: sendEvent,
    ...(options.jobConcurrency !== undefined && { concurrency: options.jobConcurrency }),
  });
  const valueFiles = createValueFiles({ ...(options.chooseValueFile && { choose: options.chooseValueFile }) });
  const writeSecret = createWriteSecret({
    valueFiles,
    keyCheckSettings: () => settings.keyChecks(),
    audited: (ref, change, statusOf, settle) => secretChange('secret.write', ref, change, statusOf, settle),
    ...(options.checkKey && { checkKey: options.checkKey }),
  });
  const refOf = (input: SecretRef): SecretRef => ({ orgId: input.orgId, domainId: input.domainId, secretName: input.secretName });
  const profileLabel = (id: string): string => `profile "${id}"`;

  const oneProfileChangeAtATime = createProfileChangeGate();
  const selfChecks = createSelfCheckCache({ check: (profile) => checkBlindAccess(profile, deps, options.clock ? { clock: options.clock } : {}) });
  const orgBookmarks = createOrgBookmarks(settings, recorder);
  const confirmKeyCheckUrls: ConfirmKeyCheckUrls = options.confirmKeyCheckUrls ?? (async () => true);
  const handlers: ChannelHandlers = {
    listCatalog: async () => ({ categories: catalogByCategory() }),
    listProfiles: profileList,
    selectProfile: async ({ id }) => {
      await recorder.run({ action: 'profile.select', profile: profiles.get(id) ?? { id }, label: profileLabel(id) }, () => profiles.select(id));
      return profileList();
    },
    saveProfile: ({ profile }) =>
      oneProfileChangeAtATime(async () => {
        const before = profiles.get(profile.id);
        await recorder.run({ action: before ? 'profile.update' : 'profile.create', profile, label: profileLabel(profile.id) }, async () =>
          profiles.save(await approveProfileSave(before, profile, options.confirmProfileChange), { before: before ?? null }),
        );
        return profileList();
      }),
    removeProfile: async ({ id }) => {
      await recorder.run({ action: 'profile.remove', profile: profiles.get(id) ?? { id }, label: profileLabel(id) }, () => profiles.remove(id));
      return profileList();
    },
    testConnection: async ({ id }) => {
      const profile = id === undefined ? profiles.active() : profiles.get(id);
      if (!profile) throw new AppError('NOT_FOUND', 'That profile no longer exists. Refresh the profile list.');
      return testConnection(profile, deps);
    },
    runDiagnostics: async ({ profileId, secret }) => {
      const profile = profileId === undefined ? profiles.active() : profiles.get(profileId);
      if (!profile) throw new AppError('NOT_FOUND', 'That profile no longer exists. Refresh the profile list.');
      return runDiagnostics(profile, deps, secret ? { secret } : {});
    },
    checkBlindAccess: async ({ profileId, refresh }) => {
      const profile = profileId === undefined ? profiles.active() : profiles.get(profileId);
      if (!profile) throw new AppError('NOT_FOUND', 'That profile no longer exists. Refresh the profile list.');
      return selfChecks.get(profile, { refresh: refresh === true });
    },
    listOrgs,
    addOrg: async ({ orgId }) => {
      await orgBookmarks.add(profiles.active(), orgId);
      return listOrgs();
    },
    removeOrg: async ({ orgId }) => {
      await orgBookmarks.remove(profiles.active(), orgId);
      return listOrgs();
    },
    loadFleet: async ({ refresh }) => {
      const profile = profiles.active();
      return fleet.load(profile, settings.addedOrgs(profile.id), refresh);
    },
    cancelFleet: async ({ snapshotId }) => ({ cancelled: fleet.cancel(snapshotId) }),
    exportFleet: async ({ orgIds }) => {
      const profile = profiles.active();
      const build = fleet.complete(profile);
      if (!build) throw new AppError('CONFLICT', 'The fleet is still loading (or failed to load): wait until every organization is listed, then export again.');
      // From that complete build: the newest one may be a refresh still loading or cancelled, whose
      // partial matrix would read as "missing" everywhere (and asking for it could start a listing).
      const byId = new Map(orgsOf(build).map((org) => [org.orgId, org]));
      for (const orgId of settings.addedOrgs(profile.id)) if (!byId.has(orgId)) byId.set(orgId, { orgId, secrets: [] });
      const orgs = orgIds ? orgIds.flatMap((id) => byId.get(id) ?? []) : [...byId.values()].sort((a, b) => byCodePoint(a.orgId, b.orgId));
      const now = new Date();
      const saved = await recorder.run({ action: 'fleet.export', profile, label: 'the coverage matrix' }, () =>
        saveExport(options.chooseSavePath, {
          defaultName: coverageFileName(profile.env, now),
          title: 'Export coverage matrix',
          content: () => coverageCsv(orgs, now.getTime(), settings.fleet().staleAfterDays),
        }),
      );
      return saved.saved ? { saved: true, path: saved.path, count: orgs.length } : { saved: false, count: orgs.length };
    },
    compareDrift: (input) => drift.compare(input),
    cancelDrift: async ({ requestId }) => ({ cancelled: drift.cancel(requestId) }),
    exportDrift: ({ driftId, kinds }) => exportDriftReport({ kept: drift.kept(driftId), ...(kinds && { kinds }), choose: options.chooseSavePath, recorder, now: new Date() }),
    getSecretStatus: async (ref) => (await active()).status(ref),
    listSecretStatus: ({ orgId, domainId }) => statusList(profiles.active(), orgId, domainId ?? DEFAULT_DOMAIN_ID),
    pickValueFile: (ref) => valueFiles.pick(ref),
    discardValueFile: async ({ handle }) => ({ discarded: valueFiles.release(handle) }),
    writeSecret,
    removeSecret: (input) =>
      secretChange(input.mode.kind === 'force' ? 'secret.force-remove' : 'secret.remove', refOf(input), (service) => service.remove(input), (status) => status),
    restoreSecret: (ref) => secretChange('secret.restore', ref, (service) => service.restore(ref), (status) => status),
    listAudit: (input) => audit.list(input),
    exportAudit: (input) => audit.exportTo(input, profiles.active()),
    getKeyCheckSettings: async () => ({ settings: settings.keyChecks() }),
    saveKeyCheckSettings: async ({ settings: next }) => {
      const profile = profiles.active();
      // A key is sent to these URLs: a new one must be confirmed by the person, outside the window.
      const added = newBaseUrls(settings.keyChecks(), next);
      if (added.length > 0 && !(await confirmKeyCheckUrls(added))) {
        throw new AppError('ACCESS_DENIED', 'The new base URL was not confirmed, so the key check settings were not changed. Keys are sent to these URLs: confirm only your own proxy or instance.', {
          confirmed: false,
        });
      }
      const origins = Object.values(next.baseUrls).flatMap((url) => originOf(url) ?? []);
      await recorder.run(
        { action: 'settings.key-checks', profile, label: 'the key check settings' },
        () => settings.saveKeyChecks(next),
        () => (origins.length > 0 ? { keyCheckOrigins: origins } : {}),
      );
      return { settings: settings.keyChecks() };
    },
    openImportSource: (input) => importSources.open(input),
    forgetImportSource: async ({ sourceId }) => ({ forgotten: importSources.forget(sourceId) }),
    previewImport: (input) => jobs.preview(input),
    startImport: (input) => jobs.startImport(input),
    startBulk: (input) => jobs.startBulk(input),
    cancelJob: async ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
    getJob: async ({ jobId }) => jobs.report(jobId),
    exportJobReport: async ({ jobId, format }) => {
      const report = jobs.report(jobId);
      const saved = await recorder.run({ action: 'job.export', profile: profiles.active(), label: 'the job report' }, () =>
        saveExport(options.chooseSavePath, {
          defaultName: jobReportFileName(report, format),
          title: 'Export job report',
          content: () => (format === 'csv' ? jobReportCsv(report) : jobReportJson(report)),
        }),
      );
      return saved.saved ? { saved: true, path: saved.path, count: report.items.length } : { saved: false, count: report.items.length };
    },
    // Saved like every export: audited, so a file that left the app is on record (no value is in it).
    saveIamPolicy: (input) => recorder.run({ action: 'iam.export', profile: profiles.active(), label: 'an IAM policy' }, () => saveIamPolicy(options.chooseSavePath, input)),
    getFleetSettings: async () => ({ settings: settings.fleet() }),
    saveFleetSettings: async ({ settings: next }) => {
      const profile = profiles.active();
      await recorder.run({ action: 'settings.fleet', profile, label: 'the stale policy' }, () => settings.saveFleet(next));
      return { settings: settings.fleet() };
    },
  };

  // The active profile's backend gets ready as main starts (the embedded vault reads its key and
  // data: 60–90 ms), while the window loads, instead of inside the window's first call. A failure
  // here is left to that call, which tries again and reports it.
  void clientFor(profiles.active()).catch(() => undefined);

  return {
    handlers,
    async close() {
      valueFiles.clear();
      importSources.clear();
      // Before the clients and the vault go: the running jobs' items write their audit outcomes.
      await jobs.close();
      fleet.close();
      drift.close();
      const all = [...clients.values()];
      clients.clear();
      await Promise.all(all.map((entry) => entry.client.then((client) => client.destroy(), () => undefined)));
      if (vault) await vault.then((opened) => opened.close(), () => undefined);
    },
  };
}
