import { z } from 'zod';
import { AwsServiceError, awsErrors } from '../errors';
import { sortKey, type SortKey } from '../list-order';
import type { Op, SecretRecord } from '../model';
import { findActiveSecret, type Operation, type OperationContext } from '../operation';
import { nextTokenSchema, parseInput, secretIdSchema } from '../validation';
import { filtersSchema, matchingPage } from './list-secrets';
import { readVersion } from './read';

/**
 * BatchGetSecretValue, as AWS documents it (API_BatchGetSecretValue): up to 20 secrets' current
 * values, chosen by `SecretIdList` (1–20 names or ARNs) or by `Filters` (ListSecrets' filters,
 * paged with `MaxResults` 1–20 and `NextToken`), never both. A secret that cannot be read does not
 * fail the call: it is reported in `Errors` (SecretId, ErrorCode, Message) and the others are served.
 *
 * Exists for agent runtimes (src/runtime) and the AWS CLI. The desktop app's blind client refuses
 * to send it, and src/shared/secret-operations.ts must never list it.
 */
export const BATCH_MAX_SECRETS = 20;

const schema = z.object({
  SecretIdList: z.array(secretIdSchema).min(1).max(BATCH_MAX_SECRETS).optional(),
  Filters: filtersSchema.optional(),
  MaxResults: z.number().int().min(1).max(BATCH_MAX_SECRETS).optional(),
  NextToken: nextTokenSchema.optional(),
});

interface BatchError {
  readonly SecretId: string;
  readonly ErrorCode: string;
  readonly Message: string;
}

/** Reads one secret's AWSCURRENT value, or says why it cannot (the same errors GetSecretValue raises). */
function readOne(ctx: OperationContext, secretId: string, find: () => SecretRecord, values: Record<string, unknown>[], errors: BatchError[], ops: Op[]): void {
  try {
    const result = readVersion(ctx, find());
    values.push(result.output);
    if (result.ops) ops.push(...result.ops);
  } catch (error) {
    if (!(error instanceof AwsServiceError)) throw error;
    errors.push({ SecretId: secretId, ErrorCode: error.type, Message: error.message });
  }
}

export const batchGetSecretValue: Operation = (ctx, raw) => {
  const input = parseInput(schema, raw);
  const hasList = input.SecretIdList !== undefined;
  const hasFilters = input.Filters !== undefined;
  if (hasList && hasFilters) throw awsErrors.invalidParameter('Either SecretIdList or Filters must be provided, but not both.');
  if (!hasList && !hasFilters) throw awsErrors.invalidParameter('You must provide either SecretIdList or Filters.');
  if (input.MaxResults !== undefined && !hasFilters) throw awsErrors.invalidParameter('MaxResults can only be used together with Filters.');

  const values: Record<string, unknown>[] = [];
  const errors: BatchError[] = [];
  const ops: Op[] = [];

  if (input.SecretIdList !== undefined) {
    // A list of at most 20 is answered whole: there is no page to continue from.
    if (input.NextToken !== undefined) throw awsErrors.invalidNextToken();
    for (const secretId of input.SecretIdList) readOne(ctx, secretId, () => findActiveSecret(ctx, secretId), values, errors, ops);
    return { output: { SecretValues: values, Errors: errors }, ops };
  }

  const filters = input.Filters ?? [];
  const query = JSON.stringify(['batch-get', filters]);
  const cursor = input.NextToken === undefined ? undefined : (ctx.tokens.read(query, input.NextToken) as SortKey);
  // Same order and the same keyset paging as ListSecrets' default (creation date, ascending);
  // secrets scheduled for deletion are left out, as ListSecrets leaves them out by default.
  const { page, resumeAfter } = matchingPage(ctx.state, {
    filters,
    sortBy: 'created-date',
    descending: false,
    includePlannedDeletion: false,
    cursor,
    limit: input.MaxResults ?? BATCH_MAX_SECRETS,
  });
  for (const secret of page) readOne(ctx, secret.meta.name, () => secret, values, errors, ops);
  const next = resumeAfter ? ctx.tokens.issue(query, sortKey(resumeAfter, 'created-date')) : undefined;
  return { output: { SecretValues: values, Errors: errors, ...(next !== undefined && { NextToken: next }) }, ops };
};
