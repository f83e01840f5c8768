import { z } from 'zod';
import { awsErrors } from '../errors';
import { findActiveSecret, type Operation } from '../operation';
import { parseInput, secretIdSchema, stageSchema } from '../validation';
import { AWSCURRENT, attachLabels, changedOnly, stageOps } from './labels';

const versionIdSchema = z.string().min(32).max(64);
const schema = z.object({
  SecretId: secretIdSchema,
  VersionStage: stageSchema,
  RemoveFromVersionId: versionIdSchema.optional(),
  MoveToVersionId: versionIdSchema.optional(),
});

export const updateSecretVersionStage: Operation = (ctx, raw) => {
  const input = parseInput(schema, raw);
  const secret = findActiveSecret(ctx, input.SecretId);
  const label = input.VersionStage;
  const holder = [...secret.versions.values()].find((version) => version.stages.includes(label))?.id;
  const output = { ARN: secret.meta.arn, Name: secret.meta.name };
  let changed: Map<string, string[]>;
  if (input.MoveToVersionId !== undefined) {
    if (!secret.versions.has(input.MoveToVersionId)) {
      throw awsErrors.invalidParameter(`The version ${input.MoveToVersionId} does not exist in this secret.`);
    }
    if (holder === input.MoveToVersionId) return { output };
    if (holder !== undefined && input.RemoveFromVersionId !== holder) {
      throw awsErrors.invalidParameter(
        `The staging label ${label} is currently attached to version ${holder}, so you must explicitly reference that version in RemoveFromVersionId.`,
      );
    }
    changed = attachLabels(secret.versions, input.MoveToVersionId, [label]);
  } else if (input.RemoveFromVersionId !== undefined) {
    if (holder !== input.RemoveFromVersionId) {
      throw awsErrors.invalidParameter(`The staging label ${label} is not attached to version ${input.RemoveFromVersionId}.`);
    }
    if (label === AWSCURRENT) {
      throw awsErrors.invalidParameter(`You can't remove the staging label ${AWSCURRENT}; move it to another version with MoveToVersionId.`);
    }
    const version = secret.versions.get(holder);
    changed = changedOnly(secret.versions, new Map([[holder, (version?.stages ?? []).filter((stage) => stage !== label)]]));
  } else {
    throw awsErrors.invalidParameter('You must specify MoveToVersionId, RemoveFromVersionId, or both.');
  }
  return {
    output,
    ops: [...stageOps(secret.meta.arn, changed), { op: 'putSecret', meta: { ...secret.meta, lastChangedAt: ctx.now } }],
  };
};
