/**
 * Turns whatever the AWS SDK (or the network, or a credential provider) threw into an AppError.
 *
 * The messages are ours. A server's message is never copied: a validation message can echo the
 * request, and the request may carry a secret value. Only identifiers from fixed allow-lists (AWS
 * error names, Node network codes) and our own context (profile, secret id, endpoint) reach the
 * AppError's message or details.
 */
import { AppError, isAppError, type ErrorCode, type ErrorDetails } from '../../shared/errors';
import type { Profile } from '../../shared/profiles';
import { VaultError } from '../vault/errors';
import { MalformedAnswerError } from './answer-guard';
import { RESPONSE_TOO_LARGE } from '../../shared/node/bounded-http-handler';

export interface ErrorContext {
  readonly profile: Profile;
  readonly secretId?: string;
  readonly endpoint?: string;
}

const ACCESS_DENIED = new Set([
  'AccessDeniedException',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'MissingAuthenticationTokenException',
  'IncompleteSignatureException',
]);
const EXPIRED = new Set(['ExpiredTokenException', 'ExpiredToken']);
const THROTTLED = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded']);
const VALIDATION = new Set(['InvalidParameterException', 'ValidationException']);

/** AWS error names we recognise; only these are echoed (as `details.awsError`). */
const KNOWN_AWS_ERRORS = new Set([
  ...ACCESS_DENIED,
  ...EXPIRED,
  ...THROTTLED,
  ...VALIDATION,
  'RequestExpired',
  'ResourceNotFoundException',
  'ResourceExistsException',
  'InvalidRequestException',
  'InvalidNextTokenException',
  'LimitExceededException',
  'DecryptionFailure',
  'EncryptionFailure',
  'MalformedPolicyDocumentException',
  'PublicPolicyException',
  'PreconditionNotMetException',
  'InternalServiceError',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceUnavailableException',
]);

/** Node / SDK network failure codes: the request never got an answer. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'ETIMEDOUT',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ECONNABORTED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

/** AWS and LocalStack wording for "this secret is scheduled for deletion" (facts sheet §1.5). */
const SCHEDULED_FOR_DELETION_TEXT = /marked for deletion|scheduled for deletion|currently marked deleted/i;
/** Credential-provider wording that means "the SSO sign-in is missing or expired" (facts sheet §4). */
const SSO_TEXT = /aws sso login|\bsso\b/i;

interface ErrorShape {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly requestId?: string;
  readonly httpStatus?: number;
}

function field(value: object, key: string): unknown {
  return (value as Record<string, unknown>)[key];
}

function shapeOf(err: unknown): ErrorShape {
  if (typeof err !== 'object' || err === null) return { name: 'Unknown', message: String(err) };
  const name = field(err, 'name');
  const message = field(err, 'message');
  const metadata = field(err, '$metadata');
  const meta = typeof metadata === 'object' && metadata !== null ? metadata : undefined;
  const requestId = meta ? field(meta, 'requestId') : undefined;
  const httpStatus = meta ? field(meta, 'httpStatusCode') : undefined;
  return {
    name: typeof name === 'string' ? name : 'Unknown',
    message: typeof message === 'string' ? message : '',
    code: networkCodeOf(err),
    requestId: typeof requestId === 'string' && /^[A-Za-z0-9-]{1,128}$/.test(requestId) ? requestId : undefined,
    httpStatus: typeof httpStatus === 'number' ? httpStatus : undefined,
  };
}

/** The network code of an error, its `cause`, or (Node's happy-eyeballs AggregateError) its parts. */
function networkCodeOf(err: unknown, depth = 0): string | undefined {
  if (typeof err !== 'object' || err === null || depth > 4) return undefined;
  const code = field(err, 'code');
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
  const errors = field(err, 'errors');
  if (Array.isArray(errors)) {
    for (const inner of errors) {
      const found = networkCodeOf(inner, depth + 1);
      if (found) return found;
    }
  }
  return networkCodeOf(field(err, 'cause'), depth + 1);
}

