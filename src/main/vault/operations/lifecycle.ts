import { z } from 'zod';
import { AwsServiceError, awsErrors } from '../errors';
import { epochSeconds, findSecret, type Operation } from '../operation';
import { parseInput, secretIdSchema } from '../validation';

const DAY_MS = 86_400_000;

const deleteSchema = z.object({
  SecretId: secretIdSchema,
  RecoveryWindowInDays: z.number().int().optional(),
  ForceDeleteWithoutRecovery: z.boolean().optional(),
});

export const deleteSecret: Operation = (ctx, raw) => {
  const input = parseInput(deleteSchema, raw);
  const force = input.ForceDeleteWithoutRecovery === true;
  if (force && input.RecoveryWindowInDays !== undefined) {
    throw awsErrors.invalidParameter("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
  }
  const windowDays = input.RecoveryWindowInDays ?? 30;
  if (windowDays < 7 || windowDays > 30) {
    throw awsErrors.invalidParameter('The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).');
  }
  let secret;
  try {
    secret = findSecret(ctx, input.SecretId);
  } catch (error) {
    // AWS: forcibly deleting a secret that does not exist is not an error.
    if (force && error instanceof AwsServiceError && error.type === 'ResourceNotFoundException') {
      return { output: { ...(!input.SecretId.startsWith('arn:') && { Name: input.SecretId }), DeletionDate: epochSeconds(ctx.now) } };
    }
    throw error;
  }
  const { meta } = secret;
  if (force) {
    return { output: { ARN: meta.arn, Name: meta.name, DeletionDate: epochSeconds(ctx.now) }, ops: [{ op: 'purge', arn: meta.arn }] };
  }
  if (meta.deletedAt !== undefined) {
    throw awsErrors.invalidRequest("You tried to perform the operation on a secret that's currently marked deleted.");
  }
  const deletedAt = ctx.now + windowDays * DAY_MS;
  return {
    output: { ARN: meta.arn, Name: meta.name, DeletionDate: epochSeconds(deletedAt) },
    ops: [{ op: 'putSecret', meta: { ...meta, deletedAt } }],
  };
};

export const restoreSecret: Operation = (ctx, raw) => {
  const input = parseInput(z.object({ SecretId: secretIdSchema }), raw);
  const secret = findSecret(ctx, input.SecretId);
  const { deletedAt: _cleared, ...rest } = secret.meta;
  const output = { ARN: rest.arn, Name: rest.name };
  return _cleared === undefined ? { output } : { output, ops: [{ op: 'putSecret', meta: rest }] };
};
