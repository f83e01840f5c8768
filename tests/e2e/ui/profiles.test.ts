/**
 * What the profile changes on screen: the production banner, read-only profiles (no write
 * actions, with the reason), and a backend that cannot be reached (the endpoint is named).
 */
import { describe, expect, it } from 'vitest';
import { chromiumUnavailable, openApp } from '../harness';
import { backendOf, seedAcme } from './fixtures/backend';
import { card, checkScreen, ready } from './fixtures/page';

const unavailable = chromiumUnavailable();

describe.skipIf(unavailable !== null)(`profiles in the UI${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('shows an unmistakable banner on a prod profile', async () => {
    const app = await openApp({
      before: async (host) => {
        const backend = backendOf(host);
        await backend.useProfile({ kind: 'embedded', id: 'prod-vault', name: 'Production vault', env: 'prod', readOnly: false });
        await backend.call('writeSecret', { orgId: 'acme', secretName: 'openai_api_key', value: 'sk-proj-prod-seeded' });
      },
    });
    const { page } = app;
    try {
      await ready(page);
      const banner = page.getByTestId('prod-banner');
      expect(await banner.isVisible()).toBe(true);
      expect(await banner.textContent()).toContain('Production');
      expect(await banner.textContent()).toContain('Production vault');
      const box = await banner.boundingBox();
      expect(box?.width).toBe(1280);
      expect(await card(page, 'openai_api_key').getByTestId('secret-id').textContent()).toBe('agentfoundry/prod/acme/shared/openai_api_key');
      await checkScreen(page, 'prod-banner');

      // Switching to a dev profile takes the banner away.
      await page.getByLabel('Active profile').selectOption('embedded');
      await expect.poll(() => banner.count()).toBe(0);
    } finally {
      await app.close();
    }
  });

  it('offers no write action on a read-only profile, and says why', async () => {
    const app = await openApp({
      before: async (host) => {
        const backend = backendOf(host);
        await seedAcme(backend);
        await backend.useProfile({ kind: 'embedded', id: 'audit', name: 'Audit (read-only)', env: 'dev', readOnly: true });
      },
    });
    const { page } = app;
    try {
      await ready(page);
      const notice = page.getByTestId('read-only-notice');
      expect(await notice.textContent()).toContain('Read-only profile.');
      expect(await notice.textContent()).toContain('Switch to a profile that allows changes');
      expect(await notice.textContent()).toContain('nor adding or removing organizations');
      for (const name of [/Add Key/, /Rotate Key/, /Delete/, /Restore/, /Add custom secret/, /Add organization/, /^Remove /]) {
        expect(await page.getByRole('button', { name }).count(), String(name)).toBe(0);
      }
      // Statuses are still shown in full.
      expect(await card(page, 'openai_api_key').getAttribute('data-state')).toBe('configured');
      expect(await card(page, 'github_token').getAttribute('data-state')).toBe('scheduled-for-deletion');
      await checkScreen(page, 'read-only');
    } finally {
      await app.close();
    }
  });

  it('names the endpoint and the next step when the backend is unreachable', async () => {
    const app = await openApp({
      before: async (host) => {
        await backendOf(host).useProfile({ kind: 'localstack', id: 'local', name: 'LocalStack', env: 'dev', readOnly: false, endpoint: 'http://127.0.0.1:9', region: 'us-east-1' });
      },
    });
    const { page } = app;
    try {
      const error = page.locator('[data-error-code="UNREACHABLE"]');
      await error.waitFor({ timeout: 20_000 });
      const text = (await error.textContent()) ?? '';
      expect(text).toContain('Backend unreachable');
      expect(text).toContain('http://127.0.0.1:9');
      expect(text).toContain('Next step: Check that the backend at http://127.0.0.1:9 is running');
      expect(await error.getByRole('button', { name: 'Retry' }).isVisible()).toBe(true);
      await checkScreen(page, 'backend-unreachable');

      await page.getByRole('button', { name: 'Test connection' }).click();
      await page.getByText(/^Not connected/).waitFor({ timeout: 20_000 });
    } finally {
      await app.close();
    }
  });
});
