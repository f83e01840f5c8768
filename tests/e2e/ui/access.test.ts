/**
 * The Least privilege screen: reached from the nav by keyboard, the policy follows role, env and
 * org as chosen (env defaults to the active profile's), bad account/region refused inline without
 * a policy, Copy puts the exact JSON on the clipboard, Save… writes main's own generation of it
 * through the browser host's save dialog stand-in, the active profile's blind self-check is shown,
 * and axe finds nothing in light and dark, also at 800×600. Real Chromium against the browser host.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { generatePolicy, policyJson } from '../../../src/shared/iam-policy';
import { chromiumUnavailable, horizontalOverflow, openApp } from '../harness';
import { backendOf, seedAcme } from './fixtures/backend';
import { checkScreen, isFocused, settle, tabTo } from './fixtures/page';

const unavailable = chromiumUnavailable();

async function openAccessByKeyboard(page: Page): Promise<void> {
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await tabTo(page, 'Least privilege');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Least privilege' }).waitFor();
}

const policyText = (page: Page) => page.getByRole('region', { name: 'Policy JSON' }).textContent();

describe.skipIf(unavailable !== null)(`the least privilege screen${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('generates the policy as chosen, copies it, saves it through main, and shows the self-check', async () => {
    const app = await openApp({ before: async (host) => seedAcme(backendOf(host)) });
    const { page } = app;
    try {
      await app.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.host.origin });
      await openAccessByKeyboard(page);
      expect(await page.getByRole('button', { name: 'Least privilege', exact: true }).getAttribute('aria-current')).toBe('page');

      // Defaults: support, the active (embedded, dev) profile's env, every org, any account and region.
      const env = page.getByLabel('Environment', { exact: true });
      expect(await env.inputValue()).toBe('dev');
      expect(await page.getByRole('radio', { name: /^Support/ }).isChecked()).toBe(true);
      expect(JSON.parse((await policyText(page)) ?? '')).toEqual(generatePolicy({ role: 'support', env: 'dev' }).policy);
      const caveats = page.getByTestId('policy-caveats');
      expect(await caveats.locator('[data-caveat="list-account-wide"]').textContent()).toMatch(/ListSecrets takes no resource-level permission/);

      // Admin for one org, by keyboard: arrow keys move between the role radios.
      await page.getByRole('radio', { name: /^Support/ }).focus();
      await page.keyboard.press('ArrowLeft');
      expect(await page.getByRole('radio', { name: /^Admin/ }).isChecked()).toBe(true);
      await page.getByLabel('Organization (optional)', { exact: true }).fill('acme');
      await env.selectOption('prod');
      await page.getByLabel('AWS account (optional)', { exact: true }).fill('123456789012');
      await page.getByLabel('Region (optional)', { exact: true }).fill('eu-central-1');
      const options = { role: 'admin', env: 'prod', org: 'acme', account: '123456789012', region: 'eu-central-1' } as const;
      const expected = policyJson(generatePolicy(options).policy);
      await expect.poll(() => policyText(page)).toBe(expected);
      expect(expected).toContain('arn:aws:secretsmanager:eu-central-1:123456789012:secret:agentfoundry/prod/acme/*');
      expect(await caveats.locator('[data-caveat="kms"]').count()).toBe(1);
      expect(await caveats.locator('[data-caveat="unpinned"]').count()).toBe(0);

      // The policy block is reachable by keyboard (it scrolls) and never wraps an ARN.
      const block = page.getByRole('region', { name: 'Policy JSON' });
      expect(await block.evaluate((node) => getComputedStyle(node).whiteSpace)).toBe('pre');
      await block.focus();
      expect(await isFocused(block)).toBe(true);

      // Copy: the exact JSON on the clipboard.
      await page.getByRole('button', { name: 'Copy the policy JSON' }).click();
      await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(expected);

      // Save…: main generates it again and writes it where the (stand-in) dialog says.
      await page.getByRole('button', { name: 'Save…' }).click();
      const file = path.join(app.userDataDir, 'exports', 'foundry-iam-admin-prod-acme.json');
      await expect.poll(() => page.getByTestId('notice').textContent()).toContain(`IAM policy saved to ${file}.`);
      expect(await fs.readFile(file, 'utf8')).toBe(expected);

      // The blind self-check of the active profile: the embedded vault has no IAM to ask.
      const selfCheck = page.getByTestId('self-check');
      await selfCheck.waitFor();
      expect(await selfCheck.getAttribute('data-profile')).toBe('embedded');
      await page.locator('#main').evaluate((main) => main.scrollTo(0, 0));
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await checkScreen(page, 'access-admin-org');

      // Bad input: refused inline, named next to its field, and no policy shown.
      const account = page.getByLabel('AWS account (optional)', { exact: true });
      await account.fill('12345');
      const problem = page.getByRole('alert').filter({ hasText: '12-digit' });
      expect(await problem.textContent()).toBe('The account must be a 12-digit AWS account id, such as 123456789012.');
      expect(await account.getAttribute('aria-invalid')).toBe('true');
      expect((await account.getAttribute('aria-describedby'))?.split(' ')).toContain(await problem.getAttribute('id'));
      expect(await page.getByRole('region', { name: 'Policy JSON' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Save…' }).count()).toBe(0);
      await page.getByLabel('Organization (optional)', { exact: true }).fill('Acme/x');
      expect(await page.getByRole('alert').filter({ hasText: 'organization id' }).textContent()).not.toContain('Acme/x');
      await page.getByLabel('Organization (optional)', { exact: true }).fill('');
      await account.fill('');
      await settle(page);
      await expect.poll(() => policyText(page)).toBe(policyJson(generatePolicy({ role: 'admin', env: 'prod', region: 'eu-central-1' }).policy));
    } finally {
      await app.close();
    }
  });

  it('fits an 800×600 window in dark, with no horizontal page overflow and axe clean', async () => {
    const app = await openApp({ colorScheme: 'dark' });
    const { page } = app;
    try {
      await page.setViewportSize({ width: 800, height: 600 });
      await openAccessByKeyboard(page);
      await page.getByLabel('Organization (optional)', { exact: true }).fill('a-very-long-organization-id-that-should-not-wrap');
      await page.getByRole('radio', { name: /^Admin/ }).check();
      await page.getByTestId('self-check').waitFor();
      expect(await horizontalOverflow(page, 'main')).toEqual({ page: 0, offenders: [] });
      await checkScreen(page, 'access-small');
    } finally {
      await app.close();
    }
  });
});
