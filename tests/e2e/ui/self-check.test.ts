/**
 * The blind self-check on the Profiles screen, in Chromium against the real composition: AWS
 * profiles whose STS/IAM are the fake (tests/fakes/fake-iam-sts.ts) and whose Secrets Manager is
 * a served vault. A read-only profile that can read values gets a loud alert; "Check again"
 * asks IAM anew; a writable profile gets a quieter notice; axe finds nothing, light and dark.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAwsOnFakes, type AwsOnFakes } from '../../fixtures/aws-profile-on-fakes';
import { chromiumUnavailable, openApp } from '../harness';
import { backendOf } from './fixtures/backend';
import { checkScreen } from './fixtures/page';

const unavailable = chromiumUnavailable();

describe.skipIf(unavailable !== null)(`blind self-check in the UI${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let aws: AwsOnFakes;
  beforeAll(async () => {
    aws = await startAwsOnFakes();
    await aws.seed('agentfoundry/prod/acme/shared/openai_api_key');
  });
  afterAll(() => aws.close());
  /** The app on the fakes' STS and IAM; `before` saves the profiles each test needs. */
  const openOnFakes = (before: NonNullable<Parameters<typeof openApp>[0]>['before']) => openApp({ env: aws.env, awsEndpoints: aws.awsEndpoints, before });

  it('warns loudly when a read-only profile can read values, and "Check again" shows the fix', async () => {
    // The support role is allowed every secret of the env: the mistake the check exists to catch.
    aws.fake.state.rules = [{ action: 'secretsmanager:GetSecretValue', resource: 'arn:aws:secretsmanager:*:*:secret:agentfoundry/*', decision: 'allowed', policy: 'SupportTooBroad' }];
    const app = await openOnFakes(async (host) => {
      const backend = backendOf(host);
      await backend.call('saveProfile', { profile: aws.profile({ name: 'Support (read-only)' }) });
      await backend.call('saveProfile', { profile: aws.profile({ id: 'admin', name: 'Admin', env: 'dev', readOnly: false }) });
    });
    const { page } = app;
    try {
      await page.getByRole('button', { name: 'Profiles', exact: true }).click();
      const main = page.getByRole('main');
      await main.getByRole('heading', { level: 1, name: 'Profiles' }).waitFor();

      const support = main.locator('[data-testid="self-check"][data-profile="support"]');
      const alert = support.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('Warning: this identity can read secret values');
      expect(await alert.textContent()).toContain('the blind promise does not hold in IAM');
      expect(await alert.textContent()).toContain('generated support policy');
      expect(await alert.textContent()).toContain('SupportTooBroad');
      expect(await support.textContent()).toContain(`arn:aws:sts::${aws.account}:assumed-role/support/someone@example.com`);

      // The writable profile of the same identity: a notice, not an alarm.
      const admin = main.locator('[data-testid="self-check"][data-profile="admin"]');
      await admin.locator('[data-outcome="can-read"]').waitFor();
      expect(await admin.getByRole('alert').count()).toBe(0);
      expect(await admin.getByRole('status').textContent()).toContain('Note: this identity can read secret values');
      // The embedded profile has no panel here (the check applies to AWS profiles).
      expect(await main.locator('[data-testid="self-check"]').count()).toBe(2);

      await checkScreen(page, 'self-check-can-read');

      // The administrator fixes the policy; "Check again" asks IAM now (main's cache would answer otherwise).
      aws.fake.state.rules = [];
      await support.getByRole('button', { name: 'Check again: Support (read-only)' }).click();
      await support.locator('[data-outcome="cannot-read"]').waitFor();
      expect(await support.getByRole('alert').count()).toBe(0);
      expect(await support.getByRole('status').textContent()).toContain('Cannot read secret values');

      // What IAM decided, and what the check does not prove, are there on request (keyboard too).
      await support.getByText('What this check does not prove').focus();
      await page.keyboard.press('Enter');
      expect(await support.textContent()).toContain('Resource policies attached to the secrets themselves are not included');
      await checkScreen(page, 'self-check-cannot-read');

      // At the smallest supported window the panel fits its width (ARNs wrap at ":" and "/" only).
      await page.setViewportSize({ width: 800, height: 600 });
      await support.scrollIntoViewIfNeeded();
      expect(await support.evaluate((node) => node.scrollWidth <= node.clientWidth)).toBe(true);
      await page.screenshot({ path: 'test-results/screenshots/self-check-800x600.png' });
    } finally {
      await app.close();
    }
  }, 60_000);

  it('shows the verdict in the read-only notice while a read-only profile is in use', async () => {
    aws.fake.state.rules = [{ action: 'secretsmanager:GetSecretValue', resource: 'arn:aws:secretsmanager:*:*:secret:agentfoundry/*', decision: 'allowed', policy: 'SupportTooBroad' }];
    const app = await openOnFakes(async (host) => {
      const backend = backendOf(host);
      await backend.call('saveProfile', { profile: aws.profile({ name: 'Support (read-only)' }) });
      await backend.call('selectProfile', { id: 'support' });
    });
    const { page } = app;
    try {
      await page.getByRole('button', { name: 'Secrets', exact: true }).click();
      const notice = page.getByTestId('read-only-notice');
      await notice.waitFor();
      const alert = notice.locator('[data-testid="self-check"][data-profile="support"]').getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('Warning: this identity can read secret values');
      await checkScreen(page, 'read-only-self-check');
    } finally {
      await app.close();
    }
  });

  it("says it couldn't verify, and why, when IAM refuses the simulation", async () => {
    aws.fake.state.rules = [];
    aws.fake.state.simulate = 'deny';
    const app = await openOnFakes(async (host) => {
      await backendOf(host).call('saveProfile', { profile: aws.profile({ name: 'Support (read-only)' }) });
    });
    const { page } = app;
    try {
      await page.getByRole('button', { name: 'Profiles', exact: true }).click();
      const panel = page.locator('[data-testid="self-check"][data-profile="support"]');
      await panel.locator('[data-outcome="unverified"]').waitFor();
      const text = await panel.textContent();
      expect(text).toContain('Couldn’t verify');
      expect(text).toContain('iam:SimulatePrincipalPolicy');
      await checkScreen(page, 'self-check-unverified');
    } finally {
      aws.fake.state.simulate = 'answer';
      await app.close();
    }
  });
});
