/**
 * Every error code as people need it: a title, the app's own message (it names the secret or the
 * profile, never a value), and the next step — for an expired sign-in the exact command to run,
 * for an unreachable backend the endpoint that did not answer.
 */
import { ERROR_ADVICE, type ErrorCode } from '../../../../shared/errors';
import type { Profile } from '../../../../shared/contract';
import type { UiErrorData } from '../../api';

const TITLES: Readonly<Record<ErrorCode, string>> = {
  VALIDATION: 'The input was not accepted',
  NOT_FOUND: 'Not found',
  SCHEDULED_FOR_DELETION: 'Scheduled for deletion',
  CONFLICT: 'Changed by someone else at the same time',
  ACCESS_DENIED: 'Access denied',
  CREDENTIALS_EXPIRED: 'Sign-in expired',
  THROTTLED: 'Too many requests',
  UNREACHABLE: 'Backend unreachable',
  READ_ONLY_PROFILE: 'Read-only profile',
  INTERNAL: 'Unexpected error',
};

export interface DescribedError {
  readonly title: string;
  readonly message: string;
  readonly nextStep: string;
  /** A command to run (copyable). */
  readonly command?: string;
  /** The backend that did not answer. */
  readonly endpoint?: string;
}

function detail(error: UiErrorData, key: string): string | undefined {
  const value = error.details?.[key];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function endpointOf(error: UiErrorData, profile: Profile | undefined): string | undefined {
  const fromError = detail(error, 'endpoint');
  if (fromError) return fromError;
  if (profile?.kind === 'localstack') return profile.endpoint;
  if (profile?.kind === 'aws') return `AWS Secrets Manager${profile.region ? ` in ${profile.region}` : ''}`;
  if (profile?.kind === 'embedded') return 'the embedded vault';
  return undefined;
}

export function describeError(error: UiErrorData, profile?: Profile): DescribedError {
  const base = { title: TITLES[error.code], message: error.message };
  switch (error.code) {
    case 'CREDENTIALS_EXPIRED': {
      const command = detail(error, 'command') ?? (profile?.kind === 'aws' ? `aws sso login --profile ${profile.awsProfile}` : undefined);
      return command
        ? { ...base, command, nextStep: 'Run this command in a terminal, sign in, then retry:' }
        : { ...base, nextStep: ERROR_ADVICE.CREDENTIALS_EXPIRED };
    }
    case 'UNREACHABLE': {
      const endpoint = endpointOf(error, profile);
      return endpoint
        ? { ...base, endpoint, nextStep: `Check that the backend at ${endpoint} is running and that the profile's endpoint is correct, then retry or test the connection.` }
        : { ...base, nextStep: ERROR_ADVICE.UNREACHABLE };
    }
    case 'ACCESS_DENIED': {
      const command = detail(error, 'command');
      return { ...base, nextStep: ERROR_ADVICE.ACCESS_DENIED, ...(command && { command }) };
    }
    default:
      return { ...base, nextStep: ERROR_ADVICE[error.code] };
  }
}
