import { z } from 'zod';
import { AwsServiceError, awsErrors } from './errors';

/**
 * Input shapes follow the Secrets Manager model's constraints. A violation is answered the way AWS
 * JSON services answer it — "1 validation error detected: Value at 'x' failed to satisfy
 * constraint: …" — except that the value itself is never quoted (it may be a secret).
 */
export const NAME_PATTERN = /^[A-Za-z0-9/_+=.@-]+$/;
export const FILTER_VALUE_PATTERN = /^!?[a-zA-Z0-9 :_@/+=.\-!]*$/;
export const MAX_VALUE_BYTES = 65_536;

export const secretIdSchema = z.string().min(1).max(2048);
export const clientRequestTokenSchema = z.string().min(32).max(64);
export const descriptionSchema = z.string().max(2048);
export const kmsKeyIdSchema = z.string().max(2048);
export const secretStringSchema = z.string().min(1);
export const secretBinarySchema = z.string().min(1).regex(/^[A-Za-z0-9+/]*={0,2}$/);
export const stageSchema = z.string().min(1).max(256);
export const versionStagesSchema = z.array(stageSchema).min(1).max(20);
export const tagSchema = z.object({ Key: z.string().min(1).max(128), Value: z.string().max(256).optional() });
export const tagsSchema = z.array(tagSchema);
export const maxResultsSchema = z.number().int().min(1).max(100);
export const nextTokenSchema = z.string().min(1).max(4096);

function member(path: readonly PropertyKey[]): string {
  const [first] = path;
  const name = typeof first === 'string' ? first.charAt(0).toLowerCase() + first.slice(1) : 'input';
  return path.length > 1 ? `${name}.${path.slice(1).map(String).join('.')}` : name;
}

function constraintText(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_small':
      return issue.origin === 'number' || issue.origin === 'int'
        ? `Member must have value greater than or equal to ${String(issue.minimum)}`
        : `Member must have length greater than or equal to ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'number' || issue.origin === 'int'
        ? `Member must have value less than or equal to ${String(issue.maximum)}`
        : `Member must have length less than or equal to ${String(issue.maximum)}`;
    case 'invalid_format':
      return 'Member must satisfy regular expression pattern';
    case 'invalid_value':
      return 'Member must satisfy enum value set';
    default:
      return 'Member must be valid';
  }
}

export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw awsErrors.validation('1 validation error detected.');
  if (issue.code === 'invalid_type') {
    // AWS answers a wrongly typed member before validating constraints.
    throw new AwsServiceError('SerializationException', `Unexpected type for member '${member(issue.path)}'.`);
  }
  if (issue.code === 'custom') throw awsErrors.validation(issue.message);
  throw awsErrors.validation(
    `1 validation error detected: Value at '${member(issue.path)}' failed to satisfy constraint: ${constraintText(issue)}`,
  );
}

/** Exactly one of SecretString / SecretBinary, within AWS's size limit. Returns the stored form. */
export function secretValueFrom(
  input: { SecretString?: string | undefined; SecretBinary?: string | undefined },
  required: boolean,
): { kind: 'string'; text: string } | { kind: 'binary'; base64: string } | undefined {
  const hasString = input.SecretString !== undefined;
  const hasBinary = input.SecretBinary !== undefined;
  if (hasString && hasBinary) {
    throw awsErrors.invalidParameter("You can't specify both a binary secret value and a string secret value in the same secret.");
  }
  if (!hasString && !hasBinary) {
    if (required) throw awsErrors.invalidParameter('You must provide either SecretString or SecretBinary.');
    return undefined;
  }
  if (hasString) {
    const text = input.SecretString as string;
    if (Buffer.byteLength(text, 'utf8') > MAX_VALUE_BYTES) {
      throw awsErrors.validation(
        `1 validation error detected: Value at 'secretString' failed to satisfy constraint: Member must have length less than or equal to ${MAX_VALUE_BYTES}`,
      );
    }
    return { kind: 'string', text };
  }
  const base64 = input.SecretBinary as string;
  if (Buffer.from(base64, 'base64').length > MAX_VALUE_BYTES) {
    throw awsErrors.validation(
      `1 validation error detected: Value at 'secretBinary' failed to satisfy constraint: Member must have length less than or equal to ${MAX_VALUE_BYTES}`,
    );
  }
  return { kind: 'binary', base64 };
}

export function validateName(name: string): void {
  if (!NAME_PATTERN.test(name)) {
    throw awsErrors.validation('Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!');
  }
}
