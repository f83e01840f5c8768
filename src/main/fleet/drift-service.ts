/**
 * Drift comparisons (`compareDrift` / `cancelDrift`, and the reports `exportDrift` writes).
 *
 * Each side is a saved profile and an env. A side with the profile's own env reuses the fleet
 * service's complete snapshot when there is one (and no refresh was asked for); any other side is
 * listed with the fleet's sharded listing. Another env of a profile is the same backend listed
 * under that env's prefix: the saved profile is never changed for it. Both sides are listed in
 * parallel; a cancel (by the request id the window chose) aborts both listings, and a side that
 * cannot be listed stops the other (the answer is `failed`, naming that side, with the mapped SDK
 * error: unreachable, access denied, expired credentials).
 *
 * A new compare of the same sides cancels the one in flight (its callers get `cancelled`): whoever
 * changed the threshold or asked to refresh meant the new one. A compare of other sides runs
 * alongside (the browser host can have two tabs), at most MAX_RUNNING_DRIFT_COMPARISONS at once (one
 * more is refused with CONFLICT). An identical comparison in flight (same sides, threshold and
 * profiles, no refresh) is joined instead: every caller gets its report, the sides are listed once,
 * and a caller's cancel answers that caller alone — the comparison stops only when its last caller
 * cancels. Memory is bounded too: the answer holds at most
 * MAX_DRIFT_FINDINGS findings (`truncated` says so; the export has them all), and the reports kept
 * for export hold at most `maxKeptFindings` findings together (the oldest go first; the newest is
 * always kept whole, as its export must have every finding).
 *
 * Only metadata is ever listed (ListSecrets): there is no value to copy, and no version id is kept.
 */
import { randomUUID } from 'node:crypto';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { MAX_DRIFT_FINDINGS, type DriftReport, type DriftSide, type DriftSideInfo, type DriftSideInput } from '../../shared/drift';
import { AppError, isAppError } from '../../shared/errors';
import type { FleetOrg, FleetSecret } from '../../shared/fleet';
import type { Env } from '../../shared/naming';
import type { Profile } from '../../shared/profiles';
import { toAppError } from '../backends/sdk-errors';
import type { ListedSecret } from '../secrets/listing';
import { compareFleets } from './drift';
import { listFleet, type FleetListing } from './list';
import { toFleetSecret, type FleetService } from './service';

/** Reports kept for export: the latest few (a report of a large fleet is large). */
export const KEPT_DRIFT_REPORTS = 5;
/** Findings kept for export across those reports (about 145 bytes each: some 60 MB). */
export const MAX_KEPT_DRIFT_FINDINGS = 400_000;

export interface DriftServiceOptions {
  readonly profileById: (id: string) => Profile | undefined;
  readonly fleet: Pick<FleetService, 'complete'>;
  readonly clientFor: (profile: Profile) => Promise<SecretsManagerClient>;
  readonly list?: FleetListing;
  readonly now?: () => number;
  /** Findings kept for export across kept reports (MAX_KEPT_DRIFT_FINDINGS unless set). */
  readonly maxKeptFindings?: number;
  /** Findings in an answer (MAX_DRIFT_FINDINGS unless set lower). */
  readonly maxSentFindings?: number;
}

export interface DriftRequest {
  readonly requestId: string;
  readonly left: DriftSideInput;
  readonly right: DriftSideInput;
  readonly skewDays: number;
  readonly refresh: boolean;
}

/** A side resolved to its profile, with what the CSV needs to name it. */
export interface ResolvedSide {
  readonly profile: Profile;
  readonly env: Env;
}

/** A report kept in main, with its sides' profiles as they were when compared. */
export interface KeptDriftReport {
  readonly report: DriftReport;
  /** Every finding (the wire report is capped at MAX_DRIFT_FINDINGS and says so with `truncated`). */
  readonly findings: DriftReport['findings'];
  readonly sides: { readonly left: ResolvedSide; readonly right: ResolvedSide };
}

export interface DriftService {
  compare(request: DriftRequest): Promise<DriftReport>;
  cancel(requestId: string): boolean;
  /** A kept report; NOT_FOUND when it is unknown or no longer kept, CONFLICT when it did not complete. */
  kept(driftId: string): KeptDriftReport;
  close(): void;
}

