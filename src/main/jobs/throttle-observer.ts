/**
 * Tells a job when the backend pushes back: middleware on the SDK client that reports
 *  - `onAnswer(true)` at once for every attempt the backend pushed back (throttled, a 5xx, no
 *    answer), from inside the SDK's retry loop, so the job slows down before the SDK's backoff
 *    and retries play out (a call that needs three attempts reports twice or three times);
 *  - `onAnswer(false)` for a call answered on its first attempt without being pushed back (an
 *    answer, or an error such as ResourceExists that is the backend's considered reply).
 * Added for the length of a job and removed after it (the client is shared by the whole app).
 */
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

interface WithMetadata {
  readonly $metadata?: { readonly attempts?: number };
}

interface ServiceErrorLike {
  readonly name?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
  readonly $retryable?: { readonly throttling?: boolean };
}

/**
 * The error codes the SDK treats as throttling (service-error-classification), Secrets Manager's
 * among them, but for LimitExceededException: for Secrets Manager that is a quota (the versions of
 * one secret, the secrets in a Region), the backend's considered answer, which the app's clients do
 * not retry (client-factory.ts) and which must not slow the whole job down.
 */
const THROTTLING = new Set([
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
]);

/** Whether a failed attempt is the backend pushing back (as opposed to its considered answer). */
export function isPushback(error: unknown): boolean {
  const failure = (error ?? {}) as ServiceErrorLike;
  if (failure.$retryable?.throttling === true || (failure.name !== undefined && THROTTLING.has(failure.name))) return true;
  const status = failure.$metadata?.httpStatusCode;
  // No status: no answer at all (a reset connection, a timeout).
  return status === undefined || status === 429 || status >= 500;
}

const PUSHED_BACK = Symbol('foundry.pushedBack');

export interface ObserveOptions {
  /**
   * Commands (SDK names, "DescribeSecretCommand") whose clean answers are not reported: a job's
   * read-backs are answered under a limit of their own, so while its writes are pushed back their
   * clean answers must not raise the job's pace. Their pushback is still reported.
   */
  readonly uncountedClean?: readonly string[];
}

export function observeAttempts(client: SecretsManagerClient, name: string, onAnswer: (pushedBack: boolean) => void, options: ObserveOptions = {}): () => void {
  const uncounted = new Set(options.uncountedClean ?? []);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const seen = context as { [PUSHED_BACK]?: boolean };
      const counted = !uncounted.has(context.commandName ?? '');
      try {
        const result = await next(args);
        if (counted && !seen[PUSHED_BACK] && ((result.output as WithMetadata).$metadata?.attempts ?? 1) <= 1) onAnswer(false);
        return result;
      } catch (error) {
        if (counted && !seen[PUSHED_BACK] && ((error as WithMetadata).$metadata?.attempts ?? 1) <= 1) onAnswer(false);
        throw error;
      }
    },
    // Outside the retry middleware (finalizeRequest): it sees the whole call.
    { step: 'initialize', name, override: true },
  );
  client.middlewareStack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (isPushback(error)) {
          (context as { [PUSHED_BACK]?: boolean })[PUSHED_BACK] = true;
          onAnswer(true);
        }
        throw error;
      }
    },
    // Inside the retry middleware (which is high in finalizeRequest): it sees every attempt.
    { step: 'finalizeRequest', priority: 'low', name: `${name}-attempts`, override: true },
  );
  return () => {
    client.middlewareStack.remove(name);
    client.middlewareStack.remove(`${name}-attempts`);
  };
}
