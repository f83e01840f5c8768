/** An error the vault answers on the wire, named as AWS names it, so the SDK raises its modelled class. */
export class AwsServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = type;
  }
}

export const awsErrors = {
  notFound: (what = "Secrets Manager can't find the specified secret.") => new AwsServiceError('ResourceNotFoundException', what),
  exists: (message: string) => new AwsServiceError('ResourceExistsException', message),
  invalidRequest: (message: string) => new AwsServiceError('InvalidRequestException', message),
  invalidParameter: (message: string) => new AwsServiceError('InvalidParameterException', message),
  invalidNextToken: () => new AwsServiceError('InvalidNextTokenException', 'The NextToken value is invalid.'),
  limitExceeded: (message: string) => new AwsServiceError('LimitExceededException', message),
  validation: (message: string) => new AwsServiceError('ValidationException', message),
  markedForDeletion: () =>
    new AwsServiceError('InvalidRequestException', "You can't perform this operation on the secret because it was marked for deletion."),
  internal: () => new AwsServiceError('InternalServiceError', 'An error occurred on the server side.', 500),
} as const;

/**
 * ROLLBACK: the files are intact one by one, but acknowledged writes are missing — the journal was
 * cut or its end replaced, its sealed head removed, or an older snapshot put back.
 */
export type VaultErrorCode = 'LOCKED' | 'WRONG_KEY' | 'CORRUPT' | 'ROLLBACK' | 'IO' | 'CLOSED' | 'KEY_UNAVAILABLE' | 'NOT_A_VAULT';

/** A failure of the vault itself (its files, its key, its lock), as opposed to a request error. */
export class VaultError extends Error {
  constructor(
    readonly code: VaultErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'VaultError';
  }
}
