/**
 * The reader's one error type. Everything that is not "this secret is not configured" (which is
 * `null`, not an error) becomes a SecretReaderError with a code a backend can branch on.
 *
 * Messages and fields are built from our own text, the secret id, and names from fixed
 * allow-lists (AWS error names, Node network codes): never a server's message, never the SDK
 * error itself (no `cause`), so nothing a backend logs from it can hold a value.
 */

export const SECRET_READER_ERROR_CODES = [
  /** The identity may not read this secret (IAM, or the signature was refused). */
  'ACCESS_DENIED',
  /** The credentials (an STS session, an SSO sign-in) have expired. */
  'EXPIRED_CREDENTIALS',
  /** No credentials were found (the default chain came up empty). */
  'NO_CREDENTIALS',
  /** The backend did not answer (connection refused, DNS, timeout). */
  'UNREACHABLE',
  /** Secrets Manager kept rate-limiting after the SDK's standard retries. */
  'THROTTLED',
  /** The reader's configuration (options or environment variables) is unusable. */
  'INVALID_CONFIG',
  /** An org id, domain id, secret name or provider breaks the naming rules. */
  'INVALID_INPUT',
  /** Any other failure of the backend (a server error, a KMS decryption failure, …). */
  'BACKEND',
] as const;

export type SecretReaderErrorCode = (typeof SECRET_READER_ERROR_CODES)[number];

const ADVICE: Readonly<Record<SecretReaderErrorCode, string>> = {
  ACCESS_DENIED: 'Grant this identity secretsmanager:GetSecretValue on the org prefix (and BatchGetSecretValue + ListSecrets for warm()), or check the credentials the reader uses.',
  EXPIRED_CREDENTIALS: 'Refresh the credentials (for SSO: aws sso login --profile <name>; for an assumed role: assume it again) and retry.',
  NO_CREDENTIALS: 'Give the process AWS credentials (an IAM role, AWS_PROFILE, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY), or pass `credentials`.',
  UNREACHABLE: 'Check that the backend is running and that the endpoint (LOCALSTACK_ENDPOINT / SVC_LOCALSTACK_HOST, or `endpoint`) is right.',
  THROTTLED: 'Secrets Manager is rate-limiting this account: call warm() once instead of many reads, keep the cache on, and retry later.',
  INVALID_CONFIG: 'Fix the option or environment variable named above.',
  INVALID_INPUT: 'Use lower-case letters, digits, "-" and "_" only, as the app names secrets.',
  BACKEND: 'Retry; if it keeps failing, check the backend (its logs, KMS key, service health).',
};

export interface SecretReaderErrorDetails {
  /** The secret id the failure concerns, when there is one. */
  readonly secretId?: string;
  /** The AWS error name (from an allow-list shape: letters only). */
  readonly awsError?: string;
  /** The Node network code (ECONNREFUSED, …). */
  readonly networkCode?: string;
  /** The option or environment variable at fault (INVALID_CONFIG). */
  readonly setting?: string;
}

export class SecretReaderError extends Error {
  override readonly name = 'SecretReaderError';
  readonly code: SecretReaderErrorCode;
  readonly secretId?: string;
  readonly awsError?: string;
  readonly networkCode?: string;
  readonly setting?: string;

  constructor(code: SecretReaderErrorCode, what: string, details: SecretReaderErrorDetails = {}) {
    super(`${what} ${ADVICE[code]}`);
    this.code = code;
    if (details.secretId !== undefined) this.secretId = details.secretId;
    if (details.awsError !== undefined) this.awsError = details.awsError;
    if (details.networkCode !== undefined) this.networkCode = details.networkCode;
    if (details.setting !== undefined) this.setting = details.setting;
  }
}

export function isSecretReaderError(error: unknown): error is SecretReaderError {
  return error instanceof SecretReaderError;
}

const ACCESS_DENIED = new Set([
  'AccessDeniedException',
  'AccessDenied',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'IncompleteSignatureException',
  'MissingAuthenticationToken',
  'MissingAuthenticationTokenException',
]);
const EXPIRED = new Set(['ExpiredTokenException', 'ExpiredToken', 'TokenRefreshRequired']);
const THROTTLED = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded']);
/** Node / undici codes meaning "no answer came back". */
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

/** AWS's and LocalStack's wording for "scheduled for deletion" (InvalidRequestException). */
export const SCHEDULED_FOR_DELETION_TEXT = /marked for deletion|scheduled for deletion|currently marked deleted/i;

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** An AWS error name, if it looks like one (only such names are ever repeated). */
export function awsErrorName(error: unknown): string | undefined {
  const name = field(error, 'name');
  return typeof name === 'string' && /^[A-Za-z][A-Za-z0-9]{0,63}$/.test(name) ? name : undefined;
}

function networkCodeOf(error: unknown, depth = 0): string | undefined {
  if (typeof error !== 'object' || error === null || depth > 4) return undefined;
  const code = field(error, 'code');
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
  const inner = field(error, 'errors');
  if (Array.isArray(inner)) {
    for (const part of inner) {
      const found = networkCodeOf(part, depth + 1);
      if (found) return found;
    }
  }
  return networkCodeOf(field(error, 'cause'), depth + 1);
}

/**
 * Turns whatever the SDK, the network or a credential provider threw into a SecretReaderError.
 * `operation` and `secretId` are ours; the thrown object's message is read only to recognise a
 * credential provider's "expired" wording, never copied.
 */
export function classifyError(error: unknown, context: { operation: string; secretId?: string; endpoint: string }): SecretReaderError {
  if (error instanceof SecretReaderError) return error;
  const where = context.secretId === undefined ? `${context.operation} at ${context.endpoint}` : `${context.operation} of ${context.secretId} at ${context.endpoint}`;
  const ids = context.secretId === undefined ? {} : { secretId: context.secretId };
  const name = awsErrorName(error);
  const networkCode = networkCodeOf(error);
  if (networkCode !== undefined) {
    return new SecretReaderError('UNREACHABLE', `${where} got no answer (${networkCode}).`, { ...ids, networkCode });
  }
  if (name === 'TimeoutError' || name === 'AbortError' || name === 'RequestTimeout') {
    return new SecretReaderError('UNREACHABLE', `${where} timed out.`, { ...ids, awsError: name });
  }
  if (name === 'CredentialsProviderError' || name === 'TokenProviderError') {
    const message = field(error, 'message');
    const expired = typeof message === 'string' && /expired|sso/i.test(message);
    return expired
      ? new SecretReaderError('EXPIRED_CREDENTIALS', `${where}: the credentials have expired or the SSO sign-in is missing.`, { ...ids, awsError: name })
      : new SecretReaderError('NO_CREDENTIALS', `${where}: no AWS credentials could be loaded.`, { ...ids, awsError: name });
  }
  if (name !== undefined && ACCESS_DENIED.has(name)) {
    return new SecretReaderError('ACCESS_DENIED', `${where} was denied (${name}).`, { ...ids, awsError: name });
  }
  if (name !== undefined && EXPIRED.has(name)) {
    return new SecretReaderError('EXPIRED_CREDENTIALS', `${where} was refused: the security token has expired (${name}).`, { ...ids, awsError: name });
  }
  if (name !== undefined && THROTTLED.has(name)) {
    return new SecretReaderError('THROTTLED', `${where} was throttled (${name}) after the SDK's retries.`, { ...ids, awsError: name });
  }
  return new SecretReaderError('BACKEND', `${where} failed${name === undefined ? '' : ` (${name})`}.`, { ...ids, ...(name !== undefined && { awsError: name }) });
}
