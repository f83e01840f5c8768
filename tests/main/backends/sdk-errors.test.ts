import {
  DecryptionFailure,
  InternalServiceError,
  InvalidParameterException,
  InvalidRequestException,
  LimitExceededException,
  ResourceExistsException,
  ResourceNotFoundException,
  SecretsManagerServiceException,
} from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { AppError, type ErrorCode } from '../../../src/shared/errors';
import type { Profile } from '../../../src/shared/profiles';
import { ResponseTooLargeError } from '../../../src/shared/node/bounded-http-handler';
import { toAppError } from '../../../src/main/backends/sdk-errors';
import { VaultError } from '../../../src/main/vault/index';

const CANARY = 'sk-canary-7f3a9c1e-must-never-appear';
const awsProfile: Profile = { id: 'prod-aws', name: 'Prod', env: 'prod', readOnly: false, kind: 'aws', awsProfile: 'acme-sso' };
const localProfile: Profile = { id: 'ls', name: 'Local', env: 'dev', readOnly: false, kind: 'localstack', endpoint: 'http://localhost:4566', region: 'us-east-1' };
const embedded: Profile = { id: 'embedded', name: 'Embedded vault', env: 'dev', readOnly: false, kind: 'embedded' };
const secretId = 'agentfoundry/dev/acme/shared/openai_api_key';
const $metadata = { httpStatusCode: 400, requestId: 'req-1234' };

/** An unmodelled AWS error, as the SDK raises it: the base exception with the code as its name. */
function serviceError(name: string, status = 400): SecretsManagerServiceException {
  return new SecretsManagerServiceException({ name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status }, message: `${name}: ${CANARY}` });
}