interface Snapshot {
  readonly orgs: FleetOrg[];
  readonly listedAt: number;
}

function resolve(options: DriftServiceOptions, input: DriftSideInput, which: DriftSide): ResolvedSide {
  const profile = options.profileById(input.profileId);
  if (!profile) {
    throw new AppError('NOT_FOUND', `The ${which} side's profile "${input.profileId}" no longer exists. Refresh the profile list and choose the side again.`, {
      side: which,
      profileId: input.profileId,
    });
  }
  return { profile, env: input.env ?? profile.env };
}

/** The listing as the fleet shapes it: secrets grouped by org, orgs sorted. */
function orgsOf(listed: Iterable<ListedSecret>, env: Env): FleetOrg[] {
  const byOrg = new Map<string, FleetSecret[]>();
  for (const { id, meta } of listed) {
    if (id.env !== env) continue;
    const secrets = byOrg.get(id.orgId) ?? [];
    secrets.push(toFleetSecret({ orgId: id.orgId, domainId: id.domainId, secretName: id.secretName, meta }));
    byOrg.set(id.orgId, secrets);
  }
  return [...byOrg.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([orgId, secrets]) => ({ orgId, secrets }));
}

function infoOf(side: ResolvedSide, snapshot: Snapshot): DriftSideInfo {
  return {
    profileId: side.profile.id,
    profileName: side.profile.name,
    kind: side.profile.kind,
    env: side.env,
    ownEnv: side.env === side.profile.env,
    readOnly: side.profile.readOnly,
    orgCount: snapshot.orgs.length,
    secretCount: snapshot.orgs.reduce((sum, org) => sum + org.secrets.length, 0),
    listedAt: snapshot.listedAt,
  };
}

/** Adds to a map that keeps only its latest KEPT_DRIFT_REPORTS entries (a Map iterates oldest first). */
function bounded<V>(map: Map<string, V>, key: string, value: V): void {
  map.set(key, value);
  for (const oldest of map.keys()) {
    if (map.size <= KEPT_DRIFT_REPORTS) break;
    map.delete(oldest);
  }
}

/** A comparison in flight: every request id answered by it (joined ones too), and what it compares. */
interface InFlight {
  /** Same key, same comparison; absent for a refresh (it asks for new listings, so it is never joined). */
  readonly key: string | undefined;
  /** Both sides (profile as saved, env): a new compare of the same sides replaces this one. */
  readonly sidesKey: string;
  readonly controller: AbortController;
  readonly report: Promise<DriftReport>;
  /** Callers still waiting: the comparison is aborted only when the last of them cancels. */
  callers: number;
}

/** One caller of a comparison: cancelling it answers that caller alone, unless it was the last. */
interface Caller {
  readonly inFlight: InFlight;
  readonly cancel: () => void;
  cancelled: boolean;
}

/** Comparisons of different sides may run side by side (two browser tabs), up to this many. */
export const MAX_RUNNING_DRIFT_COMPARISONS = 2;

/** What makes two comparisons the same: both profiles as saved (an edited profile is another backend), the envs and the threshold. */
function keyOf(sides: { readonly left: ResolvedSide; readonly right: ResolvedSide }, request: DriftRequest): string | undefined {
  if (request.refresh) return undefined;
  return JSON.stringify([sides.left.profile, sides.left.env, sides.right.profile, sides.right.env, request.skewDays]);
}

const sidesKeyOf = (sides: { readonly left: ResolvedSide; readonly right: ResolvedSide }): string =>
  JSON.stringify([sides.left.profile, sides.left.env, sides.right.profile, sides.right.env]);

const emptyCounts = () => ({ left: { missing: 0, scheduled: 0, skew: 0 }, right: { missing: 0, scheduled: 0, skew: 0 } });

