import { z } from 'zod';
import { awsErrors } from '../errors';
import type { Op, SecretRecord } from '../model';
import { epochSeconds, findActiveSecret, findSecret, startOfDayUtc, stagesByVersion, type Operation, type OperationContext, type OperationResult } from '../operation';
import { maxResultsSchema, nextTokenSchema, parseInput, secretIdSchema, stageSchema } from '../validation';
import { AWSCURRENT } from './labels';

/** The metadata fields DescribeSecret and ListSecrets share ("only fields that have a value"). */
export function describeFields(secret: SecretRecord): Record<string, unknown> {
  const { meta } = secret;
  // Built field by field rather than by spreading: ListSecrets builds 100 of these per page.
  const fields: Record<string, unknown> = { ARN: meta.arn, Name: meta.name };
  if (meta.description !== undefined) fields.Description = meta.description;
  if (meta.kmsKeyId !== undefined) fields.KmsKeyId = meta.kmsKeyId;
  fields.LastChangedDate = epochSeconds(meta.lastChangedAt);
  if (meta.lastAccessedAt !== undefined) fields.LastAccessedDate = epochSeconds(meta.lastAccessedAt);
  if (meta.deletedAt !== undefined) fields.DeletedDate = epochSeconds(meta.deletedAt);
  if (meta.tags.length > 0) fields.Tags = meta.tags.map((tag) => ({ Key: tag.Key, Value: tag.Value }));
  fields.CreatedDate = epochSeconds(meta.createdAt);
  return fields;
}

export const describeSecret: Operation = (ctx, raw) => {
  const input = parseInput(z.object({ SecretId: secretIdSchema }), raw);
  const secret = findSecret(ctx, input.SecretId);
  const stages = stagesByVersion(secret);
  return { output: { ...describeFields(secret), ...(Object.keys(stages).length > 0 && { VersionIdsToStages: stages }) } };
};

const getValueSchema = z.object({ SecretId: secretIdSchema, VersionId: z.string().min(32).max(64).optional(), VersionStage: stageSchema.optional() });

/** Exists for the AWS CLI and agent runtimes. The desktop app's own client refuses to send it. */
export const getSecretValue: Operation = (ctx, raw) => {
  const input = parseInput(getValueSchema, raw);
  const secret = findActiveSecret(ctx, input.SecretId);
  return readVersion(ctx, secret, input.VersionId, input.VersionStage);
};

/**
 * One version's value, shaped as GetSecretValue answers it (BatchGetSecretValue's SecretValues
 * entries have the same fields), and the access it records. Throws ResourceNotFoundException when
 * no version matches. The caller has already refused a secret scheduled for deletion.
 */
export function readVersion(ctx: OperationContext, secret: SecretRecord, versionId?: string, versionStage?: string): OperationResult {
  let version;
  if (versionId !== undefined) {
    version = secret.versions.get(versionId);
    if (!version || (versionStage !== undefined && !version.stages.includes(versionStage))) {
      throw awsErrors.notFound(`Secrets Manager can't find the specified secret value for VersionId: ${versionId}`);
    }
  } else {
    const stage = versionStage ?? AWSCURRENT;
    version = [...secret.versions.values()].find((candidate) => candidate.stages.includes(stage));
    if (!version) throw awsErrors.notFound(`Secrets Manager can't find the specified secret value for staging label: ${stage}`);
  }
  // Access is recorded with day resolution, so a read writes to disk at most once a day per secret.
  const today = startOfDayUtc(ctx.now);
  const ops: Op[] = [];
  if (secret.meta.lastAccessedAt !== today) ops.push({ op: 'putSecret', meta: { ...secret.meta, lastAccessedAt: today } });
  if (version.lastAccessedAt !== today) ops.push({ op: 'touchVersion', arn: secret.meta.arn, versionId: version.id, lastAccessedAt: today });
  const value = version.value.kind === 'string' ? { SecretString: version.value.text } : { SecretBinary: version.value.base64 };
  return {
    output: {
      ARN: secret.meta.arn,
      Name: secret.meta.name,
      VersionId: version.id,
      ...value,
      VersionStages: [...version.stages],
      CreatedDate: epochSeconds(version.createdAt),
    },
    ops,
  };
}

const listVersionsSchema = z.object({
  SecretId: secretIdSchema,
  MaxResults: maxResultsSchema.optional(),
  NextToken: nextTokenSchema.optional(),
  IncludeDeprecated: z.boolean().optional(),
});

export const listSecretVersionIds: Operation = (ctx, raw) => {
  const input = parseInput(listVersionsSchema, raw);
  const secret = findSecret(ctx, input.SecretId);
  const query = JSON.stringify(['versions', secret.meta.arn, input.IncludeDeprecated ?? false]);
  // Newest first; keyset paging on (created, id), so a version added between pages shifts nothing.
  const after = input.NextToken === undefined ? undefined : (ctx.tokens.read(query, input.NextToken) as [number, string]);
  const newestFirst = (a: { createdAt: number; id: string }, b: { createdAt: number; id: string }): number =>
    b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
  const all = [...secret.versions.values()]
    .filter((version) => input.IncludeDeprecated || version.stages.length > 0)
    .filter((version) => !after || newestFirst(version, { createdAt: after[0], id: after[1] }) > 0)
    .sort(newestFirst);
  const limit = input.MaxResults ?? 100;
  const page = all.slice(0, limit);
  const last = page.at(-1);
  const next = all.length > limit && last ? ctx.tokens.issue(query, [last.createdAt, last.id]) : undefined;
  return {
    output: {
      ARN: secret.meta.arn,
      Name: secret.meta.name,
      Versions: page.map((version) => ({
        VersionId: version.id,
        VersionStages: [...version.stages],
        CreatedDate: epochSeconds(version.createdAt),
        ...(version.lastAccessedAt !== undefined && { LastAccessedDate: epochSeconds(version.lastAccessedAt) }),
      })),
      ...(next !== undefined && { NextToken: next }),
    },
  };
};
