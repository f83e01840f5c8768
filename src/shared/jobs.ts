/**
 * Bulk work, blind: importing a `.env` file (or the app's environment) into one org, and setting,
 * scheduling for deletion or restoring one secret across many orgs. Main holds every value; the
 * window (and the CLI's output) get keys, secret ids, line numbers, counts and states — never a
 * value, its length or a hash of it.
 *
 * An import goes: open a source (main reads and parses it, keeps the values, answers a handle) →
 * preview a plan against the target (status only) → start a job (write) → follow `jobProgress`
 * events → read or export the report.
 */
import { z } from 'zod';
import { ERROR_CODES } from './errors';
import { MAX_SECRET_ID_LENGTH, domainIdSchema, envSchema, longestSecretIdLength, orgIdSchema, secretNameSchema } from './naming';
import { profileIdSchema } from './profiles';
import { plainText, strictObject } from './schema-kit';
import { RECOVERY_WINDOW_DAYS, secretValueSchema } from './secrets';
import { WHITESPACE_CHOICES, applyWhitespaceChoice, hasEdgeWhitespace } from './value-rules';
import { SecretValue } from './secret-value';

const epochMs = z.number().int().nonnegative();

/** Files larger than this are refused: a `.env` file is a few kB; anything this big is not one. */
export const MAX_IMPORT_FILE_BYTES = 1024 * 1024;
/** How many orgs one bulk change may cover (a fleet's worth). */
export const MAX_BULK_ORGS = 10_000;

/**
 * An environment variable name as `.env` files write them (dotenv accepts letters, digits, `_`,
 * `.` and `-`). A key is a name, not a value: it may be shown.
 */
export const envKeySchema = z
  .string({ error: 'must be text' })
  .min(1, { error: 'must not be empty' })
  .max(256, { error: 'must be at most 256 characters' })
  .regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, { error: 'must be an environment variable name (letters, digits, _ . -; not starting with a digit)' });

export const importSourceIdSchema = z.uuid({ error: 'must be an import source handle from openImportSource' });
export const jobIdSchema = z.uuid({ error: 'must be a job id from startImport or startBulk' });

// Sources.

export const openImportSourceInputSchema = z.discriminatedUnion('kind', [
  /** A file picked in main's open dialog (in the browser host: the newest file under <data>/imports/). */
  strictObject({ kind: z.literal('file') }),
  /** The variables of the app's own process environment whose names a catalog secret uses. */
  strictObject({ kind: z.literal('environment') }),
]);
export type OpenImportSourceInput = z.output<typeof openImportSourceInputSchema>;

export const importSourceSchema = strictObject({
  sourceId: importSourceIdSchema,
  kind: z.enum(['file', 'environment']),
  /** The file's base name (not its folder), or "environment". */
  name: plainText(1, 256, 'name'),
  /** Assignments found (a key assigned twice counts once). */
  keys: z.number().int().nonnegative(),
  /** 1-based line numbers that are neither an assignment, a comment nor blank. Never echoed. */
  badLines: z.array(z.number().int().positive()).max(10_000),
  /** 1-based lines whose key looks like key material, not a variable name: not imported, never echoed. */
  materialLines: z.array(z.number().int().positive()).max(10_000),
});
export type ImportSource = z.output<typeof importSourceSchema>;

export const openImportSourceResultSchema = z.discriminatedUnion('opened', [
  strictObject({ opened: z.literal(true), source: importSourceSchema }),
  /** The person closed the dialog (or, in the browser host, there is no file to import). */
  strictObject({ opened: z.literal(false) }),
]);
export type OpenImportSourceResult = z.output<typeof openImportSourceResultSchema>;

export const forgetImportSourceInputSchema = strictObject({ sourceId: importSourceIdSchema });
export const forgetImportSourceResultSchema = strictObject({ forgotten: z.boolean() });

// The plan.

/** What a plan does with one key of the source. */
export const IMPORT_PLANS = ['create', 'overwrite', 'skip-existing', 'skip-empty', 'skip-unmapped', 'skip-chosen', 'skip-malformed', 'invalid-name'] as const;
export type ImportPlan = (typeof IMPORT_PLANS)[number];

