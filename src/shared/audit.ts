/**
 * Schemas of the audit log: the entry as stored (one JSON line each in `<userData>/audit/`) and
 * the `listAudit` / `exportAudit` channels.
 *
 * An entry says who did what to which secret or profile, and how it ended. It has no field for a
 * value, its length or any digest of it; `hash`/`prevHash` chain entries to each other, not to
 * values (`hash` is a MAC under the audit key, see src/main/audit/audit-key.ts). The schemas are
 * strict, so an entry that grew such a field is refused when read.
 */
import { z } from 'zod';
import { DRIFT_KINDS } from './drift';
import { ERROR_CODES } from './errors';
import { envSchema, orgIdSchema, parseSecretId } from './naming';
import { profileIdSchema, profileKindSchema } from './profiles';
import { plainText, strictObject } from './schema-kit';

export const AUDIT_ACTIONS = [
  'secret.write',
  'secret.rotate',
  'secret.remove',
  'secret.force-remove',
  'secret.restore',
  'secret.health-tag',
  'profile.create',
  'profile.update',
  'profile.remove',
  'profile.select',
  'org.add',
  'org.remove',
  'settings.key-checks',
  'settings.fleet',
  'fleet.export',
  'drift.export',
  'job.export',
  'audit.export',
  'iam.export',
] as const;

/**
 * What the live key check of a write found (never the key): valid / rejected / unverified from the
 * provider; skipped (the person saved without a check, or "Save anyway"); off (checks turned off in
 * settings); not-applicable (no check exists for this secret, or the value is binary).
 */
export const AUDIT_KEY_CHECKS = ['valid', 'rejected', 'unverified', 'skipped', 'off', 'not-applicable'] as const;
export type AuditKeyCheck = (typeof AUDIT_KEY_CHECKS)[number];
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * `attempt` is recorded before the change is made (no change without it: the log fails closed);
 * `success` / `failure` after it, pointing back with `attemptSeq`. An attempt with no outcome means
 * the app stopped, or could not record the outcome, in between.
 */
export const AUDIT_OUTCOMES = ['attempt', 'success', 'failure'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export const sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/, { error: 'must be a SHA-256 digest in lower-case hex' });
const isoDate = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date and time' });
export const auditSecretIdSchema = z
  .string({ error: 'must be text' })
  .max(512, { error: 'must be at most 512 characters' })
  .refine((id) => parseSecretId(id) !== null, { error: 'must be a secret id of this app (agentfoundry/{env}/{org}/{domain}/{name})' });

export const AUDIT_EXPORT_FORMATS = ['csv', 'json'] as const;

/** An audit key's id (audit/audit-key.json): random, says nothing about the key. */
export const auditKeyIdSchema = z.string().regex(/^[0-9a-f]{16}$/, { error: 'must be an audit key id (16 lower-case hex digits)' });

export const auditActorSchema = strictObject({
  /** The operating-system account the app runs as. */
  osUser: plainText(1, 256, 'osUser'),
  /** STS GetCallerIdentity (AWS, LocalStack) or the embedded vault's own identity; absent when unknown. */
  callerArn: plainText(1, 2048, 'callerArn').optional(),
  callerAccount: plainText(1, 64, 'callerAccount').optional(),
});
export type AuditActor = z.output<typeof auditActorSchema>;

/** Actions that change nothing (switching the active profile): hidden from the log's view by default, on request. */
export const NON_CHANGE_ACTIONS = ['profile.select'] as const satisfies readonly AuditAction[];

/** A secret name as it appears in every org and domain (`openai_api_key`). */
export const auditSecretNameSchema = z
  .string({ error: 'must be text' })
  .regex(/^[a-z0-9][a-z0-9_-]{0,127}$/, {
    error: 'must be a secret name: lower-case letters, digits, "_" and "-" (e.g. openai_api_key); for an id, type its start (agentfoundry/dev/acme/)',
  });
/** The start of a secret id (`agentfoundry/dev/acme-corp/`): every secret under it. */
export const auditSecretPrefixSchema = z
  .string({ error: 'must be text' })
  .max(512, { error: 'must be at most 512 characters' })
  .regex(/^agentfoundry\/[a-z0-9_/-]*$/, { error: 'must be the start of a secret id: "agentfoundry/", then env, org, domain, name separated by "/" (e.g. agentfoundry/dev/acme/)' });

