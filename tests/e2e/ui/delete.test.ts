/**
 * Delete with a recovery window and restore; delete at once behind a typed confirmation; and the
 * dialogs' keyboard contract (focus trapped inside, Escape closes, focus returns).
 */
import { describe, expect, it } from 'vitest';
import { chromiumUnavailable, openApp } from '../harness';
import { backendOf, seedAcme } from './fixtures/backend';
import { card, checkScreen, focusedName, ready } from './fixtures/page';

const unavailable = chromiumUnavailable();
const DAY_MS = 24 * 3600 * 1000;

describe.skipIf(unavailable !== null)(`deleting and restoring in the UI${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('schedules a deletion with a chosen recovery window, then restores the secret', async () => {
    const app = await openApp({ before: async (host) => seedAcme(backendOf(host)) });
    const { page } = app;
    try {
      await ready(page);
      const openai = card(page, 'openai_api_key');
      await openai.getByRole('button', { name: 'Delete: OpenAI API Key' }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete OpenAI API Key?' });
      await dialog.waitFor();
      expect(await dialog.textContent()).toContain('agentfoundry/dev/acme/shared/openai_api_key');
      await checkScreen(page, 'delete-dialog', { modal: true });

      const days = dialog.getByLabel('Recovery window in days');
      const schedule = dialog.getByRole('button', { name: 'Schedule deletion' });
      expect(await days.inputValue()).toBe('30');
      for (const wrong of ['6', '31', '']) {
        await days.fill(wrong);
        expect(await schedule.isDisabled(), `window "${wrong}"`).toBe(true);
        expect(await dialog.getByRole('alert').textContent()).toMatch(/7 to 30/);
      }
      await days.fill('9');
      await schedule.click();
      await expect.poll(() => openai.getAttribute('data-state')).toBe('scheduled-for-deletion');
      // The Delete button that opened the dialog is gone now: focus goes to its card, not to the
      // page's body (review finding: a keyboard user had to start over from the top).
      const focusInCard = (): Promise<boolean> => openai.evaluate((node) => node === document.activeElement || node.contains(document.activeElement));
      await expect.poll(focusInCard).toBe(true);
      const expected = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(new Date(Date.now() + 9 * DAY_MS));
      expect(await openai.textContent()).toContain(`Scheduled for deletion on ${expected}`);
      // A scheduled secret cannot be written: only Restore is offered.
      expect(await openai.getByRole('button', { name: /Rotate Key|Add Key|Delete/ }).count()).toBe(0);

      await openai.getByRole('button', { name: 'Restore: OpenAI API Key' }).click();
      const confirm = page.getByRole('alertdialog', { name: 'Restore OpenAI API Key?' });
      await confirm.waitFor();
      expect(await confirm.textContent()).toContain(expected);
      await checkScreen(page, 'restore-dialog', { modal: true });
      await confirm.getByRole('button', { name: 'Restore' }).click();
      await expect.poll(() => openai.getAttribute('data-state')).toBe('configured');
      // Restore is gone too once restored: focus again in the card.
      await expect.poll(focusInCard).toBe(true);
      expect(await page.getByTestId('notice').textContent()).toContain('OpenAI API Key was restored');

      // The seeded scheduled secret restores the same way.
      const github = card(page, 'github_token');
      expect(await github.getAttribute('data-state')).toBe('scheduled-for-deletion');
    } finally {
      await app.close();
    }
  });

  it('deletes at once only after the secret name is typed', async () => {
    const app = await openApp({ before: async (host) => seedAcme(backendOf(host)) });
    const { page } = app;
    try {
      await ready(page);
      const stripe = card(page, 'stripe_api_key');
      await stripe.getByRole('button', { name: 'Delete: stripe_api_key' }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete stripe_api_key?' });
      await dialog.getByLabel('Delete immediately (cannot be undone)').check();
      const now = dialog.getByRole('button', { name: 'Delete now' });
      expect(await now.isDisabled()).toBe(true);
      const typed = dialog.getByLabel(/Type stripe_api_key to confirm/);
      await typed.fill('stripe_api_ke');
      expect(await now.isDisabled()).toBe(true);
      await typed.fill('STRIPE_API_KEY');
      expect(await now.isDisabled()).toBe(true);
      await typed.fill('stripe_api_key');
      await checkScreen(page, 'force-delete-dialog', { modal: true });
      await now.click();
      await expect.poll(() => dialog.count()).toBe(0);
      await expect.poll(() => stripe.getAttribute('data-state')).toBe('not-configured');
      const backend = backendOf(app.host);
      expect(await backend.call('getSecretStatus', { orgId: 'acme', secretName: 'stripe_api_key' })).toMatchObject({ state: 'not-configured' });
    } finally {
      await app.close();
    }
  });

  it('traps focus in a dialog, closes it on Escape and returns focus to its button', async () => {
    const app = await openApp({ before: async (host) => seedAcme(backendOf(host)) });
    const { page } = app;
    try {
      await ready(page);
      const button = card(page, 'openai_api_key').getByRole('button', { name: 'Delete: OpenAI API Key' });
      await button.focus();
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog', { name: 'Delete OpenAI API Key?' });
      await dialog.waitFor();
      for (let i = 0; i < 12; i += 1) {
        await page.keyboard.press('Tab');
        expect(await dialog.evaluate((node) => node.contains(document.activeElement))).toBe(true);
      }
      await page.keyboard.press('Escape');
      await expect.poll(() => dialog.count()).toBe(0);
      // Focus comes back once the dialog has unmounted; under load that can take a moment.
      await expect.poll(() => focusedName(page)).toBe('Delete: OpenAI API Key');
    } finally {
      await app.close();
    }
  });
});
