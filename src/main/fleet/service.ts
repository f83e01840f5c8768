/**
 * The fleet snapshot of each profile: built once from ListSecrets (metadata only), streamed to the
 * window as batches (`fleetProgress`), kept in memory, rebuilt on refresh, and updated in place by
 * this app's writes, so the org list, the matrix and the per-org view never wait for a full scan
 * twice. One build per profile at a time; a newer build or a cancel stops the older one.
 */
import { randomUUID } from 'node:crypto';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AppError, isAppError } from '../../shared/errors';
import { coarsenPending, type FleetOrg, type FleetSecret, type FleetSnapshot, type FleetState } from '../../shared/fleet';
import { DEFAULT_DOMAIN_ID, buildSecretId } from '../../shared/naming';
import { sameBackend } from '../../shared/profile-backend';
import type { Profile } from '../../shared/profiles';
import type { OrgList, SecretStatusList } from '../../shared/secrets';
import { toAppError } from '../backends/sdk-errors';
import type { SendEvent } from '../ipc/events';
import type { ListedSecret } from '../secrets/listing';
import { orgListOf, statusListOf } from '../secrets/service';
import { currentVersionId, type SecretMetadata } from '../secrets/status';
import { listFleet, type FleetListing } from './list';

/** One secret as main keeps it: the full metadata (the per-org view needs descriptions, versions). */
export interface HeldSecret {
  readonly orgId: string;
  readonly domainId: string;
  readonly secretName: string;
  readonly meta: SecretMetadata;
  /** When this app last changed it: a listing older than this must not overwrite it. */
  readonly writtenAt?: number;
}

export interface FleetBuild {
  readonly snapshotId: string;
  readonly profile: Profile;
  state: FleetState;
  shardsDone: number;
  shardsTotal: number;
  /** Name prefixes (after the env's) not listed to their end yet: their orgs may have more secrets. */
  pendingPrefixes: readonly string[];
  requests: number;
  readonly startedAt: number;
  completedAt?: number;
  error?: AppError;
  /** orgId → `${domainId}/${secretName}` → secret. */
  readonly orgs: Map<string, Map<string, HeldSecret>>;
  /**
   * Secrets this app removed (a forced delete), by secret id → when: a listing sent before the
   * removal must not bring them back.
   */
  readonly removedAt: Map<string, number>;
  readonly controller: AbortController;
}

export interface FleetServiceOptions {
  readonly clientFor: (profile: Profile) => Promise<SecretsManagerClient>;
  readonly send: SendEvent;
  /** Told the class of an error that is not a backend's (a bug): the snapshot still ends, as failed. */
  readonly onUnexpected?: (errorClass: string) => void;
  readonly now?: () => number;
  /** The listing strategy (tests and the bench compare strategies). */
  readonly list?: FleetListing;
}

export interface FleetService {
  /** The snapshot of `profile`, starting a build when there is none (or `refresh`). */
  load(profile: Profile, addedOrgs: readonly string[], refresh: boolean): FleetSnapshot;
  cancel(snapshotId: string): boolean;
  /** The latest complete snapshot of a profile (one of the same backend: a rename keeps it), if any. */
  complete(profile: Profile): FleetBuild | undefined;
  /** The latest snapshot of a profile, complete or not. */
  latest(profile: Profile): FleetBuild | undefined;
  /** A write, delete or restore of this app: the snapshot follows it, and the window hears of it. */
  applyChange(profile: Profile, change: { orgId: string; domainId: string; secretName: string; meta: SecretMetadata | null }): void;
  /**
   * The per-org view of `orgId` from the latest complete snapshot of `profile`, exactly as the
   * secrets service builds it from a listing; undefined when there is no complete snapshot.
   */
  statusList(profile: Profile, orgId: string, domainId?: string): SecretStatusList | undefined;
  /** The org list from the latest complete snapshot of `profile` and the orgs added by hand; undefined without one. */
  orgList(profile: Profile, addedOrgs: readonly string[]): OrgList | undefined;
  /**
   * The org list as soon as a snapshot of `profile` has it: the complete one, else the build under
   * way once it ends — or, when the profile has never been listed, a build started now (the one the
   * window's loadFleet then joins). A build it waited for that failed throws that build's error;
   * undefined when the build was cancelled, or had ended (failed, cancelled) before the call — such
   * a build is not started again here.
   */
  orgListOnceBuilt(profile: Profile, addedOrgs: readonly string[]): Promise<OrgList | undefined>;
  /** Resolves when the current build of a profile ends (tests, the bench). */
  settled(profile: Profile): Promise<void>;
  close(): void;
}

const keyOf = (domainId: string, secretName: string): string => `${domainId}/${secretName}`;

