/**
 * Moving around: orgs (search, add), domains and the fallback to `shared`, the filter box, and a
 * profile switch that drops a half-typed value.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { BrowserHost } from '../../../src/browser-host/server';
import { startFakeLocalStack } from '../../fakes/fake-localstack';
import { chromiumUnavailable, openApp } from '../harness';
import { backendOf, seedAcme } from './fixtures/backend';
import { canary, card, checkScreen, expectNoLeak, focusedName, isFocused, ready, settle } from './fixtures/page';

/** The smallest window the app supports, and what the organization list must keep there. */
const SMALL = { width: 800, height: 600 } as const;
const MIN_VISIBLE_ROWS = 5;
/** Seeding 200 organizations goes through the real handlers (each add is audited and fsync'ed). */
const SEEDED_TIMEOUT = 60_000;

async function addTenants(host: BrowserHost, count: number): Promise<void> {
  const backend = backendOf(host);
  for (let i = 0; i < count; i += 1) await backend.call('addOrg', { orgId: `tenant-${String(i).padStart(3, '0')}` });
}

/**
 * Where the organization list is: its scroll box, the rows wholly inside it, whether the box is
 * inside the window, and how far the page itself could scroll (0: it cannot).
 */
async function orgListLayout(page: Page) {
  return page.evaluate(() => {
    const scroller = document.querySelector('[data-testid="org-list-scroller"]');
    if (!scroller) throw new Error('no organization list on the page');
    const box = scroller.getBoundingClientRect();
    const visibleRows = [...scroller.querySelectorAll<HTMLElement>('button[data-org-id]')]
      .filter((row) => {
        const r = row.getBoundingClientRect();
        return r.height > 0 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
      })
      .map((row) => row.dataset.orgId ?? '');
    const root = document.documentElement;
    return {
      height: box.height,
      inWindow: box.top >= 0 && box.bottom <= innerHeight + 0.5 && box.left >= 0 && box.right <= innerWidth + 0.5,
      visibleRows,
      pageScroll: { vertical: root.scrollHeight - root.clientHeight, horizontal: root.scrollWidth - root.clientWidth, scrolled: scrollY },
    };
  });
}

/** The organization the focused element is a row of ('' when focus is not on a row). */
function focusedOrg(page: Page): Promise<string> {
  return page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.orgId ?? '');
}