function profileLabel(profile: Profile): string {
  switch (profile.kind) {
    case 'embedded':
      return `profile "${profile.name}" (embedded vault)`;
    case 'localstack':
      return `profile "${profile.name}" (LocalStack)`;
    case 'aws':
      return `profile "${profile.name}" (AWS profile ${profile.awsProfile})`;
  }
}

function endpointOf(ctx: ErrorContext): string | undefined {
  if (ctx.endpoint) return ctx.endpoint;
  return ctx.profile.kind === 'localstack' ? ctx.profile.endpoint : undefined;
}

export function ssoLoginCommand(awsProfile: string): string {
  return `aws sso login --profile ${shellWord(awsProfile)}`;
}

/** Maps any failure of a Secrets Manager call into an AppError; an AppError passes through. */
export function toAppError(err: unknown, ctx: ErrorContext): AppError {
  if (isAppError(err)) return err;

  const shape = shapeOf(err);
  const target = ctx.secretId ? `secret ${ctx.secretId}` : 'the request';
  const who = profileLabel(ctx.profile);
  const base: Record<string, string | number | boolean> = { profileId: ctx.profile.id };
  if (ctx.secretId) base.secretId = ctx.secretId;
  if (shape.requestId) base.requestId = shape.requestId;
  if (KNOWN_AWS_ERRORS.has(shape.name)) base.awsError = shape.name;
  const make = (code: ErrorCode, message: string, extra: ErrorDetails = {}): AppError =>
    new AppError(code, message, { ...base, ...extra });

  if (err instanceof VaultError) {
    // The vault's own messages are written by this project and never contain a value.
    return make('UNREACHABLE', `The embedded vault could not be opened for ${who}: ${err.message}`, { vaultError: err.code });
  }

  const { name } = shape;
  if (name === 'ResourceNotFoundException') {
    return make('NOT_FOUND', `${capitalise(target)} was not found through ${who}. Check the organization, domain and secret name, or create it first.`);
  }
  if (name === 'InvalidRequestException' && SCHEDULED_FOR_DELETION_TEXT.test(shape.message)) {
    return make(
      'SCHEDULED_FOR_DELETION',
      `${capitalise(target)} is scheduled for deletion. Restore it to use it again, or wait until its deletion completes.`,
    );
  }
  if (name === 'InvalidRequestException') {
    return make('VALIDATION', `The backend of ${who} refused the operation on ${target} in its current state. Refresh its status and try again.`);
  }
  if (name === 'ResourceExistsException') {
    return make('CONFLICT', `${capitalise(target)} already exists or was changed at the same time by someone else. Refresh and try again.`);
  }
  if (ACCESS_DENIED.has(name)) {
    return make(
      'ACCESS_DENIED',
      `Access was denied for ${target} with ${who}. Ask an administrator for the Secrets Manager permissions this profile needs, or check its credentials.`,
    );
  }
  if (name === 'DecryptionFailure' || name === 'EncryptionFailure') {
    return make('ACCESS_DENIED', `The KMS key protecting ${target} could not be used with ${who}. Check that the key is enabled and this profile may use it.`);
  }
  if (name === 'RequestExpired') {
    return make('CREDENTIALS_EXPIRED', `The backend of ${who} refused ${target} because the request time is too far from its clock. Check this computer's date, time and time zone, then retry.`);
  }
  if (EXPIRED.has(name)) return expired(ctx, target, make);
  if (name === 'CredentialsProviderError' || name === 'TokenProviderError') {
    if (ctx.profile.kind === 'aws' && SSO_TEXT.test(shape.message)) return expired(ctx, target, make);
    return noCredentials(ctx, who, make);
  }
  if (THROTTLED.has(name)) {
    return make('THROTTLED', `The backend of ${who} is rate-limiting requests for ${target}. Wait a moment and retry.`);
  }
  if (name === 'LimitExceededException') {
    return make(
      'QUOTA_EXCEEDED',
      `A Secrets Manager quota was reached for ${target}: most often the versions one secret may keep (AWS removes old versions only after a day), or the number of secrets in the Region. Retrying at once will not help: wait before changing this secret again, or ask an administrator about the account's quotas.`,
    );
  }
  if (VALIDATION.has(name)) {
    return make('VALIDATION', `The backend of ${who} rejected a parameter of ${target}. Correct the input and try again.`);
  }
  const endpoint = endpointOf(ctx);
  if (name === RESPONSE_TOO_LARGE) {
    const limit = field(err as object, 'limitBytes');
    const size = typeof limit === 'number' ? `${Math.round(limit / (1024 * 1024))} MiB` : 'the size limit';
    return make(
      'UNREACHABLE',
      `The backend of ${who}${endpoint ? ` at ${endpoint}` : ''} answered ${target} with more than ${size}, which Secrets Manager never sends; the answer was cut off. Check that the profile's endpoint is the backend you meant, then test the connection.`,
      { responseTooLarge: true, ...(typeof limit === 'number' ? { limitBytes: limit } : {}), ...(endpoint ? { endpoint } : {}) },
    );
  }
  if (err instanceof MalformedAnswerError) {
    return make(
      'UNREACHABLE',
      `The backend of ${who}${endpoint ? ` at ${endpoint}` : ''} answered ${err.operation} for ${target} with something that is not a Secrets Manager answer (${err.fieldPath} has the wrong type); nothing was read from it. Check that the profile's endpoint is a Secrets Manager or LocalStack endpoint, then test the connection.`,
      { malformedAnswer: err.operation, ...(endpoint ? { endpoint } : {}) },
    );
  }
  if (shape.code || name === 'TimeoutError' || name === 'RequestTimeout' || name === 'AbortError') {
    const at = endpoint ? ` at ${endpoint}` : '';
    const why = shape.code ?? 'timeout';
    return make('UNREACHABLE', `The backend of ${who}${at} could not be reached (${why}). Check that it is running and the endpoint is correct, then test the connection.`, {
      networkError: why,
      ...(endpoint ? { endpoint } : {}),
    });
  }
  if (name === 'ServiceUnavailable' || name === 'ServiceUnavailableException' || shape.httpStatus === 503) {
    return make('UNREACHABLE', `The backend of ${who} is temporarily unavailable. Retry in a moment.`, endpoint ? { endpoint } : {});
  }
  if (!cameFromBackend(err)) {
    // A bug of ours (a TypeError…), not a backend answer: let it reach the router, which logs its
    // class and answers INTERNAL, instead of disguising it as a backend failure nobody sees.
    throw err;
  }
  return make('INTERNAL', `An unexpected error occurred for ${target} with ${who}. Retry, and report it if it keeps happening.`);
}