/**
 * "All Secrets Manager operations are eventually consistent. ListSecrets might not reflect changes
 * from the last five minutes" (API_ListSecrets). For that long (and a minute more), this app's own
 * changes outrank a listing that does not show something newer, across refreshes too: a key just
 * written must not show as missing again, nor a key just deleted come back, on the next load.
 */
export const LISTING_LAG_MS = 6 * 60_000;

/** A change this app made, remembered for LISTING_LAG_MS. */
interface RecentChange {
  readonly orgId: string;
  readonly domainId: string;
  readonly secretName: string;
  /** null: deleted without recovery. */
  readonly meta: SecretMetadata | null;
  readonly at: number;
}

/**
 * Whether a listed secret has caught up with this app's change, or says something newer: it was
 * last changed at or after it (by the backend's clock, when the change's own facts carry one). A
 * listing that has not caught up yet shows the state before the change, which is older.
 */
function listedIsCurrent(listed: SecretMetadata, change: RecentChange): boolean {
  const ours = change.meta?.lastChangedAt?.getTime() ?? change.at;
  return (listed.lastChangedAt?.getTime() ?? -Infinity) >= ours;
}

/** What the snapshot holds, as the listing shapes it (for the per-org view and the org list). */
function* listedOf(build: FleetBuild, only?: string): Iterable<ListedSecret> {
  const orgs = only === undefined ? build.orgs : new Map([[only, build.orgs.get(only) ?? new Map<string, HeldSecret>()]]);
  for (const [orgId, secrets] of orgs) {
    for (const held of secrets.values()) {
      const secretId = buildSecretId({ env: build.profile.env, orgId, domainId: held.domainId, secretName: held.secretName });
      yield { id: { secretId, env: build.profile.env, orgId, domainId: held.domainId, secretName: held.secretName }, meta: held.meta };
    }
  }
}
const ms = (date: Date | undefined): number | undefined => (date === undefined ? undefined : date.getTime());

export function toFleetSecret(held: HeldSecret): FleetSecret {
  const { meta } = held;
  const createdAt = ms(meta.createdAt);
  const lastChangedAt = ms(meta.lastChangedAt);
  const lastAccessedAt = ms(meta.lastAccessedAt);
  const deletionDate = ms(meta.deletedDate);
  return {
    domainId: held.domainId,
    secretName: held.secretName,
    ...(createdAt !== undefined && { createdAt }),
    ...(lastChangedAt !== undefined && { lastChangedAt }),
    ...(lastAccessedAt !== undefined && { lastAccessedAt }),
    ...(deletionDate !== undefined && { deletionDate }),
    hasValue: currentVersionId(meta) !== undefined,
    ...(meta.health && { health: meta.health }),
  };
}

export function orgsOf(build: FleetBuild, only?: ReadonlySet<string>): FleetOrg[] {
  const out: FleetOrg[] = [];
  for (const [orgId, secrets] of build.orgs) {
    if (only && !only.has(orgId)) continue;
    out.push({ orgId, secrets: [...secrets.values()].map(toFleetSecret) });
  }
  return out.sort((a, b) => (a.orgId < b.orgId ? -1 : a.orgId > b.orgId ? 1 : 0));
}

function header(build: FleetBuild) {
  return {
    snapshotId: build.snapshotId,
    profileId: build.profile.id,
    env: build.profile.env,
    state: build.state,
    shardsDone: build.shardsDone,
    shardsTotal: build.shardsTotal,
    pendingPrefixes: [...build.pendingPrefixes],
    requests: build.requests,
    startedAt: build.startedAt,
    ...(build.completedAt !== undefined && { completedAt: build.completedAt }),
    ...(build.error && { error: build.error.toWire() }),
  };
}

/**
 * Why a snapshot failed, as an AppError whatever was thrown. toAppError lets an error that did not
 * come from the backend (a bug of ours) through, for the IPC router to log and answer INTERNAL;
 * a snapshot is built after its call has answered, so here it becomes INTERNAL itself, and the
 * snapshot still ends (as failed) instead of staying "loading" with nobody to tell.
 */
function failureOf(error: unknown, profile: Profile, onUnexpected: ((errorClass: string) => void) | undefined): AppError {
  if (isAppError(error)) return error;
  try {
    return toAppError(error, { profile });
  } catch {
    // Only the class: the raw text of an unexpected error may embed what it was working on.
    onUnexpected?.(error instanceof Error ? error.name : typeof error);
    return new AppError('INTERNAL', 'Loading the fleet stopped on an unexpected error. Load it again, and report it if it keeps happening.');
  }
}

