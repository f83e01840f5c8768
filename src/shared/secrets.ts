/**
 * Schemas of the secret channels. Status shapes carry metadata only; `writeSecretInputSchema` is
 * the one schema in the whole contract with a field for a value, and no output has one. Output
 * schemas are strict, so an answer that grew a `value`/`SecretString` field is refused by the router.
 */
import { z } from 'zod';
import {
  DEFAULT_DOMAIN_ID,
  MAX_SECRET_ID_LENGTH,
  domainIdSchema,
  envSchema,
  longestSecretIdLength,
  orgIdSchema,
  parseSecretId,
  secretNameSchema,
} from './naming';
import { plainText, strictObject } from './schema-kit';
import { keyCheckResultSchema } from './key-checks';
import { keyHealthSchema } from './key-health';
import { SecretValue } from './secret-value';
import {
  MAX_SECRET_VALUE_BYTES,
  VALUE_MODES,
  WHITESPACE_CHOICES,
  applyWhitespaceChoice,
  describeJsonProblem,
  findJsonProblem,
  hasEdgeWhitespace,
  secretValueProblem,
  SECRET_VALUE_PROBLEMS,
} from './value-rules';
import { MAX_DESCRIPTION_LENGTH, RECOVERY_WINDOW_DAYS } from './secret-limits';

export * from './secret-limits';

/**
 * A typed secret value (secretValueProblem, value-rules.ts, has the rules and their words). The
 * bounds are also stated as such, for the contract's JSON schema.
 */
export const secretValueSchema = z
  .string({ error: 'The value must be text.' })
  .min(1, { error: SECRET_VALUE_PROBLEMS.empty })
  .max(MAX_SECRET_VALUE_BYTES, { error: SECRET_VALUE_PROBLEMS.tooLong })
  .superRefine((value, ctx) => {
    if (value.length > MAX_SECRET_VALUE_BYTES || value.length === 0) return; // already reported
    const problem = secretValueProblem(value);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  })
  .meta({ description: `The secret value: 1–${MAX_SECRET_VALUE_BYTES} UTF-8 bytes, not only whitespace. Write-only: no channel ever returns it.` });

export const descriptionInputSchema = plainText(0, MAX_DESCRIPTION_LENGTH, 'description', { multiline: true });

/** The segments of a secret reference, for building strict objects that extend it. */
export const secretRefShape = {
  orgId: orgIdSchema,
  domainId: domainIdSchema.default(DEFAULT_DOMAIN_ID),
  secretName: secretNameSchema,
};

/** The id must fit AWS's limit in every env, so a ref valid in dev is valid in staging too. */
function checkRefLength(ref: { orgId: string; domainId: string; secretName: string }, ctx: z.core.$RefinementCtx): void {
  const length = longestSecretIdLength(ref.orgId, ref.domainId, ref.secretName);
  if (length > MAX_SECRET_ID_LENGTH) {
    ctx.addIssue({
      code: 'custom',
      path: ['secretName'],
      message: `the secret id would be longer than ${MAX_SECRET_ID_LENGTH} characters; use a shorter organization id, domain id or secret name`,
    });
  }
}

export const secretRefSchema = strictObject(secretRefShape).superRefine(checkRefLength);
export type SecretRef = z.output<typeof secretRefSchema>;
export type SecretRefInput = z.input<typeof secretRefSchema>;

export const SECRET_STATES = ['configured', 'not-configured', 'inherited', 'scheduled-for-deletion'] as const;
export type SecretState = (typeof SECRET_STATES)[number];

const isoDate = z.iso.datetime({ offset: true });
const secretIdSchema = z.string().refine((id) => parseSecretId(id) !== null, { error: 'must be a secret id of this app' });

export const secretStatusSchema = strictObject({
  secretId: secretIdSchema,
  orgId: orgIdSchema,
  domainId: domainIdSchema,
  secretName: secretNameSchema,
  env: envSchema,
  /**
   * configured: this domain has its own value · inherited: it has none, the org's `shared` one
   * applies (see inheritedFrom) · not-configured: neither · scheduled-for-deletion: see deletionDate.
   */
  state: z.enum(SECRET_STATES),
  /** The shared secret id this status falls back to (state `inherited`). */
  inheritedFrom: secretIdSchema.optional(),
  description: z.string().max(MAX_DESCRIPTION_LENGTH).optional(),
  createdAt: isoDate.optional(),
  lastChangedAt: isoDate.optional(),
  deletionDate: isoDate.optional(),
  currentVersionId: z.string().min(1).max(64).optional(),
  /** The provider's verdict on the value in effect, from the tags `foundry-secrets verify` wrote. */
  health: keyHealthSchema.optional(),
}).superRefine((status, ctx) => {
  // The id and the fields must name the same secret: a mismatch would show one secret's state under another's name.
  const parsed = parseSecretId(status.secretId);
  if (parsed && (parsed.env !== status.env || parsed.orgId !== status.orgId || parsed.domainId !== status.domainId || parsed.secretName !== status.secretName)) {
    ctx.addIssue({ code: 'custom', path: ['secretId'], message: 'secretId does not match env, orgId, domainId and secretName' });
  }
});
export type SecretStatus = z.output<typeof secretStatusSchema>;