/** Whether an error is an answer (or a failed attempt) of the SDK, rather than a bug in this code. */
function cameFromBackend(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  return '$metadata' in err || '$fault' in err || KNOWN_AWS_ERRORS.has(shapeOf(err).name);
}

/** A profile name as a POSIX shell word, so a suggested command can be pasted as it is. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9._@/:+,=-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

type Make = (code: ErrorCode, message: string, extra?: ErrorDetails) => AppError;

function expired(ctx: ErrorContext, target: string, make: Make): AppError {
  const { profile } = ctx;
  if (profile.kind !== 'aws') {
    return make('CREDENTIALS_EXPIRED', `The credentials of profile "${profile.name}" have expired for ${target}. Renew them and retry.`);
  }
  const command = ssoLoginCommand(profile.awsProfile);
  return make(
    'CREDENTIALS_EXPIRED',
    `The sign-in of AWS profile ${profile.awsProfile} has expired or is missing. Run \`${command}\` (or renew its session credentials), then retry.`,
    { command, awsProfile: profile.awsProfile },
  );
}

function noCredentials(ctx: ErrorContext, who: string, make: Make): AppError {
  const { profile } = ctx;
  if (profile.kind !== 'aws') {
    return make('ACCESS_DENIED', `No credentials could be loaded for ${who}. Check the profile's configuration.`);
  }
  const command = `aws configure --profile ${shellWord(profile.awsProfile)}`;
  return make(
    'ACCESS_DENIED',
    `No credentials could be loaded for AWS profile ${profile.awsProfile}. Configure it in ~/.aws (for example \`${command}\`), or choose another profile.`,
    { command, awsProfile: profile.awsProfile },
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