export const importOptionsShape = {
  sourceId: importSourceIdSchema,
  orgId: orgIdSchema,
  domainId: domainIdSchema,
  /** Keys that match no catalog secret become custom secrets (their lower-cased name), instead of being skipped. */
  includeCustom: z.boolean().default(false),
  /** Existing secrets get a new version; otherwise they are left as they are. */
  overwrite: z.boolean().default(false),
  /** Keys the person chose not to import. */
  skipKeys: z.array(envKeySchema).max(10_000).default([]),
};
export const previewImportInputSchema = strictObject(importOptionsShape);
export type ImportOptions = z.output<typeof previewImportInputSchema>;

export const importItemSchema = strictObject({
  key: envKeySchema,
  /** The line of the assignment that counts (the last one, as dotenv reads a file). */
  line: z.number().int().nonnegative(),
  /** Earlier lines that assigned the same key and are overridden by `line`. */
  overriddenLines: z.array(z.number().int().positive()).max(10_000).optional(),
  /** The catalog secret the key maps to, or the custom name; absent when unmapped or invalid. */
  secretName: secretNameSchema.optional(),
  secretId: z.string().max(512).optional(),
  custom: z.boolean().optional(),
  plan: z.enum(IMPORT_PLANS),
  /** Whether the target secret exists already (and holds a value), and when it last changed. */
  exists: z.boolean(),
  lastChangedAt: epochMs.optional(),
  /** A fixed, value-free note: "does not start like an OpenAI key", "the custom name is not allowed: …". */
  warning: plainText(1, 512, 'warning').optional(),
});
export type ImportItem = z.output<typeof importItemSchema>;

export const importPreviewSchema = strictObject({
  sourceId: importSourceIdSchema,
  sourceName: plainText(1, 256, 'sourceName'),
  env: envSchema,
  orgId: orgIdSchema,
  domainId: domainIdSchema,
  items: z.array(importItemSchema).max(10_000),
  badLines: z.array(z.number().int().positive()).max(10_000),
  /** Lines whose key looks like key material (not imported; see importSourceSchema). */
  materialLines: z.array(z.number().int().positive()).max(10_000),
  /** How many items each plan has. */
  counts: z.record(z.enum(IMPORT_PLANS), z.number().int().nonnegative()),
});
export type ImportPreview = z.output<typeof importPreviewSchema>;

export const startImportInputSchema = strictObject({
  ...importOptionsShape,
  /** On prod, the env name typed by the person, as a confirmation; refused when it does not match. */
  confirmEnv: z.string().max(16).optional(),
});
export type StartImportInput = z.output<typeof startImportInputSchema>;

// Bulk changes across orgs.

export const bulkActionSchema = z.discriminatedUnion('kind', [
  /** One value typed once; each org gets its own version (and audit entry). */
  strictObject({ kind: z.literal('set'), value: secretValueSchema, whitespace: z.enum(WHITESPACE_CHOICES).optional() }),
  strictObject({
    kind: z.literal('schedule-deletion'),
    recoveryWindowDays: z.number().int().min(RECOVERY_WINDOW_DAYS.min).max(RECOVERY_WINDOW_DAYS.max),
  }),
  strictObject({ kind: z.literal('restore') }),
]);

