import { z } from 'zod';
import { awsErrors } from '../errors';
import type { Op, SecretMeta, SecretRecord, SecretValue, VersionRecord } from '../model';
import { findActiveSecret, newArn, type Operation, type OperationContext } from '../operation';
import {
  clientRequestTokenSchema,
  descriptionSchema,
  kmsKeyIdSchema,
  parseInput,
  secretBinarySchema,
  secretIdSchema,
  secretStringSchema,
  secretValueFrom,
  tagsSchema,
  validateName,
  versionStagesSchema,
} from '../validation';
import { AWSCURRENT, attachLabels, hasCurrent, pruneOps, stageOps } from './labels';
import { normaliseTags } from './tags';

const valueFields = {
  SecretString: secretStringSchema.optional(),
  SecretBinary: secretBinarySchema.optional(),
};

function sameValue(a: SecretValue, b: SecretValue): boolean {
  return a.kind === 'string' ? b.kind === 'string' && a.text === b.text : b.kind === 'binary' && a.base64 === b.base64;
}

function requireToken(token: string | undefined): string {
  // The SDKs and the CLI always send one; only a hand-made request can omit it.
  if (token === undefined) throw awsErrors.invalidRequest('You must provide a ClientRequestToken value. We recommend a UUID-type value.');
  return token;
}

/** Ops that add a version and move labels onto it, then prune deprecated versions. */
function newVersionOps(ctx: OperationContext, secret: SecretRecord, id: string, value: SecretValue, labels: readonly string[]) {
  const wanted = hasCurrent(secret) || labels.includes(AWSCURRENT) ? labels : [...labels, AWSCURRENT];
  const changed = attachLabels(secret.versions, id, wanted);
  const version: VersionRecord = { id, createdAt: ctx.now, stages: changed.get(id) ?? [...wanted], value };
  const ops: Op[] = [
    { op: 'putVersion', arn: secret.meta.arn, version },
    ...stageOps(secret.meta.arn, changed, id),
    ...pruneOps(secret, changed, 1, ctx.now),
  ];
  return { ops, stages: version.stages };
}

const createSchema = z.object({
  Name: z.string().min(1).max(512),
  ClientRequestToken: clientRequestTokenSchema.optional(),
  Description: descriptionSchema.optional(),
  KmsKeyId: kmsKeyIdSchema.optional(),
  Tags: tagsSchema.optional(),
  AddReplicaRegions: z.array(z.unknown()).optional(),
  ForceOverwriteReplicaSecret: z.boolean().optional(),
  ...valueFields,
});

export const createSecret: Operation = (ctx, raw) => {
  const input = parseInput(createSchema, raw);
  validateName(input.Name);
  if (input.AddReplicaRegions && input.AddReplicaRegions.length > 0) {
    throw awsErrors.invalidRequest('The embedded vault does not support replication to other Regions.');
  }
  const value = secretValueFrom(input, false);
  const token = value ? requireToken(input.ClientRequestToken) : input.ClientRequestToken;
  const tags = normaliseTags(input.Tags ?? [], []);
  const existingArn = ctx.state.arnByName.get(input.Name);
  const existing = existingArn === undefined ? undefined : ctx.state.byArn.get(existingArn);
  if (existing) {
    if (existing.meta.deletedAt !== undefined) {
      throw awsErrors.invalidRequest("You can't create this secret because a secret with this name is already scheduled for deletion.");
    }
    // A retry of the same request (same token, same value) is not an error: that is what the token is for.
    const retried = token === undefined ? undefined : existing.versions.get(token);
    if (retried && value && sameValue(retried.value, value)) {
      return { output: { ARN: existing.meta.arn, Name: existing.meta.name, VersionId: retried.id } };
    }
    throw awsErrors.exists(`The operation failed because the secret ${input.Name} already exists.`);
  }
  const meta: SecretMeta = {
    arn: newArn(ctx, input.Name),
    name: input.Name,
    ...(input.Description !== undefined && { description: input.Description }),
    ...(input.KmsKeyId !== undefined && { kmsKeyId: input.KmsKeyId }),
    createdAt: ctx.now,
    lastChangedAt: ctx.now,
    tags,
  };
  const ops: Op[] = [{ op: 'putSecret', meta }];
  if (value && token) {
    ops.push({ op: 'putVersion', arn: meta.arn, version: { id: token, createdAt: ctx.now, stages: [AWSCURRENT], value } });
  }
  return { output: { ARN: meta.arn, Name: meta.name, ...(value && { VersionId: token }) }, ops };
};

const putSchema = z.object({
  SecretId: secretIdSchema,
  ClientRequestToken: clientRequestTokenSchema.optional(),
  VersionStages: versionStagesSchema.optional(),
  ...valueFields,
});

export const putSecretValue: Operation = (ctx, raw) => {
  const input = parseInput(putSchema, raw);
  const value = secretValueFrom(input, true) as SecretValue;
  const token = requireToken(input.ClientRequestToken);
  const secret = findActiveSecret(ctx, input.SecretId);
  const existing = secret.versions.get(token);
  if (existing) {
    if (!sameValue(existing.value, value)) {
      throw awsErrors.exists("You can't modify an existing version, you can only create a new version.");
    }
    return { output: { ARN: secret.meta.arn, Name: secret.meta.name, VersionId: existing.id, VersionStages: [...existing.stages] } };
  }
  const { ops, stages } = newVersionOps(ctx, secret, token, value, input.VersionStages ?? [AWSCURRENT]);
  ops.push({ op: 'putSecret', meta: { ...secret.meta, lastChangedAt: ctx.now } });
  return { output: { ARN: secret.meta.arn, Name: secret.meta.name, VersionId: token, VersionStages: stages }, ops };
};

const updateSchema = z.object({
  SecretId: secretIdSchema,
  ClientRequestToken: clientRequestTokenSchema.optional(),
  Description: descriptionSchema.optional(),
  KmsKeyId: kmsKeyIdSchema.optional(),
  ...valueFields,
});

export const updateSecret: Operation = (ctx, raw) => {
  const input = parseInput(updateSchema, raw);
  const value = secretValueFrom(input, false);
  const secret = findActiveSecret(ctx, input.SecretId);
  const meta: SecretMeta = {
    ...secret.meta,
    ...(input.Description !== undefined && { description: input.Description }),
    ...(input.KmsKeyId !== undefined && { kmsKeyId: input.KmsKeyId }),
    lastChangedAt: ctx.now,
  };
  const ops: Op[] = [{ op: 'putSecret', meta }];
  if (!value) return { output: { ARN: meta.arn, Name: meta.name }, ops };
  const token = requireToken(input.ClientRequestToken);
  // Unlike PutSecretValue, UpdateSecret does not treat a reused token as a retry.
  if (secret.versions.has(token)) throw awsErrors.exists('A resource with the ID you requested already exists.');
  ops.push(...newVersionOps(ctx, secret, token, value, [AWSCURRENT]).ops);
  return { output: { ARN: meta.arn, Name: meta.name, VersionId: token }, ops };
};
