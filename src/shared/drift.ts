/**
 * Drift between two sides — two profiles (LocalStack vs AWS) or two envs of one backend (dev vs
 * prod) — org × domain × secret, built in main from each side's fleet snapshot (ListSecrets
 * metadata only; the app cannot read values, so nothing is ever copied from one side to the other).
 *
 * Each org × domain × secret that differs gives exactly one finding:
 * - `missing`: configured (has a current value, not scheduled for deletion) on one side, absent or
 *   without a value on the other; `side` is the side that lacks it.
 * - `scheduled`: scheduled for deletion on one side and configured on the other; `side` is the side
 *   where it is scheduled. (Scheduled on one side and absent on the other is also `scheduled`.)
 * - `skew`: configured on both, last changed more than `skewDays` apart (compared to the millisecond:
 *   30 days and 1 ms is more than 30 days); `side` is the side changed LATER ("changed in dev 40 days
 *   after prod"), so the other side is the one to rotate. The finding's `skewDays` is the difference
 *   in whole days, rounded down (so it can equal the threshold).
 * Anything else (same state on both sides, skew within the threshold, scheduled on both) is not drift.
 *
 * Dates travel as epoch milliseconds, like the fleet snapshot.
 */
import { z } from 'zod';
import { domainIdSchema, envSchema, orgIdSchema, secretNameSchema } from './naming';
import { profileIdSchema, profileKindSchema, profileNameSchema } from './profiles';
import { strictObject, wireErrorSchema } from './schema-kit';

const epochMs = z.number().int().nonnegative();

export const DRIFT_KINDS = ['missing', 'scheduled', 'skew'] as const;
export type DriftKind = (typeof DRIFT_KINDS)[number];
export const DRIFT_SIDES = ['left', 'right'] as const;
export type DriftSide = (typeof DRIFT_SIDES)[number];

export const DEFAULT_DRIFT_SKEW_DAYS = 30;
export const MAX_DRIFT_FINDINGS = 200_000;

/** One side to compare: a saved profile, and optionally another env of the same backend. */
export const driftSideInputSchema = strictObject({
  profileId: profileIdSchema,
  /** The env to compare; the profile's own env when absent. */
  env: envSchema.optional(),
});
export type DriftSideInput = z.output<typeof driftSideInputSchema>;

export const compareDriftInputSchema = strictObject({
  /** Chosen by the window so it can cancel this comparison before the answer arrives. */
  requestId: z.uuid(),
  left: driftSideInputSchema,
  right: driftSideInputSchema,
  skewDays: z
    .number({ error: 'must be a number of days' })
    .int({ error: 'must be a whole number of days' })
    .min(1, { error: 'must be at least 1 day' })
    .max(3650, { error: 'must be at most 3650 days (10 years)' })
    .default(DEFAULT_DRIFT_SKEW_DAYS),
  /** List both sides again even when a complete fleet snapshot of a side exists. */
  refresh: z.boolean().default(false),
});
export type CompareDriftInput = z.input<typeof compareDriftInputSchema>;

/** A side as compared: enough for the window to name it and to decide whether it can write there. */
export const driftSideSchema = strictObject({
  profileId: profileIdSchema,
  profileName: profileNameSchema,
  kind: profileKindSchema,
  env: envSchema,
  /** The profile's own env is `env` (so writing there needs only switching to this profile). */
  ownEnv: z.boolean(),
  readOnly: z.boolean(),
  /** Orgs and secrets this side's snapshot holds. */
  orgCount: z.number().int().nonnegative(),
  secretCount: z.number().int().nonnegative(),
  /** When this side's snapshot was completed. */
  listedAt: epochMs,
});
export type DriftSideInfo = z.output<typeof driftSideSchema>;

/** What one side has of a secret: absent from the finding when the side has no such secret. */
export const driftCellSchema = strictObject({
  hasValue: z.boolean(),
  lastChangedAt: epochMs.optional(),
  deletionDate: epochMs.optional(),
});
export type DriftCell = z.output<typeof driftCellSchema>;

export const driftFindingSchema = strictObject({
  orgId: orgIdSchema,
  domainId: domainIdSchema,
  secretName: secretNameSchema,
  kind: z.enum(DRIFT_KINDS),
  /** missing: the side lacking it; scheduled: the side where it is scheduled; skew: the side changed later. */
  side: z.enum(DRIFT_SIDES),
  left: driftCellSchema.optional(),
  right: driftCellSchema.optional(),
  /** skew only: whole days between the two last-changed dates (rounded down). */
  skewDays: z.number().int().nonnegative().optional(),
  /**
   * missing only, in a domain other than `shared`: the side lacking the domain's own secret still
   * serves the org's `shared` one (the fallback agents read). Still drift — which key agents get
   * differs between the sides — but not "nothing there".
   */
  fallsBackToShared: z.literal(true).optional(),
});
export type DriftFinding = z.output<typeof driftFindingSchema>;

const countsByKind = strictObject({
  missing: z.number().int().nonnegative(),
  scheduled: z.number().int().nonnegative(),
  skew: z.number().int().nonnegative(),
});

export const driftReportSchema = strictObject({
  requestId: z.uuid(),
  /** Names the report kept in main (what exportDrift writes). */
  driftId: z.uuid(),
  state: z.enum(['complete', 'cancelled', 'failed']),
  left: driftSideSchema.optional(),
  right: driftSideSchema.optional(),
  skewDays: z.number().int().min(1).max(3650),
  /** org × domain × secret pairs looked at (the union of both sides). */
  compared: z.number().int().nonnegative(),
  /** Findings per kind, per side the finding is about. */
  counts: strictObject({ left: countsByKind, right: countsByKind }),
  /** Sorted by org, domain, secret; at most MAX_DRIFT_FINDINGS (the first ones, see `truncated`). */
  findings: z.array(driftFindingSchema).max(MAX_DRIFT_FINDINGS),
  /**
   * True when `findings` holds only the first MAX_DRIFT_FINDINGS: the counts are of every finding
   * (their sum is the total), and the export (exportDrift) writes every one.
   */
  truncated: z.boolean(),
  /** state `failed`: which side could not be listed, and why. */
  failedSide: z.enum(DRIFT_SIDES).optional(),
  error: wireErrorSchema.optional(),
  generatedAt: epochMs,
});
export type DriftReport = z.output<typeof driftReportSchema>;

export const cancelDriftInputSchema = strictObject({ requestId: z.uuid() });
export const cancelDriftResultSchema = strictObject({ cancelled: z.boolean() });

export const exportDriftInputSchema = strictObject({
  driftId: z.uuid(),
  /** Only findings of these kinds (the view's filter); all when absent. */
  kinds: z.array(z.enum(DRIFT_KINDS)).min(1).max(DRIFT_KINDS.length).optional(),
});
export const exportDriftResultSchema = strictObject({
  saved: z.boolean(),
  path: z.string().min(1).max(4096).optional(),
  /** Finding rows written. */
  count: z.number().int().nonnegative(),
});
