/**
 * The blind self-check's answer: can the identity behind a profile read secret values, according
 * to IAM's policy simulator? Metadata only — who the caller is (account, ARN), the simulator's
 * decisions per action and secret ARN, and why. Never a credential, never a value.
 */
import { z } from 'zod';
import { profileIdSchema, profileKindSchema } from './profiles';
import { strictObject, wireErrorSchema } from './schema-kit';

/** The read actions the simulator is asked about: the two that return a secret's value. */
export const READ_ACTIONS = ['secretsmanager:GetSecretValue', 'secretsmanager:BatchGetSecretValue'] as const;
export type ReadAction = (typeof READ_ACTIONS)[number];

export const SELF_CHECK_OUTCOMES = ['cannot-read', 'can-read', 'unverified', 'not-applicable'] as const;
export type SelfCheckOutcome = (typeof SELF_CHECK_OUTCOMES)[number];

export const EVAL_DECISIONS = ['allowed', 'implicitDeny', 'explicitDeny'] as const;
export type EvalDecision = (typeof EVAL_DECISIONS)[number];

export const checkBlindAccessInputSchema = strictObject({
  /** The profile to check; the active one when absent. */
  profileId: profileIdSchema.optional(),
  /** "Check again": ask IAM now instead of answering from main's cache. */
  refresh: z.boolean().optional(),
});
export type CheckBlindAccessInput = z.output<typeof checkBlindAccessInputSchema>;

const arnText = z.string().max(2048);

export const selfCheckDecisionSchema = strictObject({
  action: z.enum(READ_ACTIONS),
  resource: arnText,
  decision: z.enum(EVAL_DECISIONS),
  /** The matched statements, as the simulator names them (policy id and type), when it names them. */
  matchedStatements: z.array(z.string().max(512)).max(20),
});
export type SelfCheckDecision = z.output<typeof selfCheckDecisionSchema>;

export const selfCheckVerdictSchema = strictObject({
  profileId: profileIdSchema,
  kind: profileKindSchema,
  readOnly: z.boolean(),
  outcome: z.enum(SELF_CHECK_OUTCOMES),
  /** One or two sentences for the person: the verdict and why. */
  reason: z.string().max(2000),
  identity: strictObject({
    account: z.string().max(32),
    /** What STS answered (for an assumed role, the session ARN). */
    callerArn: arnText,
    /** The IAM principal that was simulated (for an assumed role, the role's ARN). */
    principalArn: arnText.optional(),
    /** The role's path could not be read (iam:GetRole denied), so `/` was assumed. */
    pathAssumed: z.boolean(),
  }).optional(),
  decisions: z.array(selfCheckDecisionSchema).max(40),
  /** The AWS CLI command an administrator can run to do this check (outcome unverified, simulation refused). */
  checkCommand: z.string().max(8192).optional(),
  /** Permissions the check needed and did not have (outcome unverified). */
  missingPermissions: z.array(z.string().max(128)).max(5),
  /** Where the check stopped on a backend error (expired sign-in, unreachable…): the app's usual error. */
  error: wireErrorSchema.optional(),
  /** What this verdict does not prove. */
  limits: z.array(z.string().max(500)).max(10),
  checkedAt: z.iso.datetime(),
  /** Answered from main's cache (see checkedAt); "Check again" asks IAM anew. */
  cached: z.boolean(),
});
export type SelfCheckVerdict = z.output<typeof selfCheckVerdictSchema>;