function networkError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:4566 ${CANARY}`), { code, errno: -111, syscall: 'connect' });
}

function named(name: string, message: string): Error {
  const err = new Error(message);
  err.name = name;
  return err;
}

const table: [string, unknown, ErrorCode, Profile][] = [
  ['ResourceNotFoundException', new ResourceNotFoundException({ message: `not found ${CANARY}`, $metadata }), 'NOT_FOUND', embedded],
  [
    'InvalidRequestException (marked for deletion)',
    new InvalidRequestException({ message: "You can't perform this operation on the secret because it was marked for deletion.", $metadata }),
    'SCHEDULED_FOR_DELETION',
    embedded,
  ],
  [
    'InvalidRequestException (create over a scheduled name)',
    new InvalidRequestException({ message: "You can't create this secret because a secret with this name is already scheduled for deletion.", $metadata }),
    'SCHEDULED_FOR_DELETION',
    awsProfile,
  ],
  ['InvalidRequestException (other state)', new InvalidRequestException({ message: `managed by another service ${CANARY}`, $metadata }), 'VALIDATION', embedded],
  ['ResourceExistsException', new ResourceExistsException({ message: `exists ${CANARY}`, $metadata }), 'CONFLICT', embedded],
  ['AccessDeniedException (unmodelled: base class)', serviceError('AccessDeniedException'), 'ACCESS_DENIED', awsProfile],
  ['UnrecognizedClientException', serviceError('UnrecognizedClientException'), 'ACCESS_DENIED', awsProfile],
  ['InvalidClientTokenId', serviceError('InvalidClientTokenId', 403), 'ACCESS_DENIED', awsProfile],
  ['InvalidSignatureException', serviceError('InvalidSignatureException'), 'ACCESS_DENIED', awsProfile],
  ['DecryptionFailure', new DecryptionFailure({ message: CANARY, $metadata }), 'ACCESS_DENIED', awsProfile],
  ['ExpiredTokenException', serviceError('ExpiredTokenException', 403), 'CREDENTIALS_EXPIRED', awsProfile],
  ['ThrottlingException', serviceError('ThrottlingException'), 'THROTTLED', awsProfile],
  ['TooManyRequestsException', serviceError('TooManyRequestsException', 429), 'THROTTLED', awsProfile],
  ['LimitExceededException (a quota, not a rate: review finding)', new LimitExceededException({ message: CANARY, $metadata }), 'QUOTA_EXCEEDED', awsProfile],
  ['InvalidParameterException', new InvalidParameterException({ message: `bad value ${CANARY}`, $metadata }), 'VALIDATION', embedded],
  ['ValidationException', serviceError('ValidationException'), 'VALIDATION', localProfile],
  ['ECONNREFUSED', networkError('ECONNREFUSED'), 'UNREACHABLE', localProfile],
  ['ENOTFOUND', networkError('ENOTFOUND'), 'UNREACHABLE', localProfile],
  ['ETIMEDOUT', networkError('ETIMEDOUT'), 'UNREACHABLE', localProfile],
  ['ECONNRESET', networkError('ECONNRESET'), 'UNREACHABLE', localProfile],
  ['TimeoutError (SDK connection timeout)', named('TimeoutError', `Socket timed out without establishing a connection within 3000 ms ${CANARY}`), 'UNREACHABLE', localProfile],
  [
    'AggregateError of ECONNREFUSED (happy eyeballs)',
    Object.assign(new AggregateError([networkError('ECONNREFUSED'), networkError('ECONNREFUSED')], CANARY), {}),
    'UNREACHABLE',
    localProfile,
  ],
  ['InternalServiceError', new InternalServiceError({ message: CANARY, $metadata: { httpStatusCode: 500 } }), 'INTERNAL', embedded],
  [
    'CredentialsProviderError mentioning aws sso login',
    named('CredentialsProviderError', `The SSO session associated with this profile has expired. To refresh this SSO session run aws sso login with the corresponding profile.`),
    'CREDENTIALS_EXPIRED',
    awsProfile,
  ],
  [
    'TokenProviderError (sso-session)',
    named('TokenProviderError', "Token is expired. To refresh this SSO session run 'aws sso login' with the corresponding profile."),
    'CREDENTIALS_EXPIRED',
    awsProfile,
  ],
  ['Could not load credentials (not SSO)', named('CredentialsProviderError', 'Could not load credentials from any providers'), 'ACCESS_DENIED', awsProfile],
  [
    'ResponseTooLarge (an answer cut off at the byte cap, after the SDK added its deserialization hint)',
    Object.assign(new ResponseTooLargeError(8 * 1024 * 1024), { message: `too large ${CANARY}`, $metadata: { httpStatusCode: 200 } }),
    'UNREACHABLE',
    localProfile,
  ],
  ['TimeoutError of an answer body past the deadline', Object.assign(named('TimeoutError', `body late ${CANARY}`), { code: 'ETIMEDOUT' }), 'UNREACHABLE', awsProfile],
];

describe('toAppError', () => {
  it.each(table)('%s → %s', (_label, err, code, profile) => {
    const mapped = toAppError(err, { profile, secretId });
    expect(mapped).toBeInstanceOf(AppError);
    expect(mapped.code).toBe(code);
    // Our words only: the server's (or the error's) message never reaches the AppError.
    expect(JSON.stringify(mapped.toWire())).not.toContain(CANARY);
    expect(mapped.details?.profileId).toBe(profile.id);
  });

  it('names the secret id and what to do', () => {
    const mapped = toAppError(new ResourceNotFoundException({ message: 'x', $metadata }), { profile: embedded, secretId });
    expect(mapped.message).toContain(secretId);
    expect(mapped.details).toMatchObject({ secretId, awsError: 'ResourceNotFoundException', requestId: 'req-1234' });
  });

  it('gives the exact sso login command for an expired SSO session', () => {
    const mapped = toAppError(serviceError('ExpiredTokenException', 403), { profile: awsProfile });
    expect(mapped.code).toBe('CREDENTIALS_EXPIRED');
    expect(mapped.details?.command).toBe('aws sso login --profile acme-sso');
    expect(mapped.message).toContain('aws sso login --profile acme-sso');
  });

  it('advises configuring credentials when none can be loaded', () => {
    const mapped = toAppError(named('CredentialsProviderError', 'Could not load credentials from any providers'), { profile: awsProfile });
    expect(mapped.details?.command).toBe('aws configure --profile acme-sso');
  });

  it('names the endpoint of an unreachable backend', () => {
    const mapped = toAppError(networkError('ECONNREFUSED'), { profile: localProfile });
    expect(mapped.message).toContain('http://localhost:4566');
    expect(mapped.details).toMatchObject({ endpoint: 'http://localhost:4566', networkError: 'ECONNREFUSED' });
    const withEndpoint = toAppError(named('TimeoutError', 'late'), { profile: awsProfile, endpoint: 'https://secretsmanager.eu-west-1.amazonaws.com' });
    expect(withEndpoint.message).toContain('https://secretsmanager.eu-west-1.amazonaws.com');
  });

  it.each([
    ['a plain Error', new Error(CANARY)],
    ['a TypeError', new TypeError(CANARY)],
    ['a thrown string', CANARY],
  ])('passes %s (a bug of ours, not a backend answer) through unchanged, for the router to log and answer INTERNAL', (_label, err) => {
    expect(() => toAppError(err, { profile: embedded, secretId })).toThrow();
    try {
      toAppError(err, { profile: embedded, secretId });
    } catch (thrown) {
      expect(thrown).toBe(err);
    }
  });

  it('quotes a profile name that is not a plain shell word in the suggested command', () => {
    const odd = { ...awsProfile, awsProfile: "team a&b's" };
    const mapped = toAppError(serviceError('ExpiredTokenException', 403), { profile: odd });
    expect(mapped.details?.command).toBe(`aws sso login --profile 'team a&b'\\''s'`);
  });

  it('explains a clock problem (RequestExpired) instead of asking for a sign-in', () => {
    const mapped = toAppError(serviceError('RequestExpired', 400), { profile: awsProfile });
    expect(mapped.code).toBe('CREDENTIALS_EXPIRED');
    expect(mapped.message).toContain('clock');
    expect(mapped.details?.command).toBeUndefined();
  });

  it('does not echo an unknown error name from the server', () => {
    const mapped = toAppError(serviceError(`Weird${CANARY.replace(/-/g, '')}`), { profile: embedded });
    expect(mapped.code).toBe('INTERNAL');
    expect(mapped.details?.awsError).toBeUndefined();
  });

  it('passes an AppError through unchanged', () => {
    const original = new AppError('READ_ONLY_PROFILE', 'read only');
    expect(toAppError(original, { profile: embedded })).toBe(original);
  });

  it('reports a vault that cannot be opened with the vault’s own words', () => {
    const mapped = toAppError(new VaultError('LOCKED', 'The vault is in use by another process.'), { profile: embedded });
    expect(mapped.code).toBe('UNREACHABLE');
    expect(mapped.message).toContain('in use by another process');
  });
});
