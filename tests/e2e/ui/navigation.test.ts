/**
 * Moving around: orgs (search, add), domains and the fallback to `shared`, the filter box, and a
 * profile switch that drops a half-typed value.
 */
import { describe, expect, it } from 'vitest';
import { chromiumUnavailable, openApp } from '../harness';
import { backendOf, seedAcme } from './fixtures/backend';
import { canary, card, checkScreen, expectNoLeak, focusedName, ready } from './fixtures/page';

const unavailable = chromiumUnavailable();

describe.skipIf(unavailable !== null)(`navigating the UI${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('shows a domain falling back to shared, and a domain key overriding it', async () => {
    const app = await openApp({ before: async (host) => seedAcme(backendOf(host)) });
    const { page } = app;
    try {
      await ready(page);
      await page.getByLabel('Domain', { exact: true }).selectOption('support');
      await page.getByRole('heading', { level: 1, name: 'acme' }).waitFor();
      const openai = card(page, 'openai_api_key');
      await expect.poll(() => openai.getAttribute('data-state')).toBe('inherited');
      expect(await openai.textContent()).toContain('Inherited from shared');
      expect(await openai.textContent()).toContain('agentfoundry/dev/acme/shared/openai_api_key');
      expect(await openai.getByTestId('secret-id').textContent()).toBe('agentfoundry/dev/acme/support/openai_api_key');
      // The shared custom secret is inherited too; the domain's own key is configured.
      expect(await card(page, 'stripe_api_key').getAttribute('data-state')).toBe('inherited');
      expect(await card(page, 'deepgram_api_key').getAttribute('data-state')).toBe('configured');
      await checkScreen(page, 'domain-inheritance');

      // Override the shared key for this domain only.
      await openai.getByRole('button', { name: 'Add Key: OpenAI API Key' }).click();
      const value = canary();
      await openai.getByLabel('Value', { exact: true }).fill(value);
      await openai.getByLabel('Check this key with OpenAI before saving').uncheck();
      // An inherited key is new in this domain: "Save", not "Save & Overwrite".
      await openai.getByRole('button', { name: 'Save', exact: true }).click();
      await expect.poll(() => openai.getAttribute('data-state')).toBe('configured');

      // A new domain: its name is checked as it is typed.
      await page.getByRole('button', { name: 'Add domain' }).click();
      const newDomain = page.getByLabel('New domain id');
      await newDomain.fill('Billing Team');
      expect(await page.getByRole('form', { name: 'Add domain' }).getByRole('alert').textContent()).toContain('must not contain spaces');
      await newDomain.fill('billing');
      await page.getByRole('button', { name: 'Open', exact: true }).click();
      await expect.poll(() => page.getByLabel('Domain', { exact: true }).inputValue()).toBe('billing');
      await expect.poll(() => card(page, 'openai_api_key').getAttribute('data-state')).toBe('inherited');
      await expectNoLeak(page, value);
    } finally {
      await app.close();
    }
  });

  it('filters the secrets, with an empty state that clears the filter', async () => {
    const app = await openApp({ before: async (host) => seedAcme(backendOf(host)) });
    const { page } = app;
    try {
      await ready(page);
      const filter = page.getByLabel('Filter secrets');
      await filter.fill('livekit');
      await expect.poll(() => page.locator('article[data-secret]').count()).toBe(2);
      expect(await page.getByRole('heading', { name: /Infrastructure/ }).count()).toBe(1);
      expect(await page.getByRole('heading', { name: /LLM providers/i }).count()).toBe(0);
      await filter.fill('claude');
      await expect.poll(() => page.locator('article[data-secret]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-secret')))).toEqual(['anthropic_api_key']);
      await filter.fill('stripe');
      await expect.poll(() => page.locator('article[data-secret]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-secret')))).toEqual(['stripe_api_key']);
      await filter.fill('no-such-thing');
      await page.getByText('No secret matches the filter “no-such-thing”.').waitFor();
      expect(await page.locator('article[data-secret]').count()).toBe(0);
      await checkScreen(page, 'filter-empty');
      await page.getByRole('button', { name: 'Clear the filter' }).click();
      await expect.poll(() => page.locator('article[data-secret]').count()).toBe(10);
    } finally {
      await app.close();
    }
  });

  it('keeps the card with an open write form on screen whatever the filter, and says so', async () => {
    const app = await openApp({ before: async (host) => seedAcme(backendOf(host)) });
    const { page } = app;
    try {
      await ready(page);
      const openai = card(page, 'openai_api_key');
      await openai.getByRole('button', { name: 'Rotate Key: OpenAI API Key' }).click();
      const value = canary();
      await openai.getByLabel('New value').fill(value);

      // A filter the card does not match hides every other card, not this one: the value stays.
      await page.getByLabel('Filter secrets').fill('livekit');
      const shown = () => page.locator('article[data-secret]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-secret')));
      await expect.poll(shown).toEqual(['openai_api_key', 'livekit_api_key', 'livekit_api_secret']);
      const note = openai.getByText('Kept on screen while its form is open: it does not match the filter.');
      expect(await note.isVisible()).toBe(true);
      expect(await openai.getByLabel('New value').inputValue()).toBe(value);
      await checkScreen(page, 'filter-pinned-form');
      // Nothing matches: the open form's card is still there, so there is no empty state.
      await page.getByLabel('Filter secrets').fill('no-such-thing');
      await expect.poll(shown).toEqual(['openai_api_key']);
      expect(await page.getByText(/^No secret matches/).count()).toBe(0);
      expect(await openai.getByLabel('New value').inputValue()).toBe(value);

      // Closed, the card follows the filter again.
      await openai.getByRole('button', { name: 'Cancel' }).click();
      await expect.poll(shown).toEqual([]);
      await page.getByText('No secret matches the filter “no-such-thing”.').waitFor();
      await expectNoLeak(page, value);
    } finally {
      await app.close();
    }
  });

  it('searches and adds organizations, refusing invalid ids inline', async () => {
    const app = await openApp({ before: async (host) => seedAcme(backendOf(host)) });
    const { page } = app;
    try {
      await ready(page);
      const orgs = page.getByRole('list', { name: 'Organizations' });
      expect(await orgs.getByRole('button').allTextContents()).toEqual(['acme3 secrets', 'globex1 secrets']);
      await page.getByLabel('Search organizations').fill('glob');
      await expect.poll(() => orgs.getByRole('button').count()).toBe(1);
      await orgs.getByRole('button', { name: /globex/ }).click();
      await ready(page, 'globex');
      expect(await card(page, 'notion_api_token').getAttribute('data-state')).toBe('configured');
      await page.getByLabel('Search organizations').fill('');

      await page.getByRole('button', { name: 'Add organization' }).click();
      const form = page.getByRole('form', { name: 'Add organization' });
      const orgId = form.getByLabel('Organization id');
      await orgId.fill('Initech');
      expect(await form.getByRole('alert').textContent()).toContain('must be lower-case');
      await orgId.fill('initech');
      expect(await form.getByRole('alert').count()).toBe(0);
      await form.getByRole('button', { name: 'Add' }).click();
      await ready(page, 'initech');
      expect(await orgs.getByRole('button', { name: /initech/ }).getAttribute('aria-current')).toBe('true');
      expect(await card(page, 'openai_api_key').getAttribute('data-state')).toBe('not-configured');
    } finally {
      await app.close();
    }
  });

  it('renders only the visible rows of a long organization list, and moves through it with the keys', async () => {
    const app = await openApp({
      before: async (host) => {
        const backend = backendOf(host);
        for (let i = 0; i < 150; i += 1) await backend.call('addOrg', { orgId: `tenant-${String(i).padStart(3, '0')}` });
      },
    });
    const { page } = app;
    try {
      await ready(page, 'tenant-000');
      const orgs = page.getByRole('list', { name: 'Organizations' });
      expect(await page.getByRole('heading', { name: 'Organizations (150)' }).count()).toBe(1);
      expect(await orgs.getByRole('button').count()).toBeLessThan(60);
      await orgs.getByRole('button', { name: /tenant-000/ }).focus();
      await page.keyboard.press('End');
      await expect.poll(() => focusedName(page)).toContain('tenant-149');
      await page.keyboard.press('ArrowUp');
      await expect.poll(() => focusedName(page)).toContain('tenant-148');
      await page.keyboard.press('Enter');
      await ready(page, 'tenant-148');
      await page.keyboard.press('Home');
      await expect.poll(() => focusedName(page)).toContain('tenant-000');
      await page.getByLabel('Search organizations').fill('tenant-07');
      await expect.poll(() => orgs.getByRole('button').count()).toBe(10);
    } finally {
      await app.close();
    }
  });

  it('drops a half-typed value when the profile, org or domain changes', async () => {
    const app = await openApp({
      before: async (host) => {
        const backend = backendOf(host);
        await seedAcme(backend);
        await backend.call('saveProfile', { profile: { kind: 'embedded', id: 'staging', name: 'Staging vault', env: 'staging', readOnly: false } });
      },
    });
    const { page } = app;
    try {
      await ready(page);
      const typeInto = async (secretName: string, label: string): Promise<string> => {
        const value = canary();
        const target = card(page, secretName);
        await target.getByRole('button', { name: new RegExp(`^(Add|Rotate) Key: ${label}$`) }).click();
        await target.locator('input[type="password"]').fill(value);
        return value;
      };

      const domainValue = await typeInto('openai_api_key', 'OpenAI API Key');
      await page.getByLabel('Domain', { exact: true }).selectOption('support');
      await expect.poll(() => page.locator('input[type="password"]').count()).toBe(0);
      await expectNoLeak(page, domainValue);

      await ready(page);
      const orgValue = await typeInto('openai_api_key', 'OpenAI API Key');
      await page.getByRole('list', { name: 'Organizations' }).getByRole('button', { name: /globex/ }).click();
      await ready(page, 'globex');
      expect(await page.locator('input[type="password"]').count()).toBe(0);
      await expectNoLeak(page, orgValue);

      const profileValue = await typeInto('notion_api_token', 'Notion API Token');
      await page.getByLabel('Active profile').selectOption('staging');
      await page.getByRole('heading', { level: 1, name: 'No organization yet' }).waitFor();
      expect(await page.locator('input[type="password"]').count()).toBe(0);
      await expectNoLeak(page, profileValue);
      await checkScreen(page, 'no-organization');
    } finally {
      await app.close();
    }
  });
});
