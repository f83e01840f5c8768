/**
 * The fleet snapshot as the window keeps it: one entry per org, indexed for cell look-ups, with its
 * coverage per domain worked out once (it depends on the secrets alone, not on the clock). Pure
 * functions, no React and no DOM: the store applies snapshots and `fleetProgress` batches with
 * them, and the unit tests run them in Node.
 */
import { byCodePoint, coverageOf, indexOrg, type OrgCoverage, type OrgIndex } from '../../../../shared/coverage';
import type { WireError } from '../../../../shared/errors';
import type { FleetProgress, FleetSecret, FleetSnapshot } from '../../../../shared/fleet';
import { MAX_EXPORTED_ORGS, orgListedTest, type FleetState } from '../../../../shared/fleet-rules';
import { formatCount } from '../../lib/numbers';
import { DEFAULT_DOMAIN_ID, type Env } from '../../../../shared/naming-rules';
import type { OrgList, OrgSummary } from '../../../../shared/secrets';

/** What a snapshot says about itself (its id, how far the listing got), without the orgs. */
export interface FleetHeader {
  readonly snapshotId: string;
  readonly profileId: string;
  readonly env: Env;
  readonly state: FleetState;
  readonly shardsDone: number;
  readonly shardsTotal: number;
  /** Name prefixes (after the env's) not listed to their end yet: see orgListedTest. */
  readonly pendingPrefixes: readonly string[];
  readonly requests: number;
  readonly startedAt: number;
  readonly completedAt?: number;
  readonly error?: WireError;
}

export interface FleetEntry {
  readonly orgId: string;
  readonly secrets: readonly FleetSecret[];
  readonly index: OrgIndex;
  /** `shared` first, then the org's other domains (those holding a secret), sorted. */
  readonly domains: readonly string[];
  /** Per domain of `domains`: catalog secrets that apply, and custom ones. */
  readonly coverage: ReadonlyMap<string, OrgCoverage>;
  /** Secrets not scheduled for deletion (the sidebar's count, as main's org list counts). */
  readonly liveCount: number;
}

const secretKey = (domainId: string, secretName: string): string => `${domainId}/${secretName}`;

export function fleetEntry(orgId: string, secrets: readonly FleetSecret[]): FleetEntry {
  const index = indexOrg({ orgId, secrets: [...secrets] });
  const domains = [DEFAULT_DOMAIN_ID, ...[...index.keys()].filter((d) => d !== DEFAULT_DOMAIN_ID).sort(byCodePoint)];
  const coverage = new Map(domains.map((domainId) => [domainId, coverageOf(index, domainId)] as const));
  const liveCount = secrets.reduce((count, secret) => (secret.deletionDate === undefined ? count + 1 : count), 0);
  return { orgId, secrets, index, domains, coverage, liveCount };
}

/** An org with no secret (added by hand): every cell missing. */
export function emptyEntry(orgId: string): FleetEntry {
  return fleetEntry(orgId, []);
}

export function headerOf(message: FleetSnapshot | FleetProgress): FleetHeader {
  const { snapshotId, profileId, env, state, shardsDone, shardsTotal, pendingPrefixes, requests, startedAt, completedAt, error } = message;
  return {
    snapshotId,
    profileId,
    env,
    state,
    shardsDone,
    shardsTotal,
    pendingPrefixes,
    requests,
    startedAt,
    ...(completedAt !== undefined && { completedAt }),
    ...(error !== undefined && { error }),
  };
}

/**
 * The header after a batch of the same snapshot. Batches may arrive out of step with the answer of
 * `loadFleet` (events and answers travel separately), so counts never go back, and an ended build
 * (complete, cancelled, failed) stays ended: a late "loading" batch only adds its orgs.
 */
export function nextHeader(current: FleetHeader | null, incoming: FleetHeader): FleetHeader {
  if (!current || current.snapshotId !== incoming.snapshotId) return incoming;
  const shardsDone = Math.max(current.shardsDone, incoming.shardsDone);
  const requests = Math.max(current.requests, incoming.requests);
  if (current.state !== 'loading' && incoming.state === 'loading') return { ...current, shardsDone, requests };
  // The pending part of the name space only shrinks: an older report (fewer shards done) must not widen it again.
  const pendingPrefixes = incoming.shardsDone >= current.shardsDone ? incoming.pendingPrefixes : current.pendingPrefixes;
  return { ...incoming, shardsDone, shardsTotal: Math.max(incoming.shardsTotal, shardsDone), pendingPrefixes, requests };
}