export function createDriftService(options: DriftServiceOptions): DriftService {
  const now = options.now ?? Date.now;
  const list = options.list ?? listFleet;
  const maxKept = options.maxKeptFindings ?? MAX_KEPT_DRIFT_FINDINGS;
  const maxSent = Math.min(options.maxSentFindings ?? MAX_DRIFT_FINDINGS, MAX_DRIFT_FINDINGS);
  /** By request id: a joined request shares its comparison's entry. */
  const running = new Map<string, Caller>();
  const inFlights = new Set<InFlight>();
  const reports = new Map<string, KeptDriftReport>();
  let keptFindings = 0;
  const unfinished = new Map<string, DriftReport['state']>();

  async function snapshotOf(side: ResolvedSide, refresh: boolean, signal: AbortSignal): Promise<Snapshot> {
    if (!refresh && side.env === side.profile.env) {
      const build = options.fleet.complete(side.profile);
      if (build) {
        const orgs = [...build.orgs.entries()]
          .filter(([, secrets]) => secrets.size > 0)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([orgId, secrets]) => ({ orgId, secrets: [...secrets.values()].map(toFleetSecret) }));
        return { orgs, listedAt: build.completedAt ?? build.startedAt };
      }
    }
    const client = await options.clientFor(side.profile);
    const listed = new Map<string, ListedSecret>();
    await list({
      client,
      env: side.env,
      signal,
      now,
      onProgress: (progress) => {
        for (const secret of progress.secrets) listed.set(secret.id.secretId, secret);
      },
    });
    signal.throwIfAborted();
    return { orgs: orgsOf(listed.values(), side.env), listedAt: now() };
  }

  /**
   * Complete reports are kept for export (the latest few, within maxKept findings together; the
   * newest always); of the others only how they ended.
   */
  function keep(kept: KeptDriftReport): void {
    if (kept.report.state !== 'complete') {
      bounded(unfinished, kept.report.driftId, kept.report.state);
      return;
    }
    reports.set(kept.report.driftId, kept);
    keptFindings += kept.findings.length;
    for (const [driftId, oldest] of reports) {
      if (reports.size === 1 || (reports.size <= KEPT_DRIFT_REPORTS && keptFindings <= maxKept)) break;
      reports.delete(driftId);
      keptFindings -= oldest.findings.length;
    }
  }

  /** The answer to a caller that cancelled while others still wait for the same comparison. */
  function cancelledReport(request: DriftRequest): DriftReport {
    const report: DriftReport = { requestId: request.requestId, driftId: randomUUID(), skewDays: request.skewDays, truncated: false, state: 'cancelled', compared: 0, counts: emptyCounts(), findings: [], generatedAt: now() };
    bounded(unfinished, report.driftId, report.state);
    return report;
  }

  /** Lists both sides and compares them; `controller` cancels it. */
  async function run(request: DriftRequest, sides: { readonly left: ResolvedSide; readonly right: ResolvedSide }, controller: AbortController): Promise<DriftReport> {
    const { left, right } = sides;
    const base = { requestId: request.requestId, driftId: randomUUID(), skewDays: request.skewDays, truncated: false };
    // A side that cannot be listed stops the other: no comparison could be made of it anyway.
    const stopOther = new AbortController();
    const signal = AbortSignal.any([controller.signal, stopOther.signal]);
    let firstFailure: { side: DriftSide; reason: unknown } | undefined;
    const listSide = (side: DriftSide): Promise<Snapshot> =>
      snapshotOf(sides[side], request.refresh, signal).catch((reason: unknown) => {
        if (!signal.aborted) {
          firstFailure = { side, reason };
          stopOther.abort();
        }
        throw reason;
      });
    const [leftResult, rightResult] = await Promise.allSettled([listSide('left'), listSide('right')]);
    const infos = {
      ...(leftResult.status === 'fulfilled' && { left: infoOf(left, leftResult.value) }),
      ...(rightResult.status === 'fulfilled' && { right: infoOf(right, rightResult.value) }),
    };
    if (controller.signal.aborted) {
      const report: DriftReport = { ...base, ...infos, state: 'cancelled', compared: 0, counts: emptyCounts(), findings: [], generatedAt: now() };
      keep({ report, findings: [], sides });
      return report;
    }
    if (leftResult.status === 'rejected' || rightResult.status === 'rejected') {
      // The side that failed first: the other may only have been stopped because of it.
      const failedSide: DriftSide = firstFailure?.side ?? (leftResult.status === 'rejected' ? 'left' : 'right');
      const reason: unknown = firstFailure?.reason ?? (leftResult.status === 'rejected' ? leftResult.reason : rightResult.status === 'rejected' ? rightResult.reason : undefined);
      const failed = sides[failedSide];
      const error = isAppError(reason) ? reason : toAppError(reason, { profile: failed.profile });
      const report: DriftReport = {
        ...base,
        ...infos,
        state: 'failed',
        compared: 0,
        counts: emptyCounts(),
        findings: [],
        failedSide,
        error: error.toWire(),
        generatedAt: now(),
      };
      keep({ report, findings: [], sides });
      return report;
    }
    const comparison = compareFleets(leftResult.value.orgs, rightResult.value.orgs, request.skewDays);
    const report: DriftReport = {
      ...base,
      ...infos,
      state: 'complete',
      compared: comparison.compared,
      counts: comparison.counts,
      findings: comparison.findings.slice(0, maxSent),
      truncated: comparison.findings.length > maxSent,
      generatedAt: now(),
    };
    keep({ report, findings: comparison.findings, sides });
    return report;
  }

  return {
    async compare(request) {
      const left = resolve(options, request.left, 'left');
      const right = resolve(options, request.right, 'right');
      if (left.profile.id === right.profile.id && left.env === right.env) {
        throw new AppError('VALIDATION', `Both sides are profile "${left.profile.name}" in ${left.env}: choose another profile or another env for one side.`, {
          field: 'right',
        });
      }
      if (running.has(request.requestId)) {
        throw new AppError('CONFLICT', 'A comparison with this request id is still running: wait for it, or cancel it first.');
      }
      const sides = { left, right };
      const key = keyOf(sides, request);
      const sidesKey = sidesKeyOf(sides);
      let inFlight = key === undefined ? undefined : [...inFlights].find((f) => f.key === key && !f.controller.signal.aborted);
      if (!inFlight) {
        // Latest wins only for the same sides: the older answer to that question is no longer wanted.
        for (const other of inFlights) if (other.sidesKey === sidesKey) other.controller.abort();
        const active = [...inFlights].filter((f) => !f.controller.signal.aborted).length;
        if (active >= MAX_RUNNING_DRIFT_COMPARISONS) {
          throw new AppError(
            'CONFLICT',
            `${MAX_RUNNING_DRIFT_COMPARISONS} comparisons of other sides are already running: wait for one to finish, or cancel one, then compare again.`,
          );
        }
        const controller = new AbortController();
        const started: InFlight = { key, sidesKey, controller, report: run(request, sides, controller), callers: 0 };
        inFlights.add(started);
        // Its callers await the report and hear its failure; this chain only tidies up (a rejection
        // left on it would be unhandled in main).
        started.report.finally(() => inFlights.delete(started)).catch(() => undefined);
        inFlight = started;
      }
      let cancel = (): void => undefined;
      const cancelled = new Promise<DriftReport>((resolve) => {
        cancel = () => resolve(cancelledReport(request));
      });
      const caller: Caller = { inFlight, cancel, cancelled: false };
      inFlight.callers += 1;
      running.set(request.requestId, caller);
      try {
        const report = await Promise.race([inFlight.report, cancelled]);
        return { ...report, requestId: request.requestId };
      } finally {
        running.delete(request.requestId);
        if (!caller.cancelled) inFlight.callers -= 1;
      }
    },
    cancel(requestId) {
      // A joined request shares its comparison: only the last caller's cancel stops it; the others keep waiting.
      const caller = running.get(requestId);
      if (!caller || caller.cancelled || caller.inFlight.controller.signal.aborted) return false;
      caller.cancelled = true;
      caller.inFlight.callers -= 1;
      // The last caller gets the comparison's own cancelled report (with what was listed by then).
      if (caller.inFlight.callers === 0) caller.inFlight.controller.abort();
      else caller.cancel();
      return true;
    },
    kept(driftId) {
      const kept = reports.get(driftId);
      if (kept) return kept;
      const state = unfinished.get(driftId);
      if (state) throw new AppError('CONFLICT', `That comparison was ${state}, so there is nothing to export: compare the two sides again.`, { driftId });
      throw new AppError('NOT_FOUND', 'That drift report is no longer kept (only the latest few are): compare the two sides again, then export.', { driftId });
    },
    close() {
      for (const inFlight of inFlights) inFlight.controller.abort();
      inFlights.clear();
      running.clear();
      reports.clear();
      keptFindings = 0;
      unfinished.clear();
    },
  };
}