export const auditFiltersSchema = strictObject({
  orgId: orgIdSchema.optional(),
  /** Exactly this secret. */
  secretId: auditSecretIdSchema.optional(),
  profileId: profileIdSchema.optional(),
  /** Any of these actions (all when absent). */
  actions: z.array(z.enum(AUDIT_ACTIONS)).min(1).max(AUDIT_ACTIONS.length).optional(),
  /** In the changes view, `attempt` selects changes with no outcome recorded. */
  outcomes: z.array(z.enum(AUDIT_OUTCOMES)).min(1).max(AUDIT_OUTCOMES.length).optional(),
  /** Entries at or after this time. */
  from: isoDate.optional(),
  /** Entries strictly before this time. */
  to: isoDate.optional(),
  /** Every secret of this name, in any env, org or domain. */
  secretName: auditSecretNameSchema.optional(),
  /** Every secret whose id starts with this. */
  secretPrefix: auditSecretPrefixSchema.optional(),
  /** Part of the OS user, caller ARN or account (any case). */
  actor: plainText(1, 256, 'actor').optional(),
  /** Leave out records that change nothing (NON_CHANGE_ACTIONS: profile switches). */
  hideNonChanges: z.boolean({ error: 'must be true or false' }).optional(),
}).refine((f) => f.from === undefined || f.to === undefined || Date.parse(f.from) <= Date.parse(f.to), {
  error: '"from" must not be later than "to"',
  path: ['from'],
});
export type AuditFilters = z.output<typeof auditFiltersSchema>;

/** One side of a drift export: the profile compared and the env it was compared in. */
export const auditDriftSideSchema = strictObject({
  profileId: profileIdSchema,
  profileKind: profileKindSchema,
  env: envSchema,
});
/** drift.export: the two sides of the report and the kinds exported (every kind when absent). */
export const auditDriftExportSchema = strictObject({
  left: auditDriftSideSchema,
  right: auditDriftSideSchema,
  kinds: z.array(z.enum(DRIFT_KINDS)).min(1).max(DRIFT_KINDS.length).optional(),
});
export type AuditDriftExport = z.output<typeof auditDriftExportSchema>;

/** What an export entry (`audit.export`, `drift.export`) records about the export: never an entry's or a finding's content. */
export const auditExportRecordSchema = strictObject({
  format: z.enum(AUDIT_EXPORT_FORMATS),
  /** The base name of the file written (its folder is not recorded). */
  fileName: plainText(1, 255, 'fileName'),
  filters: auditFiltersSchema,
  /** `changes` when the filters were applied to changes (attempt and outcome together); absent: to entries. */
  view: z.literal('changes').optional(),
  /** Entries (drift: findings) written; on the outcome only (the attempt is recorded before they are counted). */
  count: z.number().int().nonnegative().optional(),
  /** drift.export only (its `filters` are empty: the kinds exported are here). */
  drift: auditDriftExportSchema.optional(),
});
export type AuditExportRecord = z.output<typeof auditExportRecordSchema>;

export const auditEntrySchema = strictObject({
  /** 1, 2, 3 … across every file: a gap or a step back is a removed or moved entry. */
  seq: z.number().int().positive(),
  time: isoDate,
  actor: auditActorSchema,
  /** The profile acted on (profile.*) or through (secret.*, org.add). */
  profileId: profileIdSchema,
  /** Absent only when the profile did not exist (e.g. selecting an unknown id). */
  profileKind: profileKindSchema.optional(),
  env: envSchema.optional(),
  action: z.enum(AUDIT_ACTIONS),
  orgId: orgIdSchema.optional(),
  secretId: auditSecretIdSchema.optional(),
  outcome: z.enum(AUDIT_OUTCOMES),
  /** On an outcome: the `seq` of its attempt. */
  attemptSeq: z.number().int().positive().optional(),
  errorCode: z.enum(ERROR_CODES).optional(),
  /** The version a write created (its ClientRequestToken): an id, not derived from the value. */
  versionId: z.string().min(1).max(64).optional(),
  /** secret.write / secret.rotate: what the provider's live check found before the write. */
  keyCheck: z.enum(AUDIT_KEY_CHECKS).optional(),
  /**
   * Where a key check sent the key (an origin: scheme, host, port), or for a change of the key check
   * settings, the base URLs that replace a provider's default. Never a path, query or key.
   */
  keyCheckOrigins: z.array(z.string().max(2048)).max(16).optional(),
  /** audit.export / drift.export: the format, file name, filters or drift sides and (on the outcome) the count exported. */
  export: auditExportRecordSchema.optional(),
  /**
   * The audit key whose MAC `hash` is. Absent only on entries written before the log was keyed
   * (their `hash` is a plain SHA-256, accepted only at the start of the log).
   */
  keyId: auditKeyIdSchema.optional(),
  /** The previous entry's `hash` (64 zeros for the first entry). */
  prevHash: sha256HexSchema,
  /**
   * HMAC-SHA256 of the canonical entry (every field above, in order, including prevHash) under the
   * audit key `keyId`; SHA-256 of it on an entry from before the log was keyed.
   */
  hash: sha256HexSchema,
});
export type AuditEntry = z.output<typeof auditEntrySchema>;

export const AUDIT_PROBLEM_KINDS = [
  'unparsable',
  'hash-mismatch',
  'sequence',
  'chain-break',
  'bad-start',
  'file-gap',
  'truncated',
  'head-missing',
  'head-mismatch',
  'head-unreadable',
  'unreadable',
  'key-unavailable',
  'unkeyed',
] as const;
export type AuditProblemKind = (typeof AUDIT_PROBLEM_KINDS)[number];