/**
 * Whether an org's secrets are all listed in the snapshot this header describes. Without a header
 * nothing is; a complete snapshot lists everything.
 */
export function listedTestOf(header: FleetHeader | null): (orgId: string) => boolean {
  if (!header) return () => false;
  if (header.state === 'complete') return () => true;
  return orgListedTest(header.pendingPrefixes);
}

/** The orgs of a full snapshot, keyed by id. */
export function entriesOf(snapshot: Pick<FleetSnapshot, 'orgs'>): Map<string, FleetEntry> {
  return new Map(snapshot.orgs.map((org) => [org.orgId, fleetEntry(org.orgId, org.secrets)] as const));
}

/**
 * Applies batches in order to `orgs` (changed in place: pass a copy). Each listed secret replaces
 * the one with the same org, domain and name; a removed one goes; an org left without any secret
 * goes too (an org added by hand comes back through the added list).
 */
export function applyBatches(orgs: Map<string, FleetEntry>, batches: readonly Pick<FleetProgress, 'orgs' | 'removed'>[]): void {
  const changed = new Map<string, Map<string, FleetSecret>>();
  const working = (orgId: string): Map<string, FleetSecret> => {
    let secrets = changed.get(orgId);
    if (!secrets) {
      secrets = new Map((orgs.get(orgId)?.secrets ?? []).map((s) => [secretKey(s.domainId, s.secretName), s] as const));
      changed.set(orgId, secrets);
    }
    return secrets;
  };
  for (const batch of batches) {
    for (const org of batch.orgs) {
      const secrets = working(org.orgId);
      for (const secret of org.secrets) secrets.set(secretKey(secret.domainId, secret.secretName), secret);
    }
    for (const gone of batch.removed ?? []) working(gone.orgId).delete(secretKey(gone.domainId, gone.secretName));
  }
  for (const [orgId, secrets] of changed) {
    if (secrets.size === 0) orgs.delete(orgId);
    else orgs.set(orgId, fleetEntry(orgId, [...secrets.values()]));
  }
}

/** Whether the fleet knows enough to be the org list: it has orgs, or it has been listed in full. */
export function fleetCanListOrgs(header: FleetHeader | null, orgs: ReadonlyMap<string, FleetEntry>): boolean {
  if (!header) return false;
  return orgs.size > 0 || header.state === 'complete';
}

/**
 * The sidebar's org list (main's OrgList shape) from the fleet: its orgs (domains, live secret
 * count), plus the orgs added by hand. While the fleet is still loading, orgs that an org-list
 * answer named but no batch has brought yet are kept, so the list never shrinks while it fills.
 */
export function orgListOf(env: Env, orgs: ReadonlyMap<string, FleetEntry>, addedOrgs: readonly string[], answered: OrgList | null, complete: boolean): OrgList {
  const added = new Set(addedOrgs);
  const out = new Map<string, OrgSummary>();
  if (answered && !complete && answered.env === env) {
    for (const org of answered.orgs) out.set(org.orgId, { ...org, added: added.has(org.orgId) });
  }
  for (const entry of orgs.values()) {
    out.set(entry.orgId, { orgId: entry.orgId, domains: [...entry.domains].sort(byCodePoint), secretCount: entry.liveCount, added: added.has(entry.orgId) });
  }
  for (const orgId of added) if (!out.has(orgId)) out.set(orgId, { orgId, domains: [DEFAULT_DOMAIN_ID], secretCount: 0, added: true });
  return { env, orgs: [...out.values()].sort((a, b) => byCodePoint(a.orgId, b.orgId)) };
}

/**
 * What an export sends main: the orgs shown, in their order, when filters narrow the view; none
 * (main exports every org, sorted as the screen sorts them) when nothing narrows it. A narrowed
 * view of more orgs than main takes by name is refused, with what to do — exporting the whole
 * fleet instead would give a file that is not what the button said (review finding).
 */
export function exportRequest(orgIds: readonly string[], narrowed: boolean): { orgIds: readonly string[] | undefined } | { refused: string } {
  if (!narrowed) return { orgIds: undefined };
  if (orgIds.length > MAX_EXPORTED_ORGS) {
    return { refused: `The filters leave ${formatCount(orgIds.length)} organizations; an export by filter takes at most ${formatCount(MAX_EXPORTED_ORGS)}. Narrow the filters, or clear them to export every organization.` };
  }
  return { orgIds };
}
