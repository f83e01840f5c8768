/**
 * Diagnose on the Profiles screen, in Chromium against the real composition: open it from a
 * profile's row, the checks in icons and words, "looking for" a mistyped secret names the near
 * miss, Copy report puts the plain-text report on the clipboard (no value in it), Escape closes and
 * focus goes back; a LocalStack profile on the fake LocalStack is healthy; axe 0, light and dark.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeLocalStack, type FakeLocalStack } from '../../fakes/fake-localstack';
import { chromiumUnavailable, openApp } from '../harness';
import { backendOf, turnOffKeyChecks } from './fixtures/backend';
import { checkScreen, expectNoLeak, isFocused } from './fixtures/page';

const unavailable = chromiumUnavailable();
const VALUE = 'sk-proj-diagnostics-e2e-canary-4f3e2d1c';

describe.skipIf(unavailable !== null)(`diagnostics in the UI${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let ls: FakeLocalStack;
  beforeAll(async () => {
    ls = await startFakeLocalStack();
  });
  afterAll(() => ls.close());

  it('opens from Profiles, runs, looks for a secret, copies the report, axe light and dark', async () => {
    const app = await openApp({
      before: async (host) => {
        const backend = backendOf(host);
        await turnOffKeyChecks(backend);
        await backend.call('writeSecret', { orgId: 'acme', secretName: 'openai_api_key', value: VALUE });
        await backend.call('saveProfile', { profile: { kind: 'localstack', id: 'ls', name: 'LocalStack (fake)', env: 'dev', readOnly: false, endpoint: ls.endpoint, region: 'us-east-1' } });
      },
    });
    const { page } = app;
    try {
      await app.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.host.origin });
      await page.getByRole('button', { name: 'Profiles', exact: true }).click();
      const main = page.getByRole('main');
      await main.getByRole('heading', { level: 1, name: 'Profiles' }).waitFor();

      // The embedded profile (in use): open by keyboard.
      const open = main.getByRole('button', { name: 'Diagnose: Embedded vault' });
      await open.focus();
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog');
      await dialog.getByTestId('diagnostics-result').waitFor();
      expect(await dialog.getByTestId('diagnostics-result').getAttribute('data-healthy')).toBe('true');
      expect(await dialog.locator('[data-check="endpoint"]').getAttribute('data-status')).toBe('ok');
      expect(await dialog.locator('[data-check="identity"]').textContent()).toContain('SKIP');

      // Looking for a mistyped name: the exact id, and the near miss.
      await dialog.getByLabel('Organization').fill('acme');
      await dialog.getByLabel('Secret name').fill('openai_api_kye');
      await dialog.getByRole('button', { name: 'Run again' }).click();
      const looking = dialog.locator('[data-check="looking-for"]');
      await looking.waitFor();
      expect(await looking.getAttribute('data-status')).toBe('fail');
      expect(await looking.textContent()).toContain('agentfoundry/dev/acme/shared/openai_api_kye');
      expect(await looking.textContent()).toContain('agentfoundry/dev/acme/shared/openai_api_key: one letter off in the secret name');

      await dialog.getByRole('button', { name: 'Copy report' }).click();
      await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toContain('Foundry Secrets diagnostics');
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      expect(copied).toContain('[FAIL] Looking for agentfoundry/dev/acme/shared/openai_api_kye');
      expect(copied).not.toContain(VALUE);
      await expectNoLeak(page, VALUE);
      await checkScreen(page, 'diagnostics-dialog', { modal: true });

      // At the smallest supported window the dialog fits its width.
      await page.setViewportSize({ width: 800, height: 600 });
      const panel = dialog;
      expect(await panel.evaluate((node) => node.scrollWidth <= node.clientWidth)).toBe(true);
      await page.screenshot({ path: 'test-results/screenshots/diagnostics-800x600.png' });

      await page.keyboard.press('Escape');
      await expect.poll(() => dialog.count()).toBe(0);
      expect(await isFocused(open)).toBe(true);

      // A LocalStack profile on the fake LocalStack: healthy, with its version and identity.
      await page.setViewportSize({ width: 1280, height: 800 });
      await main.getByRole('button', { name: 'Diagnose: LocalStack (fake)' }).click();
      await dialog.getByTestId('diagnostics-result').waitFor();
      expect(await dialog.getByTestId('diagnostics-result').getAttribute('data-healthy')).toBe('true');
      expect(await dialog.locator('[data-check="localstack-health"]').textContent()).toContain('4.4.0');
      expect(await dialog.locator('[data-check="identity"]').textContent()).toContain('000000000000');
      await checkScreen(page, 'diagnostics-localstack', { modal: true });
    } finally {
      await app.close();
    }
  }, 90_000);
});
