/**
 * Every error code the app can show has a title, the app's own message and a next step; the two
 * codes that need more say exactly what to run (expired sign-in) or what did not answer (endpoint).
 */
import { describe, expect, it } from 'vitest';
import { describeError } from '../../../src/renderer/src/features/errors/describe';
import { ERROR_CODES } from '../../../src/shared/errors';

describe('the UI text of every error code', () => {
  it.each(ERROR_CODES)('%s has a title, the message and a next step', (code) => {
    const described = describeError({ code, message: `message for ${code}` });
    expect(described.title.length).toBeGreaterThan(3);
    expect(described.message).toBe(`message for ${code}`);
    expect(described.nextStep.length).toBeGreaterThan(10);
  });

  it('gives the exact sign-in command for an expired AWS session', () => {
    const fromDetails = describeError({ code: 'CREDENTIALS_EXPIRED', message: 'expired', details: { command: 'aws sso login --profile prod-admin' } });
    expect(fromDetails.command).toBe('aws sso login --profile prod-admin');
    const fromProfile = describeError({ code: 'CREDENTIALS_EXPIRED', message: 'expired' }, { kind: 'aws', id: 'p', name: 'P', env: 'prod', readOnly: false, awsProfile: 'sso-dev' });
    expect(fromProfile.command).toBe('aws sso login --profile sso-dev');
  });

  it('names the endpoint that did not answer', () => {
    expect(describeError({ code: 'UNREACHABLE', message: 'down', details: { endpoint: 'http://10.0.0.5:4566' } }).nextStep).toContain('http://10.0.0.5:4566');
    const localstack = describeError(
      { code: 'UNREACHABLE', message: 'down' },
      { kind: 'localstack', id: 'l', name: 'L', env: 'dev', readOnly: false, endpoint: 'http://localhost:4566', region: 'us-east-1' },
    );
    expect(localstack.endpoint).toBe('http://localhost:4566');
    expect(localstack.nextStep).toContain('http://localhost:4566');
  });

  it('blames the app, not the backend, when the main process did not answer', () => {
    const embedded = { kind: 'embedded', id: 'embedded', name: 'Embedded vault', env: 'dev', readOnly: false } as const;
    const read = describeError({ code: 'UNREACHABLE', message: 'no answer', details: { transport: true } }, embedded);
    expect(read.title).toBe('The app did not answer');
    expect(read.endpoint).toBeUndefined();
    expect(read.nextStep).not.toContain('backend');
    expect(read.nextStep).toContain('restart the app');
    expect(read.outcomeUnknown).toBe(false);
    const write = describeError({ code: 'UNREACHABLE', message: 'no answer', details: { transport: true, outcomeUnknown: true } }, embedded);
    expect(write.outcomeUnknown).toBe(true);
    expect(write.nextStep).toContain('check the current status before retrying');
  });
});