export const auditProblemSchema = strictObject({
  kind: z.enum(AUDIT_PROBLEM_KINDS),
  /** File name inside the audit folder (not a full path). */
  file: z.string().max(256),
  /** 1-based line, 0 when the problem is not about one line. */
  line: z.number().int().nonnegative(),
  message: z.string().max(500),
});
export type AuditProblem = z.output<typeof auditProblemSchema>;

export const MAX_REPORTED_PROBLEMS = 20;

export const auditVerificationSchema = strictObject({
  /** true when every entry is intact, in order, and the log ends where it last recorded. */
  ok: z.boolean(),
  entries: z.number().int().nonnegative(),
  files: z.number().int().nonnegative(),
  lastSeq: z.number().int().nonnegative(),
  problemCount: z.number().int().nonnegative(),
  /** The first problems found, in log order. */
  problems: z.array(auditProblemSchema).max(MAX_REPORTED_PROBLEMS),
  /** Unterminated last lines: appends interrupted before they were acknowledged (not a problem). */
  torn: z.number().int().nonnegative(),
  /**
   * Entries from before the log was keyed (a log older than the keyed chain): checked with the
   * unkeyed SHA-256 chain only. Once a keyed entry follows them they cannot be changed unseen, but
   * nothing proves this app wrote them.
   */
  legacy: z.number().int().nonnegative(),
  checkedAt: isoDate,
});
export type AuditVerification = z.output<typeof auditVerificationSchema>;


export const MAX_AUDIT_PAGE = 500;

/** One change: its attempt and its outcome together. Either may be missing (see AUDIT_OUTCOMES). */
export const auditChangeSchema = strictObject({
  /** Absent when the log holds the outcome but not its attempt (a log that starts mid-change). */
  attempt: auditEntrySchema.optional(),
  /** Absent when no outcome was recorded: the change is still running, or the app stopped in between. */
  outcome: auditEntrySchema.optional(),
}).refine((c) => c.attempt !== undefined || c.outcome !== undefined, { error: 'a change has an attempt or an outcome' });
export type AuditChange = z.output<typeof auditChangeSchema>;

/** `entries`: one item per log entry; `changes`: one per change (attempt and outcome together). */
export const AUDIT_VIEWS = ['entries', 'changes'] as const;
export type AuditView = (typeof AUDIT_VIEWS)[number];

export const listAuditInputSchema = strictObject({
  filters: auditFiltersSchema.default({}),
  view: z.enum(AUDIT_VIEWS, { error: `must be one of ${AUDIT_VIEWS.join(', ')}` }).default('entries'),
  /** Entries (changes) are listed newest first; skip this many. */
  offset: z.number({ error: 'must be a number' }).int({ error: 'must be a whole number' }).nonnegative({ error: 'must not be negative' }).default(0),
  limit: z
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be at least 1' })
    .max(MAX_AUDIT_PAGE, { error: `must be at most ${MAX_AUDIT_PAGE}` })
    .default(100),
});
export type ListAuditInput = z.output<typeof listAuditInputSchema>;

export const listAuditResultSchema = strictObject({
  /** The page in the `entries` view (empty in the `changes` view). */
  entries: z.array(auditEntrySchema).max(MAX_AUDIT_PAGE),
  /** The page in the `changes` view, newest first (by attempt); absent in the `entries` view. */
  changes: z.array(auditChangeSchema).max(MAX_AUDIT_PAGE).optional(),
  /** Entries (or changes, in the `changes` view) matching the filters, over all pages. */
  total: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  limit: z.number().int().positive(),
  /** Verification of the whole log (not only the filtered entries). */
  verification: auditVerificationSchema,
});
export type ListAuditResult = z.output<typeof listAuditResultSchema>;

export const exportAuditInputSchema = strictObject({
  format: z.enum(AUDIT_EXPORT_FORMATS, { error: `must be one of ${AUDIT_EXPORT_FORMATS.join(', ')}` }),
  filters: auditFiltersSchema.default({}),
  /** As listAudit: `changes` writes both entries of every matching change (what the screen shows), `entries` every matching entry. */
  view: z.enum(AUDIT_VIEWS, { error: `must be one of ${AUDIT_VIEWS.join(', ')}` }).default('entries'),
});
export type ExportAuditInput = z.output<typeof exportAuditInputSchema>;

export const exportAuditResultSchema = strictObject({
  /** false when the person cancelled the save dialog. */
  saved: z.boolean(),
  /** Where the file was written (the path the person chose). */
  path: z.string().min(1).max(4096).optional(),
  /** Entries matching the filters (written, when saved). */
  count: z.number().int().nonnegative(),
});
export type ExportAuditResult = z.output<typeof exportAuditResultSchema>;
