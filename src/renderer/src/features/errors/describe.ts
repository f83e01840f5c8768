/**
 * Every error code as people need it: a title, the app's own message (it names the secret or the
 * profile, never a value), and the next step — for an expired sign-in the exact command to run,
 * for an unreachable backend the endpoint that did not answer. When the window's own link to the
 * main process failed (details.transport, set by api.ts), the backend is not to blame and no
 * endpoint is named; for a change, whether it was made is unknown.
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
  QUOTA_EXCEEDED: 'Secrets Manager quota reached',
  UNREACHABLE: 'Backend unreachable',
  READ_ONLY_PROFILE: 'Read-only profile',
  KEY_REJECTED: 'The provider rejected this key',
  KEY_UNVERIFIED: 'The key could not be checked',
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
  /** No answer came to a change: it may or may not have been made. */
  readonly outcomeUnknown: boolean;
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
  const base = { title: TITLES[error.code], message: error.message, outcomeUnknown: false };
  if (error.details?.['transport'] === true) {
    const outcomeUnknown = error.details['outcomeUnknown'] === true;
    return {
      ...base,
      title: 'The app did not answer',
      outcomeUnknown,
      nextStep: outcomeUnknown
        ? 'Refresh and check the current status before retrying, so the change is not made twice; restart the app if it keeps not answering.'
        : 'Retry; restart the app if it keeps not answering.',
    };
  }
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
      // Main's own confirmation box was declined (or could not be shown): nobody needs an IAM change.
      if (error.details?.['confirmed'] === false) return { ...base, title: 'Not confirmed', nextStep: 'Nothing was changed. To make the change, do it again and confirm it in the box the app opens.' };
      const command = detail(error, 'command');
      return { ...base, nextStep: ERROR_ADVICE.ACCESS_DENIED, ...(command && { command }) };
    }
    default:
      return { ...base, nextStep: ERROR_ADVICE[error.code] };
  }
}