// getSecretStatus, restoreSecret: a SecretRef → SecretStatus.

export const listSecretStatusInputSchema = strictObject({
  orgId: orgIdSchema,
  /** When absent: the org's `shared` domain. */
  domainId: domainIdSchema.optional(),
});
export const secretStatusListSchema = strictObject({
  orgId: orgIdSchema,
  domainId: domainIdSchema,
  env: envSchema,
  /** Every domain that has at least one secret in this org (always includes `shared`). */
  domains: z.array(domainIdSchema),
  secrets: z.array(secretStatusSchema),
});
export type SecretStatusList = z.output<typeof secretStatusListSchema>;

/** A file picked in main (pickValueFile): the renderer holds this handle, never the content or the path. */
export const valueFileHandleSchema = z.uuid({ error: 'must be the handle of a picked file' });

/**
 * The only input of the whole contract that carries a secret value: typed (`value`) or a file main
 * read (`file`, a handle). Once validated, a typed value becomes a `SecretValue` (z.output), which
 * no log, error or JSON can print; what the renderer sends (z.input) stays a plain string.
 *
 * - `mode: 'json'`: the value must parse as JSON (the error says where, never what).
 * - `whitespace`: required when the value starts or ends with whitespace (a trailing newline
 *   included): `keep` stores it exactly, `trim` removes it. Never trimmed without this choice.
 * - `check`: run the provider's live check first; only a `valid` key is stored (see key-checks.ts).
 * - `companion`: the other half of a pair (LiveKit key + secret), used for the check only, never stored.
 */
export const writeSecretInputSchema = strictObject({
  ...secretRefShape,
  value: secretValueSchema.optional(),
  file: valueFileHandleSchema.optional(),
  mode: z.enum(VALUE_MODES).default('single-line'),
  whitespace: z.enum(WHITESPACE_CHOICES).optional(),
  check: z.boolean().default(false),
  companion: secretValueSchema.optional(),
  description: descriptionInputSchema.optional(),
})
  .superRefine(checkRefLength)
  .superRefine((input, ctx) => {
    if ((input.value === undefined) === (input.file === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'Give either a typed value or a picked file, not both and not neither.' });
      return;
    }
    if (input.value === undefined) return;
    if (input.whitespace === undefined && hasEdgeWhitespace(input.value)) {
      ctx.addIssue({
        code: 'custom',
        path: ['whitespace'],
        message: 'The value starts or ends with a space, tab or line break: choose to keep it exactly or to trim it.',
      });
    }
    if (input.mode === 'json') {
      const problem = findJsonProblem(input.value);
      if (problem) ctx.addIssue({ code: 'custom', path: ['value'], message: `The value ${describeJsonProblem(problem)}.` });
    }
  })
  .transform(({ value, companion, ...rest }) => ({
    ...rest,
    ...(value !== undefined && { value: new SecretValue(applyWhitespaceChoice(value, rest.whitespace)) }),
    ...(companion !== undefined && { companion: new SecretValue(companion) }),
  }));
export type WriteSecretInput = z.output<typeof writeSecretInputSchema>;

export const writeSecretResultSchema = strictObject({
  status: secretStatusSchema,
  versionId: z.string().min(1).max(64),
  /** true when this write created the secret, false when it added a version to an existing one. */
  created: z.boolean(),
  /** The provider check that passed before the value was stored (when one was asked for). */
  keyCheck: keyCheckResultSchema.optional(),
});
export type WriteSecretResult = z.output<typeof writeSecretResultSchema>;

export const removeModeSchema = z.discriminatedUnion('kind', [
  strictObject({
    kind: z.literal('recoverable'),
    recoveryWindowDays: z
      .number({ error: 'must be a number of days' })
      .int({ error: 'must be a whole number of days' })
      .min(RECOVERY_WINDOW_DAYS.min, { error: `must be at least ${RECOVERY_WINDOW_DAYS.min} days` })
      .max(RECOVERY_WINDOW_DAYS.max, { error: `must be at most ${RECOVERY_WINDOW_DAYS.max} days` }),
  }),
  /** Deleted at once, with no recovery window: the value cannot be restored. */
  strictObject({ kind: z.literal('force') }),
]);
export type RemoveMode = z.output<typeof removeModeSchema>;

export const removeSecretInputSchema = strictObject({ ...secretRefShape, mode: removeModeSchema }).superRefine(checkRefLength);
export type RemoveSecretInput = z.output<typeof removeSecretInputSchema>;

// Organizations.

export const orgSummarySchema = strictObject({
  orgId: orgIdSchema,
  domains: z.array(domainIdSchema),
  secretCount: z.number().int().nonnegative(),
  /** Added by the user in this app (it may have no secret yet), as opposed to discovered from names. */
  added: z.boolean(),
});
export type OrgSummary = z.output<typeof orgSummarySchema>;

export const orgListSchema = strictObject({ env: envSchema, orgs: z.array(orgSummarySchema) });
export type OrgList = z.output<typeof orgListSchema>;

export const addOrgInputSchema = strictObject({ orgId: orgIdSchema });
