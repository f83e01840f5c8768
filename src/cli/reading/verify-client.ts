/**
 * The reading client of `foundry-secrets verify`, and the only code of the CLI that may read a
 * secret value or tag a secret. verify runs where reading is allowed (an agent host, CI), never in
 * the app: the app's blind client refuses GetSecretValue and TagResource alike, and the app's
 * operation list (src/shared/secret-operations.ts) grants neither.
 *
 * Built from the backend's settings without the blind guard, then held to exactly two calls by
 * its own guard: GetSecretValue (one secret's value, by its exact id), TagResource (the health
 * tags), nothing else. The value comes back wrapped in a SecretValue, so it cannot be printed; of
 * the rest of the answer only the version's id and creation date are kept (metadata, which
 * DescribeSecret and ListSecretVersionIds show anyway).
 */
import {
  GetSecretValueCommand,
  SecretsManagerClient,
  TagResourceCommand,
  type SecretsManagerClientConfig,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from '@aws-sdk/client-secrets-manager';
import type { InitializeMiddleware } from '@smithy/types';
import type { CheckedVersion } from '../../shared/key-health';
import { SecretValue } from '../../shared/secret-value';
import { addDateGuard } from '../../shared/sdk-date-guard';
import { SCHEDULED_FOR_DELETION_TEXT, awsErrorName, classifyError } from '../../runtime/errors';

export type ReadOutcome =
  /** `version`: the version read (absent only if the backend did not say), for the health tags. */
  | { readonly kind: 'value'; readonly value: SecretValue; readonly version?: CheckedVersion }
  /** Deleted or scheduled for deletion since it was listed. */
  | { readonly kind: 'gone' }
  /** Why it could not be read, in our words and the AWS error name only. */
  | { readonly kind: 'failed'; readonly reason: string };

export interface VerifyClient {
  read(secretId: string): Promise<ReadOutcome>;
  tag(secretId: string, tags: readonly { Key: string; Value: string }[]): Promise<void>;
  close(): void;
}

const VERIFY_COMMANDS = new Set(['GetSecretValueCommand', 'TagResourceCommand']);

const onlyVerifyCalls: InitializeMiddleware<ServiceInputTypes, ServiceOutputTypes> = (next, context) => async (args) => {
  if (!VERIFY_COMMANDS.has(context.commandName ?? '')) throw new Error('verify’s client makes only GetSecretValue and TagResource calls.');
  return next(args);
};

const GONE = new Set(['ResourceNotFoundException']);

export function createVerifyClient(config: SecretsManagerClientConfig, endpointLabel: string): VerifyClient {
  const client = addDateGuard(new SecretsManagerClient(config));
  client.middlewareStack.add(onlyVerifyCalls, { step: 'initialize', name: 'foundryVerifyGuard', priority: 'high' });
  return {
    async read(secretId) {
      try {
        const answer = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
        const version = typeof answer.VersionId === 'string' && answer.CreatedDate instanceof Date ? { version: { versionId: answer.VersionId, createdAt: answer.CreatedDate } } : {};
        if (typeof answer.SecretString === 'string') return { kind: 'value', value: new SecretValue(answer.SecretString), ...version };
        if (answer.SecretBinary instanceof Uint8Array) return { kind: 'value', value: new SecretValue(answer.SecretBinary), ...version };
        return { kind: 'failed', reason: 'the backend answered without a value' };
      } catch (error) {
        const name = awsErrorName(error);
        // Deleted, or scheduled for deletion, since it was listed (the message is compared, never copied).
        const message = error instanceof Error ? error.message : '';
        if ((name !== undefined && GONE.has(name)) || (name === 'InvalidRequestException' && SCHEDULED_FOR_DELETION_TEXT.test(message))) return { kind: 'gone' };
        return { kind: 'failed', reason: classifyError(error, { operation: 'GetSecretValue', secretId, endpoint: endpointLabel }).message };
      }
    },
    async tag(secretId, tags) {
      try {
        await client.send(new TagResourceCommand({ SecretId: secretId, Tags: tags.map((tag) => ({ ...tag })) }));
      } catch (error) {
        throw classifyError(error, { operation: 'TagResource', secretId, endpoint: endpointLabel });
      }
    },
    close() {
      client.destroy();
    },
  };
}