export function createFleetService(options: FleetServiceOptions): FleetService {
  const now = options.now ?? Date.now;
  const list = options.list ?? listFleet;
  const builds = new Map<string, FleetBuild>();
  const lastComplete = new Map<string, FleetBuild>();
  const running = new Map<string, Promise<void>>();

  /** This app's changes of the last LISTING_LAG_MS, per profile (while it addresses the same backend: sameBackend). */
  const recent = new Map<string, { profile: Profile; changes: Map<string, RecentChange> }>();

  /** The recent changes of `profile`, older ones dropped. */
  function recentOf(profile: Profile): Map<string, RecentChange> {
    const kept = recent.get(profile.id);
    if (!kept || !sameBackend(kept.profile, profile)) {
      const fresh = { profile, changes: new Map<string, RecentChange>() };
      recent.set(profile.id, fresh);
      return fresh.changes;
    }
    // In time order (applyChange re-inserts a changed id last): the expired ones are at the front.
    const oldest = now() - LISTING_LAG_MS;
    for (const [secretId, change] of kept.changes) {
      if (change.at >= oldest) break;
      kept.changes.delete(secretId);
    }
    return kept.changes;
  }

  /** A new build starts from this app's recent changes, which a lagging listing must not undo. */
  function seed(build: FleetBuild): void {
    for (const [secretId, change] of recentOf(build.profile)) {
      if (change.meta === null) {
        build.removedAt.set(secretId, change.at);
        continue;
      }
      const secrets = build.orgs.get(change.orgId) ?? new Map<string, HeldSecret>();
      secrets.set(keyOf(change.domainId, change.secretName), { orgId: change.orgId, domainId: change.domainId, secretName: change.secretName, meta: change.meta, writtenAt: change.at });
      build.orgs.set(change.orgId, secrets);
    }
  }

  /**
   * Puts listed secrets in. A secret this app changed after the listing began keeps the newer
   * facts; so does one it changed in the last LISTING_LAG_MS, unless the listing shows a later change.
   */
  function merge(build: FleetBuild, listed: readonly ListedSecret[], listedAt: number): Set<string> {
    const touched = new Set<string>();
    const changes = recentOf(build.profile);
    for (const { id, meta } of listed) {
      if (id.env !== build.profile.env) continue;
      const secrets = build.orgs.get(id.orgId) ?? new Map<string, HeldSecret>();
      const key = keyOf(id.domainId, id.secretName);
      const known = secrets.get(key);
      const change = changes.get(id.secretId);
      if (change !== undefined && !listedIsCurrent(meta, change)) {
        // This app's facts stand; the day it was last accessed is still the listing's to say.
        if (known && known.meta.lastAccessedAt === undefined && meta.lastAccessedAt !== undefined) secrets.set(key, { ...known, meta: { ...known.meta, lastAccessedAt: meta.lastAccessedAt } });
        continue;
      }
      if (change === undefined && known?.writtenAt !== undefined && known.writtenAt >= listedAt) continue;
      if (change === undefined && (build.removedAt.get(id.secretId) ?? -Infinity) >= listedAt) continue;
      if (change?.meta === null) build.removedAt.delete(id.secretId); // made again since: the listing's facts stand
      secrets.set(key, { orgId: id.orgId, domainId: id.domainId, secretName: id.secretName, meta });
      build.orgs.set(id.orgId, secrets);
      touched.add(id.orgId);
    }
    return touched;
  }

  function start(profile: Profile): FleetBuild {
    builds.get(profile.id)?.controller.abort();
    const build: FleetBuild = {
      snapshotId: randomUUID(),
      profile,
      state: 'loading',
      shardsDone: 0,
      shardsTotal: 0,
      // Nothing is listed before the first answer: the whole env is pending.
      pendingPrefixes: [''],
      requests: 0,
      startedAt: now(),
      orgs: new Map(),
      removedAt: new Map(),
      controller: new AbortController(),
    };
    seed(build);
    builds.set(profile.id, build);
    const signal = build.controller.signal;
    const run = (async () => {
      try {
        const client = await options.clientFor(profile);
        await list({
          client,
          env: profile.env,
          signal,
          now,
          onProgress: (progress) => {
            if (signal.aborted) return;
            build.shardsDone = progress.shardsDone;
            build.shardsTotal = progress.shardsTotal;
            build.pendingPrefixes = coarsenPending(progress.pending);
            build.requests = progress.requests;
            const touched = merge(build, progress.secrets, progress.listedAt);
            options.send('fleetProgress', { ...header(build), orgs: orgsOf(build, touched) });
          },
        });
        if (signal.aborted) return;
        build.state = 'complete';
        build.pendingPrefixes = [];
        build.completedAt = now();
        lastComplete.set(profile.id, build);
      } catch (error) {
        if (signal.aborted) return;
        build.state = 'failed';
        build.error = failureOf(error, profile, options.onUnexpected);
        build.completedAt = now();
      }
      options.send('fleetProgress', { ...header(build), orgs: [] });
    })();
    running.set(profile.id, run);
    return build;
  }

  function matches(build: FleetBuild | undefined, profile: Profile): build is FleetBuild {
    // A profile saved with another backend (kind, env, endpoint, region…) gets nothing of the old
    // one's; saved with only a new name or read-only flag, it is the same fleet.
    return build !== undefined && sameBackend(build.profile, profile);
  }

  function orgList(profile: Profile, addedOrgs: readonly string[]): OrgList | undefined {
    const build = lastComplete.get(profile.id);
    if (!matches(build, profile)) return undefined;
    return orgListOf(profile.env, addedOrgs, listedOf(build));
  }

  return {
    load(profile, addedOrgs, refresh) {
      const existing = builds.get(profile.id);
      const reuse = !refresh && matches(existing, profile) && existing.state !== 'failed' && existing.state !== 'cancelled';
      const build = reuse ? existing : start(profile);
      return { ...header(build), addedOrgs: [...addedOrgs], orgs: orgsOf(build) };
    },
    cancel(snapshotId) {
      for (const build of builds.values()) {
        if (build.snapshotId !== snapshotId || build.state !== 'loading') continue;
        build.controller.abort();
        build.state = 'cancelled';
        build.completedAt = now();
        options.send('fleetProgress', { ...header(build), orgs: [] });
        return true;
      }
      return false;
    },
    complete(profile) {
      const build = lastComplete.get(profile.id);
      return matches(build, profile) ? build : undefined;
    },
    latest(profile) {
      const build = builds.get(profile.id);
      return matches(build, profile) ? build : undefined;
    },
    applyChange(profile, change) {
      const targets = new Set([builds.get(profile.id), lastComplete.get(profile.id)].filter((b): b is FleetBuild => matches(b, profile)));
      const secretId = buildSecretId({ env: profile.env, orgId: change.orgId, domainId: change.domainId, secretName: change.secretName });
      // A write is not a read: the day it was last accessed stays what the backend said.
      const accessed = [...targets].map((build) => build.orgs.get(change.orgId)?.get(keyOf(change.domainId, change.secretName))?.meta.lastAccessedAt).find((date) => date !== undefined);
      const meta = change.meta && { ...change.meta, ...(accessed && { lastAccessedAt: accessed }) };
      const changes = recentOf(profile);
      changes.delete(secretId); // re-inserted last: the map stays in time order
      changes.set(secretId, { orgId: change.orgId, domainId: change.domainId, secretName: change.secretName, meta, at: now() });
      for (const build of targets) {
        const secrets = build.orgs.get(change.orgId) ?? new Map<string, HeldSecret>();
        const key = keyOf(change.domainId, change.secretName);
        const at = now();
        if (meta === null) {
          secrets.delete(key);
          build.removedAt.set(secretId, at);
        } else {
          build.removedAt.delete(secretId);
          secrets.set(key, {
            orgId: change.orgId,
            domainId: change.domainId,
            secretName: change.secretName,
            meta,
            writtenAt: at,
          });
        }
        if (secrets.size > 0) build.orgs.set(change.orgId, secrets);
        else build.orgs.delete(change.orgId); // an org is in the fleet while it has secrets (or was added by hand)
        if (build !== builds.get(profile.id)) continue; // the window follows the newest build only
        options.send('fleetProgress', {
          ...header(build),
          orgs: orgsOf(build, new Set([change.orgId])),
          ...(change.meta === null && { removed: [{ orgId: change.orgId, domainId: change.domainId, secretName: change.secretName }] }),
        });
      }
    },
    statusList(profile, orgId, domainId = DEFAULT_DOMAIN_ID) {
      const build = lastComplete.get(profile.id);
      if (!matches(build, profile)) return undefined;
      return statusListOf(profile.env, orgId, domainId, listedOf(build, orgId));
    },
    orgList,
    async orgListOnceBuilt(profile, addedOrgs) {
      const listed = orgList(profile, addedOrgs);
      if (listed) return listed;
      const current = builds.get(profile.id);
      const build = matches(current, profile) ? current : start(profile);
      if (build.state !== 'loading') return undefined; // ended before this call: failed or cancelled
      await running.get(profile.id);
      // The backend refused the listing just now: that is the answer (listing again would only
      // repeat the same requests and double the wait, e.g. for an unreachable backend).
      if ((build.state as FleetState) === 'failed' && build.error) throw build.error; // (the await changed it)
      return orgList(profile, addedOrgs);
    },
    async settled(profile) {
      await running.get(profile.id);
    },
    close() {
      for (const build of builds.values()) build.controller.abort();
      builds.clear();
      lastComplete.clear();
      recent.clear();
    },
  };
}