async function expectUsableList(page: Page, what: string): Promise<void> {
  // Rows follow a scroll on the next frame (the list renders what the scroll event says is in view).
  await expect.poll(async () => (await orgListLayout(page)).visibleRows.length, { message: `${what}: rows in view` }).toBeGreaterThanOrEqual(MIN_VISIBLE_ROWS);
  const layout = await orgListLayout(page);
  expect(layout.pageScroll, `${what}: the page itself does not scroll`).toEqual({ vertical: 0, horizontal: 0, scrolled: 0 });
  expect(layout.inWindow, `${what}: the list is inside the window`).toBe(true);
  expect(layout.visibleRows.length, `${what}: rows in view (${layout.visibleRows.join(', ')})`).toBeGreaterThanOrEqual(MIN_VISIBLE_ROWS);
}

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

  it('keeps a long organization list usable at 800×600: in view, clickable, one Tab stop, arrow keys', async () => {
    const app = await openApp({ before: async (host) => addTenants(host, 200) });
    const { page } = app;
    try {
      await ready(page, 'tenant-000');
      await page.setViewportSize(SMALL);
      await expect.poll(async () => (await orgListLayout(page)).visibleRows.length).toBeGreaterThanOrEqual(MIN_VISIBLE_ROWS);
      await expectUsableList(page, '800×600');
      const orgs = page.getByRole('list', { name: 'Organizations' });
      expect(await page.getByRole('heading', { name: 'Organizations (200)' }).count()).toBe(1);
      expect(await orgs.getByRole('button').count()).toBeLessThan(60);
      // Added by hand, so each row says so, and the selected one can be removed from the list.
      expect(await orgs.getByRole('button', { name: /^tenant-000/ }).textContent()).toBe('tenant-000added by hand (kept in this app only),0 secrets');

      // A click on a row in view opens it.
      await orgs.getByRole('button', { name: /^tenant-003/ }).click();
      await ready(page, 'tenant-003');

      // One Tab stop: from the search box, Tab lands on the selected row, and the next Tab leaves the list.
      await page.getByLabel('Search organizations').focus();
      await page.keyboard.press('Tab');
      expect(await focusedOrg(page)).toBe('tenant-003');
      await page.keyboard.press('Tab');
      expect(await focusedOrg(page)).toBe('');
      expect(await focusedName(page)).toBe('Remove tenant-003…');
      await page.keyboard.press('Shift+Tab');
      expect(await focusedOrg(page)).toBe('tenant-003');

      // Inside: arrows, Page Down, End and Home move the focus (the list scrolls along); Enter opens.
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      expect(await focusedOrg(page)).toBe('tenant-005');
      await page.keyboard.press('PageDown');
      await expect.poll(() => focusedOrg(page)).toMatch(/^tenant-0(0[89]|1\d)$/);
      await page.keyboard.press('End');
      await expect.poll(() => focusedOrg(page)).toBe('tenant-199');
      expect((await orgListLayout(page)).visibleRows).toContain('tenant-199');
      await page.keyboard.press('ArrowUp');
      await expect.poll(() => focusedOrg(page)).toBe('tenant-198');
      await page.keyboard.press('Enter');
      await ready(page, 'tenant-198');
      // Focus left and came back: the Tab stop is the selected row, scrolled into view.
      await page.getByLabel('Search organizations').focus();
      await page.keyboard.press('Tab');
      expect(await focusedOrg(page)).toBe('tenant-198');
      await page.keyboard.press('Home');
      await expect.poll(() => focusedOrg(page)).toBe('tenant-000');
      // Up from the first row stays there, and does not come back to take the focus later.
      await page.keyboard.press('ArrowUp');
      expect(await focusedOrg(page)).toBe('tenant-000');
      const search = page.getByLabel('Search organizations');
      await search.focus();
      await search.fill('tenant-00');
      await expect.poll(() => page.getByRole('list', { name: 'Organizations' }).getByRole('button').count()).toBe(10);
      await settle(page);
      expect(await isFocused(search)).toBe(true);
      await search.fill('');
      // Scrolled away from the selected row, Tab still reaches it (its row stays rendered).
      await page.getByLabel('Search organizations').focus();
      await page.keyboard.press('Tab');
      expect(await focusedOrg(page)).toBe('tenant-198');
      await expectUsableList(page, 'after moving through the list');
      await checkScreen(page, 'org-list-800x600');
    } finally {
      await app.close();
    }
  }, SEEDED_TIMEOUT);

  it('leaves the organization list where it was scrolled when the list changes behind it (review finding)', async () => {
    const app = await openApp({ before: async (host) => addTenants(host, 60) });
    const { page } = app;
    try {
      await ready(page, 'tenant-000');
      const scroller = page.locator('[data-testid="org-list-scroller"]');
      await scroller.evaluate((box) => box.scrollTo({ top: box.scrollHeight }));
      await expect.poll(async () => (await orgListLayout(page)).visibleRows).toContain('tenant-059');
      const scrolled = await scroller.evaluate((box) => box.scrollTop);
      expect(scrolled).toBeGreaterThan(0);
      // A write through main (as a job or a matrix cell does) reaches the window as a fleet event and
      // gives the list a new answer: a key more for tenant-050.
      await backendOf(app.host).call('writeSecret', { orgId: 'tenant-050', secretName: 'openai_api_key', value: 'sk-written-elsewhere' });
      const secretsOf050 = () =>
        page.evaluate(() => (JSON.parse(globalThis.__FOUNDRY_STATE__ ?? '{}') as { orgs?: { data?: { orgs?: { orgId: string; secretCount?: number }[] } } }).orgs?.data?.orgs?.find((org) => org.orgId === 'tenant-050')?.secretCount);
      await expect.poll(secretsOf050, { timeout: 10_000 }).toBe(1);
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      expect(await scroller.evaluate((box) => box.scrollTop)).toBe(scrolled);
    } finally {
      await app.close();
    }
  }, SEEDED_TIMEOUT);

  it('keeps the list in place at 800×600 while adding an organization, and scrolls the new one into view', async () => {
    const app = await openApp({ before: async (host) => addTenants(host, 200) });
    const { page } = app;
    try {
      await ready(page, 'tenant-000');
      await page.setViewportSize(SMALL);
      await page.getByRole('button', { name: 'Add organization' }).click();
      const form = page.getByRole('form', { name: 'Add organization' });
      const orgId = form.getByLabel('Organization id');
      await orgId.fill('Zeta Corp');
      expect(await form.getByRole('alert').textContent()).toContain('must not contain spaces');
      await expectUsableList(page, 'with the Add organization form open and a problem shown');
      await checkScreen(page, 'org-list-add-form-800x600');

      // Sorted last, far below the rows in view: after adding, it is selected, in view and focused.
      await orgId.fill('zeta-corp');
      await form.getByRole('button', { name: 'Add', exact: true }).click();
      await ready(page, 'zeta-corp');
      await expect.poll(() => focusedOrg(page)).toBe('zeta-corp');
      const layout = await orgListLayout(page);
      expect(layout.visibleRows).toContain('zeta-corp');
      expect(await page.getByRole('list', { name: 'Organizations' }).getByRole('button', { name: /^zeta-corp/ }).getAttribute('aria-current')).toBe('true');
      await expectUsableList(page, 'after adding');

      // Picking one already listed selects it and scrolls to it too; Escape cancels back to the button.
      await page.getByRole('button', { name: 'Add organization' }).click();
      await form.getByLabel('Organization id').fill('tenant-100');
      await form.getByRole('button', { name: 'Add', exact: true }).click();
      await ready(page, 'tenant-100');
      await expect.poll(() => focusedOrg(page)).toBe('tenant-100');
      expect((await orgListLayout(page)).visibleRows).toContain('tenant-100');
      await page.getByRole('button', { name: 'Add organization' }).click();
      await page.keyboard.press('Escape');
      expect(await form.count()).toBe(0);
      // Focus goes back on the next frame (the button is rendered again first): wait for it, under load too.
      await expect.poll(() => isFocused(page.getByRole('button', { name: 'Add organization' }))).toBe(true);
    } finally {
      await app.close();
    }
  }, SEEDED_TIMEOUT);

  it('keeps the list in place at 800×600 when the connection test fails, and shows the error', async () => {
    const localstack = await startFakeLocalStack();
    const app = await openApp({
      before: async (host) => {
        await backendOf(host).useProfile({ kind: 'localstack', id: 'ls', name: 'LocalStack', env: 'dev', readOnly: false, endpoint: localstack.endpoint, region: 'us-east-1' });
        await addTenants(host, 200);
      },
    });
    const { page } = app;
    try {
      await ready(page, 'tenant-000');
      await page.setViewportSize(SMALL);
      await localstack.close();
      await page.getByRole('button', { name: 'Test connection' }).click();
      const error = page.getByTestId('sidebar-top').getByRole('alert');
      await error.first().waitFor();
      expect(await error.first().textContent()).toContain(localstack.endpoint);
      // The error is shown in the sidebar's own scrolling part, brought into view there.
      const seen = await error.first().evaluate((node) => {
        const pane = node.closest('[data-testid="sidebar-top"]')?.getBoundingClientRect();
        const box = node.getBoundingClientRect();
        return pane !== undefined && box.top < pane.bottom && box.bottom > pane.top;
      });
      expect(seen).toBe(true);
      await expectUsableList(page, 'with a connection error');
      await page.getByRole('list', { name: 'Organizations' }).getByRole('button', { name: /^tenant-002/ }).click();
      await page.getByRole('heading', { level: 1, name: 'tenant-002' }).waitFor();
    } finally {
      await app.close();
    }
  }, SEEDED_TIMEOUT);

  it('removes organizations added by hand, by keyboard, saying what happens to their secrets', async () => {
    const app = await openApp({
      before: async (host) => {
        const backend = backendOf(host);
        await seedAcme(backend);
        await backend.call('addOrg', { orgId: 'acme-new' });
        await backend.call('addOrg', { orgId: 'initech' });
        await backend.call('writeSecret', { orgId: 'initech', secretName: 'notion_api_token', value: 'ntn_seeded_initech' });
        await backend.call('addOrg', { orgId: 'umbrella' });
      },
    });
    const { page, host } = app;
    const orgs = page.getByRole('list', { name: 'Organizations' });
    const names = () => orgs.getByRole('button').evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.orgId));
    try {
      await ready(page);
      expect(await names()).toEqual(['acme', 'acme-new', 'globex', 'initech', 'umbrella']);
      // Found in secret names: no Remove button, and Delete does nothing.
      expect(await page.getByRole('button', { name: /^Remove / }).count()).toBe(0);
      await page.getByLabel('Search organizations').focus();
      await page.keyboard.press('Tab');
      expect(await focusedOrg(page)).toBe('acme');
      await page.keyboard.press('Delete');
      expect(await page.getByRole('alertdialog').count()).toBe(0);

      // No secret yet: the confirmation says removing only takes it off the list.
      await page.keyboard.press('ArrowDown');
      expect(await focusedOrg(page)).toBe('acme-new');
      await page.keyboard.press('Delete');
      const dialog = page.getByRole('alertdialog', { name: 'Remove acme-new from the list?' });
      await dialog.waitFor();
      expect(await dialog.textContent()).toContain('acme-new has no secrets yet; removing it only takes it off this list.');
      await checkScreen(page, 'remove-org-dialog', { modal: true });
      // Escape says no: focus is back on the row.
      await page.keyboard.press('Escape');
      await expect.poll(() => focusedOrg(page)).toBe('acme-new');
      await page.keyboard.press('Delete');
      await dialog.waitFor();
      // Focus starts on Cancel; Tab, then Enter, confirms.
      await page.keyboard.press('Tab');
      expect(await focusedName(page)).toBe('Remove from list');
      await page.keyboard.press('Enter');
      await expect.poll(names).toEqual(['acme', 'globex', 'initech', 'umbrella']);
      expect(await dialog.count()).toBe(0);
      await expect.poll(() => focusedOrg(page)).not.toBe('');

      // With a secret: reached through the selected row's visible Remove button.
      await orgs.getByRole('button', { name: /^initech/ }).focus();
      await page.keyboard.press('Enter');
      await ready(page, 'initech');
      await page.keyboard.press('Tab');
      expect(await focusedName(page)).toBe('Remove initech…');
      await page.keyboard.press('Enter');
      const withSecret = page.getByRole('alertdialog', { name: 'Remove initech from the list?' });
      await withSecret.waitFor();
      expect(await withSecret.textContent()).toContain('its 1 secret is untouched');

      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      // Still listed (found in secret names), no longer marked as added, and its secret untouched.
      await expect.poll(() => orgs.getByRole('button', { name: /^initech/ }).textContent()).toBe('initech1 secrets');
      expect(await names()).toEqual(['acme', 'globex', 'initech', 'umbrella']);
      expect(await page.getByRole('button', { name: /^Remove / }).count()).toBe(0);
      await orgs.getByRole('button', { name: /^initech/ }).click();
      await ready(page, 'initech');
      expect(await card(page, 'notion_api_token').getAttribute('data-state')).toBe('configured');
      expect((await backendOf(host).call('listOrgs', {})).orgs.find((org) => org.orgId === 'initech')).toMatchObject({ added: false, secretCount: 1 });

      // Removed elsewhere meanwhile: main answers NOT_FOUND, said in the dialog, which stays open.
      await orgs.getByRole('button', { name: /^umbrella/ }).focus();
      await page.keyboard.press('Delete');
      const gone = page.getByRole('alertdialog', { name: 'Remove umbrella from the list?' });
      await gone.waitFor();
      await backendOf(host).call('removeOrg', { orgId: 'umbrella' });
      await gone.getByRole('button', { name: 'Remove from list' }).click();
      await gone.getByRole('alert').waitFor();
      expect(await gone.getByRole('alert').textContent()).toContain('Not removed');
      await gone.getByRole('button', { name: 'Cancel' }).click();
      expect(await gone.count()).toBe(0);
    } finally {
      await app.close();
    }
  });
});
