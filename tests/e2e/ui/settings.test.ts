/**
 * The Settings screen's live key checks: turned off and on, provider base URLs checked as typed
 * (an unsafe one is refused inline and never saved), reset to the default, a failed save that
 * keeps the draft, the audit entry each save leaves, and an 800×600 window. Also: the audit view
 * says what a write's key check found. Real Chromium against the browser host (real router,
 * settings store and audit log).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumUnavailable, openApp } from '../harness';
import { backendOf, seedAcme } from './fixtures/backend';
import { checkScreen, isFocused, ready, settle, tabTo } from './fixtures/page';

const unavailable = chromiumUnavailable();

async function openSettingsByKeyboard(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await tabTo(page, 'Settings');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
}

describe.skipIf(unavailable !== null)(`the settings screen${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('turns key checks off and sets base URLs, refusing unsafe ones inline; each save is audited', async () => {
    const app = await openApp({ before: async (host) => seedAcme(backendOf(host)) });
    const { page } = app;
    const backend = backendOf(app.host);
    const stored = async () => (await backend.call('getKeyCheckSettings', {})).settings;
    try {
      await ready(page);
      expect(await stored()).toEqual({ enabled: true, baseUrls: {} });
      await openSettingsByKeyboard(page);
      expect(await page.getByRole('button', { name: 'Settings', exact: true }).getAttribute('aria-current')).toBe('page');
      const form = page.getByRole('form', { name: 'Live key checks' });
      const save = form.getByRole('button', { name: 'Save', exact: true });
      const toggle = form.getByRole('switch', { name: /^Check keys with their provider before saving/ });
      expect(await toggle.getAttribute('aria-checked')).toBe('true');
      expect(await save.isDisabled()).toBe(true);
      expect(await form.getByText('No changes to save.').count()).toBe(1);
      // Every provider, with its endpoint and secrets; n8n and LiveKit need an instance URL.
      const table = form.getByRole('table', { name: 'Providers checked, their endpoints and base URLs' });
      expect(await table.locator('tbody tr').count()).toBe(8);
      const openaiRow = table.locator('tr[data-provider="openai"]');
      expect(await openaiRow.textContent()).toContain('GET /v1/models');
      expect(await openaiRow.textContent()).toContain('openai_api_key');
      const openai = form.getByLabel('OpenAI Base URL', { exact: true });
      expect(await openai.getAttribute('placeholder')).toBe('https://api.openai.com');
      expect(await openaiRow.textContent()).toContain('In use: https://api.openai.com (the default).');
      expect(await form.getByLabel('n8n Instance URL (required for the check)', { exact: true }).inputValue()).toBe('');
      expect(await form.getByLabel('LiveKit Instance URL (required for the check)', { exact: true }).count()).toBe(1);

      // Off, from the keyboard: Space on the switch, Enter on Save.
      await toggle.focus();
      await page.keyboard.press('Space');
      expect(await toggle.getAttribute('aria-checked')).toBe('false');
      expect(await form.getByText('Unsaved changes.').count()).toBe(1);
      await save.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByTestId('notice').textContent()).toContain('Checks are off: no key is sent to a provider.');
      expect(await stored()).toEqual({ enabled: false, baseUrls: {} });
      expect(await save.isDisabled()).toBe(true);
      // Save disabled itself: the keyboard lands on the status line that says so, not on <body>.
      expect(await isFocused(form.getByText('Saved.', { exact: true }))).toBe(true);

      // A base URL on this machine (http is fine there).
      await openai.fill('http://127.0.0.1:9/openai');
      expect(await openai.getAttribute('aria-invalid')).toBe('false');
      expect(await openaiRow.textContent()).toContain('After saving: http://127.0.0.1:9/openai');
      await save.click();
      await expect.poll(stored).toEqual({ enabled: false, baseUrls: { openai: 'http://127.0.0.1:9/openai' } });
      await expect.poll(() => openaiRow.textContent()).toContain('In use: http://127.0.0.1:9/openai (yours; empty: the default).');

      // Cleartext to another host: refused as typed, named next to the field, nothing saved.
      const anthropic = form.getByLabel('Anthropic Base URL', { exact: true });
      await anthropic.fill('http://example.com');
      const anthropicRow = table.locator('tr[data-provider="anthropic"]');
      const problem = anthropicRow.getByRole('alert');
      expect(await problem.textContent()).toMatch(/^Use https:\/\/: a key would travel to this address in clear text\./);
      expect(await anthropic.getAttribute('aria-invalid')).toBe('true');
      const problemId = await problem.getAttribute('id');
      expect((await anthropic.getAttribute('aria-describedby'))?.split(' ')).toContain(problemId);
      expect(await save.isDisabled()).toBe(true);
      expect(await form.getByText('Fix the URL marked above to save.').count()).toBe(1);
      await anthropic.press('Enter');
      await settle(page);
      expect(await stored()).toEqual({ enabled: false, baseUrls: { openai: 'http://127.0.0.1:9/openai' } });

      // Credentials in the URL: refused, and the message does not repeat them.
      await anthropic.fill('https://user:pw@x.example');
      expect(await problem.textContent()).toMatch(/^Remove the user name and password from the URL/);
      expect(await problem.textContent()).not.toContain('pw');
      expect(await save.isDisabled()).toBe(true);
      await anthropicRow.evaluate((row) => row.scrollIntoView({ block: 'center' }));
      await checkScreen(page, 'settings-key-checks-invalid');
      const clearAnthropic = form.getByRole('button', { name: 'Reset: use the default Anthropic base URL' });
      await clearAnthropic.click();
      expect(await anthropic.inputValue()).toBe('');
      expect(await isFocused(anthropic)).toBe(true);
      expect(await problem.count()).toBe(0);
      expect(await anthropic.getAttribute('aria-invalid')).toBe('false');
      expect(await stored()).toEqual({ enabled: false, baseUrls: { openai: 'http://127.0.0.1:9/openai' } });

      // An n8n instance, and checks back on, in one save; the screenshots of the configured screen.
      await form.getByLabel('n8n Instance URL (required for the check)', { exact: true }).fill('https://n8n.acme.example');
      await toggle.click();
      await save.click();
      await expect.poll(stored).toEqual({ enabled: true, baseUrls: { openai: 'http://127.0.0.1:9/openai', n8n: 'https://n8n.acme.example' } });
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.locator('#main').evaluate((main) => main.scrollTo(0, 0));
      await checkScreen(page, 'settings-key-checks');

      // A failed save keeps the draft, says so, and can be retried.
      await page.route('**/ipc/saveKeyCheckSettings', (route) => route.abort('connectionreset'));
      await form.getByRole('button', { name: 'Clear the n8n instance URL' }).click();
      await form.getByRole('button', { name: 'Reset: use the default OpenAI base URL' }).click();
      expect(await openai.inputValue()).toBe('');
      await save.click();
      const error = form.locator('[data-error-code="UNREACHABLE"]');
      await error.waitFor();
      app.problems.splice(0, app.problems.length, ...app.problems.filter((p) => !p.includes('net::ERR_CONNECTION_RESET')));
      expect(await error.textContent()).toContain('Outcome unknown');
      expect(await openai.inputValue()).toBe('');
      expect(await form.getByLabel('n8n Instance URL (required for the check)', { exact: true }).inputValue()).toBe('');
      expect(await isFocused(save)).toBe(true);
      await page.unroute('**/ipc/saveKeyCheckSettings');
      await save.click();
      await expect.poll(stored).toEqual({ enabled: true, baseUrls: {} });
      await expect.poll(() => openaiRow.textContent()).toContain('In use: https://api.openai.com (the default).');
      expect(await error.count()).toBe(0);

      // The audit log has an entry per save.
      await page.getByRole('button', { name: 'Audit log', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
      const entries = page.locator('tbody tr[data-action="settings.key-checks"][data-outcome="success"]');
      await expect.poll(() => entries.count()).toBe(4);
      expect(await entries.first().textContent()).toContain('Key check settings changed');
      expect(await entries.first().textContent()).toContain('key check settings');
    } finally {
      await app.close();
    }
  });

  it('fits an 800×600 window: no sideways scrolling, Save within reach', async () => {
    const app = await openApp({ before: async (host) => seedAcme(backendOf(host)) });
    const { page } = app;
    try {
      await page.setViewportSize({ width: 800, height: 600 });
      await ready(page);
      await openSettingsByKeyboard(page);
      const form = page.getByRole('form', { name: 'Live key checks' });
      await form.getByLabel('LiveKit Instance URL (required for the check)', { exact: true }).fill('ftp://livekit.acme.example');
      await form.getByRole('alert').first().waitFor();
      const overflow = () =>
        page.evaluate(() => {
          const main = document.getElementById('main');
          const root = document.scrollingElement;
          return {
            page: root ? root.scrollWidth - root.clientWidth : -1,
            main: main ? main.scrollWidth - main.clientWidth : -1,
          };
        });
      expect(await overflow()).toEqual({ page: 0, main: 0 });
      // The table is stacked: no column headers, each cell with its own heading.
      expect(await form.locator('thead').isVisible()).toBe(false);
      await checkScreen(page, 'settings-narrow');

      await form.getByLabel('LiveKit Instance URL (required for the check)', { exact: true }).fill('https://livekit.acme.example');
      // The Save bar stays in view at the bottom of the window, whatever the scroll position.
      const save = form.getByRole('button', { name: 'Save', exact: true });
      const box = await save.boundingBox();
      expect(box).not.toBeNull();
      expect((box?.y ?? 600) + (box?.height ?? 0)).toBeLessThanOrEqual(600);
      expect(await save.isEnabled()).toBe(true);
      await tabTo(page, 'Save');
      await page.keyboard.press('Enter');
      await expect.poll(async () => (await backendOf(app.host).call('getKeyCheckSettings', {})).settings).toEqual({
        enabled: true,
        baseUrls: { livekit: 'https://livekit.acme.example' },
      });
      expect(await overflow()).toEqual({ page: 0, main: 0 });
    } finally {
      await app.close();
    }
  });

  it('shows in the audit view what the key check of a write found', async () => {
    const app = await openApp({
      before: async (host) => {
        await seedAcme(backendOf(host));
        await backendOf(host).call('writeSecret', { orgId: 'acme', secretName: 'openai_api_key', value: 'sk-x', check: false });
      },
    });
    const { page } = app;
    try {
      await ready(page);
      await page.getByRole('button', { name: 'Audit log', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
      const newest = page.locator('tbody tr[data-seq]').first();
      await newest.waitFor();
      expect(await newest.getAttribute('data-action')).toBe('secret.rotate');
      expect(await newest.getAttribute('data-outcome')).toBe('success');
      // One row per change; its details show both entries, and only the outcome records what the check found.
      await newest.getByRole('button', { name: /^Details:/ }).click();
      const details = page.locator(`tr[data-details-of="${await newest.getAttribute('data-seq')}"]`);
      await details.waitFor();
      const text = (await details.textContent()) ?? '';
      expect(text.match(/Key check/g)?.length).toBe(1);
      expect(text).toContain('Key checknot checked');
      expect(text).not.toContain('sk-x');
      expect(await newest.textContent()).not.toContain('sk-x');
    } finally {
      await app.close();
    }
  });
});