export const startBulkInputSchema = strictObject({
  orgIds: z.array(orgIdSchema).min(1, { error: 'choose at least one organization' }).max(MAX_BULK_ORGS),
  domainId: domainIdSchema,
  secretName: secretNameSchema,
  action: bulkActionSchema,
  /** On prod, the env name typed by the person, as a confirmation; refused when it does not match. */
  confirmEnv: z.string().max(16).optional(),
})
  .superRefine((input, ctx) => {
    // Every id the change would touch must fit AWS's limit in every env, as a single write's must
    // (secrets.ts): refused here, before the job starts, not item by item at the backend.
    input.orgIds.forEach((orgId, index) => {
      if (longestSecretIdLength(orgId, input.domainId, input.secretName) > MAX_SECRET_ID_LENGTH) {
        ctx.addIssue({
          code: 'custom',
          path: ['orgIds', index],
          message: `the secret id would be longer than ${MAX_SECRET_ID_LENGTH} characters; use a shorter organization id, domain id or secret name`,
        });
      }
    });
    const action = input.action;
    if (action.kind === 'set' && action.whitespace === undefined && hasEdgeWhitespace(action.value)) {
      ctx.addIssue({ code: 'custom', path: ['action', 'whitespace'], message: 'The value starts or ends with spaces or line breaks: choose whether to keep or trim them.' });
    }
  })
  // The typed value becomes a SecretValue at the boundary, as for writeSecret: unprintable from here on.
  .transform(({ action, ...rest }) => ({
    ...rest,
    action: action.kind === 'set' ? { kind: 'set' as const, value: new SecretValue(applyWhitespaceChoice(action.value, action.whitespace)) } : action,
  }));
export type StartBulkInput = z.output<typeof startBulkInputSchema>;

// Jobs.

export const JOB_KINDS = ['import', 'bulk-set', 'bulk-schedule-deletion', 'bulk-restore'] as const;
export type JobKind = (typeof JOB_KINDS)[number];
export const JOB_STATES = ['running', 'done', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];
export const JOB_ITEM_STATES = ['pending', 'running', 'written', 'skipped', 'failed', 'cancelled'] as const;
export type JobItemState = (typeof JOB_ITEM_STATES)[number];

export const jobItemSchema = strictObject({
  index: z.number().int().nonnegative(),
  orgId: orgIdSchema,
  domainId: domainIdSchema,
  /** Absent for a `.env` key that maps to no secret (skipped, unmapped or an invalid name). */
  secretName: secretNameSchema.optional(),
  secretId: z.string().max(512).optional(),
  /** The `.env` key (imports). */
  key: envKeySchema.optional(),
  state: z.enum(JOB_ITEM_STATES),
  /** Why it was skipped or failed: fixed text and the secret id, never a value. */
  reason: plainText(1, 1024, 'reason', { multiline: true }).optional(),
  code: z.enum(ERROR_CODES).optional(),
});
export type JobItem = z.output<typeof jobItemSchema>;

export const jobCountsSchema = strictObject({
  total: z.number().int().nonnegative(),
  done: z.number().int().nonnegative(),
  written: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  cancelled: z.number().int().nonnegative(),
});
export type JobCounts = z.output<typeof jobCountsSchema>;

const jobHeader = {
  jobId: jobIdSchema,
  kind: z.enum(JOB_KINDS),
  profileId: profileIdSchema,
  env: envSchema,
  /** What was done, in words: "import of .env into acme/shared", "set openai_api_key in 50 orgs". */
  title: plainText(1, 512, 'title'),
  state: z.enum(JOB_STATES),
  counts: jobCountsSchema,
  startedAt: epochMs,
  finishedAt: epochMs.optional(),
};

/** A job in full: every item with its state (the report). */
export const jobReportSchema = strictObject({ ...jobHeader, items: z.array(jobItemSchema).max(MAX_BULK_ORGS) });
export type JobReport = z.output<typeof jobReportSchema>;

/** The `jobProgress` event: the header and the items whose state changed since the last event. */
export const jobProgressSchema = strictObject({ ...jobHeader, items: z.array(jobItemSchema).max(MAX_BULK_ORGS) });
export type JobProgress = z.output<typeof jobProgressSchema>;

export const jobRefInputSchema = strictObject({ jobId: jobIdSchema });
export const cancelJobResultSchema = strictObject({ cancelled: z.boolean() });
export const exportJobReportInputSchema = strictObject({ jobId: jobIdSchema, format: z.enum(['csv', 'json']).default('csv') });
export const exportJobReportResultSchema = z.discriminatedUnion('saved', [
  strictObject({ saved: z.literal(true), path: z.string().min(1).max(4096), count: z.number().int().nonnegative() }),
  strictObject({ saved: z.literal(false), count: z.number().int().nonnegative() }),
]);
