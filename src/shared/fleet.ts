/**
 * The fleet snapshot: every org × domain × secret of one env, built in main from ListSecrets alone
 * (metadata, never a value), streamed to the renderer in batches as shards of the name space
 * finish. The org list, the coverage matrix and the per-org view read from it; writes update it.
 *
 * Dates travel as epoch milliseconds (a fleet of 10,000 orgs is ~100,000 entries: compact matters).
 */
import { z } from 'zod';
import { domainIdSchema, envSchema, orgIdSchema, SEGMENT_MAX_LENGTH, secretNameSchema } from './naming';
import { keyHealthSchema } from './key-health';
import { profileIdSchema } from './profiles';
import { strictObject, wireErrorSchema } from './schema-kit';
import { DEFAULT_STALE_AFTER_DAYS, FLEET_STATES, MAX_EXPORTED_ORGS, MAX_PENDING_PREFIXES } from './fleet-rules';

export * from './fleet-rules';

const epochMs = z.number().int().nonnegative();

/** One secret as the fleet knows it. No value, no version ids, no description (the per-org view has those). */
export const fleetSecretSchema = strictObject({
  domainId: domainIdSchema,
  secretName: secretNameSchema,
  createdAt: epochMs.optional(),
  lastChangedAt: epochMs.optional(),
  /** AWS records access by day (LastAccessedDate is a date at midnight UTC). */
  lastAccessedAt: epochMs.optional(),
  /** Set when the secret is scheduled for deletion: the day it goes. */
  deletionDate: epochMs.optional(),
  /** false when it has no current version (created without a value): counts as missing. */
  hasValue: z.boolean(),
  /** The provider's verdict from the tags `foundry-secrets verify` wrote (absent: never checked). */
  health: keyHealthSchema.optional(),
});
export type FleetSecret = z.output<typeof fleetSecretSchema>;

export const fleetOrgSchema = strictObject({
  orgId: orgIdSchema,
  /** Every secret of this org found so far (all domains). */
  secrets: z.array(fleetSecretSchema),
});
export type FleetOrg = z.output<typeof fleetOrgSchema>;

/** Relative name prefixes (after `agentfoundry/{env}/`) can be at most an org, a domain and a name long. */
const MAX_PENDING_PREFIX = SEGMENT_MAX_LENGTH.orgId + SEGMENT_MAX_LENGTH.domainId + SEGMENT_MAX_LENGTH.secretName + 2;
const pendingPrefixSchema = z
  .string()
  .max(MAX_PENDING_PREFIX)
  .regex(/^[a-z0-9/_-]*$/, { error: 'must be a name prefix after the env (a–z, 0–9, "/", "-", "_")' });

const fleetHeader = {
  /** Changes on every rebuild: batches of an older snapshot are ignored. */
  snapshotId: z.uuid(),
  profileId: profileIdSchema,
  env: envSchema,
  state: z.enum(FLEET_STATES),
  /** Shards of the name space listed so far, out of those known (splitting adds more). */
  shardsDone: z.number().int().nonnegative(),
  shardsTotal: z.number().int().nonnegative(),
  /**
   * The parts of the env's name space not listed to their end yet, as name prefixes after
   * `agentfoundry/{env}/` ('' is the whole env): an org whose secrets may still lie under one of
   * them may have more secrets than listed so far, so none of its keys can be called missing yet.
   * Empty once complete; a cancelled or failed build keeps what it never listed.
   */
  pendingPrefixes: z.array(pendingPrefixSchema).max(MAX_PENDING_PREFIXES),
  /** ListSecrets calls made so far. */
  requests: z.number().int().nonnegative(),
  startedAt: epochMs,
  completedAt: epochMs.optional(),
  /** Why the build failed (state `failed`): the error of the shard that could not be listed. */
  error: wireErrorSchema.optional(),
};

/** `loadFleet`: the snapshot as main has it now (possibly still loading), in full. */
export const fleetSnapshotSchema = strictObject({
  ...fleetHeader,
  /** Orgs added by hand in this app (they may have no secret yet). */
  addedOrgs: z.array(orgIdSchema),
  orgs: z.array(fleetOrgSchema),
});
export type FleetSnapshot = z.output<typeof fleetSnapshotSchema>;

/**
 * The `fleetProgress` event: what changed since the last one. `orgs` holds upserts (each listed
 * secret replaces the one with the same org, domain and name); `removed` the secrets gone (a forced
 * delete). Sent as shards finish, and when a write of this app changes a secret.
 */
export const fleetProgressSchema = strictObject({
  ...fleetHeader,
  orgs: z.array(fleetOrgSchema),
  removed: z.array(strictObject({ orgId: orgIdSchema, domainId: domainIdSchema, secretName: secretNameSchema })).optional(),
});
export type FleetProgress = z.output<typeof fleetProgressSchema>;

export const loadFleetInputSchema = strictObject({
  /** Rebuild even when a complete snapshot of the active profile exists. */
  refresh: z.boolean().default(false),
});

export const cancelFleetInputSchema = strictObject({ snapshotId: z.uuid() });
export const cancelFleetResultSchema = strictObject({ cancelled: z.boolean() });

export const fleetSettingsSchema = strictObject({
  /** A secret last changed longer ago than this is "stale". */
  staleAfterDays: z
    .number({ error: 'must be a number of days' })
    .int({ error: 'must be a whole number of days' })
    .min(1, { error: 'must be at least 1 day' })
    .max(3650, { error: 'must be at most 3650 days (10 years)' }),
});
export type FleetSettings = z.output<typeof fleetSettingsSchema>;
export const DEFAULT_FLEET_SETTINGS: FleetSettings = { staleAfterDays: DEFAULT_STALE_AFTER_DAYS };
export const fleetSettingsAnswerSchema = strictObject({ settings: fleetSettingsSchema });

export const exportFleetInputSchema = strictObject({
  /** The orgs to export, in this order (the matrix as filtered and sorted); all when absent. */
  orgIds: z.array(orgIdSchema).max(MAX_EXPORTED_ORGS).optional(),
});
export const exportFleetResultSchema = strictObject({
  saved: z.boolean(),
  path: z.string().min(1).max(4096).optional(),
  /** Org rows written. */
  count: z.number().int().nonnegative(),
});
