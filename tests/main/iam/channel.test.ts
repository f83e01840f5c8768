/**
 * The checkBlindAccess channel through the real router and composition: input validation, the
 * active profile by default, main's cache and "Check again".
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAwsOnFakes, type AwsOnFakes } from '../../fixtures/aws-profile-on-fakes';
import { ENV, startHarness, type Harness } from '../audit/harness';

let aws: AwsOnFakes;
let h: Harness;

beforeAll(async () => {
  aws = await startAwsOnFakes();
  h = await startHarness({ env: { ...ENV, ...aws.env }, awsEndpoints: aws.awsEndpoints });
  await h.ok('saveProfile', { profile: aws.profile() });
});
afterAll(async () => {
  await h.close();
  await aws.close();
});
beforeEach(() => {
  aws.fake.requests.length = 0;
  delete aws.fake.state.stsError;
  aws.fake.state.rules = [];
});

const callerLookups = () => aws.fake.requests.filter((request) => request.action === 'GetCallerIdentity').length;

describe('checkBlindAccess channel', () => {
  it('refuses input that does not fit, with VALIDATION', async () => {
    for (const input of [{ profileId: 'Not A Slug' }, { profileId: 'support', extra: true }, { refresh: 'yes' }, { profileId: 7 }]) {
      expect((await h.failure('checkBlindAccess', input)).code, JSON.stringify(input)).toBe('VALIDATION');
    }
  });

  it('answers NOT_FOUND for a profile that does not exist', async () => {
    expect((await h.failure('checkBlindAccess', { profileId: 'gone' })).code).toBe('NOT_FOUND');
  });

  it('checks the active profile when none is named (the embedded vault: not applicable)', async () => {
    const verdict = await h.ok('checkBlindAccess', {});
    expect(verdict).toMatchObject({ profileId: 'embedded', kind: 'embedded', outcome: 'not-applicable' });
  });

  it('keeps a verdict a few minutes; "Check again" asks IAM anew', async () => {
    await h.ok('checkBlindAccess', { profileId: 'support', refresh: true });
    expect(callerLookups()).toBe(1);
    const cached = await h.ok('checkBlindAccess', { profileId: 'support' });
    expect(cached).toMatchObject({ outcome: 'cannot-read', cached: true, readOnly: true });
    expect(callerLookups()).toBe(1);

    aws.fake.state.rules = [{ action: 'secretsmanager:GetSecretValue', resource: '*', decision: 'allowed', policy: 'reads-all' }];
    const again = await h.ok('checkBlindAccess', { profileId: 'support', refresh: true });
    expect(again).toMatchObject({ outcome: 'can-read', cached: false });
    expect(callerLookups()).toBe(2);
  });

  it('does not keep a verdict that stopped on an error: the next look checks again', async () => {
    aws.fake.state.stsError = 'ExpiredToken';
    expect(await h.ok('checkBlindAccess', { profileId: 'support', refresh: true })).toMatchObject({ outcome: 'unverified', error: { code: 'CREDENTIALS_EXPIRED' } });
    delete aws.fake.state.stsError;
    expect(await h.ok('checkBlindAccess', { profileId: 'support' })).toMatchObject({ outcome: 'cannot-read', cached: false });
    expect(callerLookups()).toBe(2);
  });

  it('no answer carries a credential', async () => {
    const text = JSON.stringify(h.answers);
    expect(text).not.toContain('AKIDSELFCHECKTEST');
    expect(text).not.toContain('self-check-test-secret-access-key');
  });
});
