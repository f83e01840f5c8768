/**
 * The one set of error codes that crosses the IPC boundary. A message names the secret id (never
 * a value) and says what to do next; `ERROR_ADVICE` is the default next step for each code.
 */
export const ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'SCHEDULED_FOR_DELETION',
  'CONFLICT',
  'ACCESS_DENIED',
  'CREDENTIALS_EXPIRED',
  'THROTTLED',
  'QUOTA_EXCEEDED',
  'UNREACHABLE',
  'READ_ONLY_PROFILE',
  'KEY_REJECTED',
  'KEY_UNVERIFIED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Extra facts a UI may use (a date, a profile name, an endpoint). Never a secret value. */
export type ErrorDetails = Readonly<Record<string, string | number | boolean>>;

/** What an error looks like on the wire: plain data, structured-clone safe. */
export interface WireError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: ErrorDetails;
}

export const ERROR_ADVICE: Readonly<Record<ErrorCode, string>> = {
  VALIDATION: 'Correct the highlighted input and try again.',
  NOT_FOUND: 'Check the organization, domain and secret name, or create the secret first.',
  SCHEDULED_FOR_DELETION: 'Restore the secret to use it again, or wait until its deletion completes.',
  CONFLICT: 'Someone else changed this secret at the same time; refresh and try again.',
  ACCESS_DENIED: 'Ask an administrator for the IAM permissions this profile needs.',
  CREDENTIALS_EXPIRED: 'Sign in again (for SSO profiles: aws sso login --profile <name>) and retry.',
  THROTTLED: 'The backend is rate-limiting requests; wait a moment and retry.',
  QUOTA_EXCEEDED: 'A Secrets Manager quota was reached; retrying at once will not help. Wait, or ask an administrator about the account’s quotas.',
  UNREACHABLE: 'Check that the backend is running and the endpoint is correct, then test the connection.',
  READ_ONLY_PROFILE: 'This profile is read-only; switch to a profile that allows changes.',
  KEY_REJECTED: 'Nothing was saved. Check that you copied the whole key from the provider, or save it anyway if you know it is right.',
  KEY_UNVERIFIED: 'Nothing was saved. Retry the check later, or save it anyway.',
  INTERNAL: 'Something unexpected failed; retry, and report it if it keeps happening.',
};

export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
  ) {
    super(message);
  }

  toWire(): WireError {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
