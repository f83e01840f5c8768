/**
 * The drift view in real Chromium, over an embedded vault seeded with planted differences between
 * dev and prod (and 1,500 orgs in dev only): sides and threshold, Compare, the counts as filter
 * toggles and as text, the virtualised table and its keys, search, the CSV export (status only),
 * "Open write form" on the right side (the active profile, another saved profile, or no profile at
 * all for an env override), and axe in both themes at 1280×800 and 800×600.
 *
 * One app for the whole file; the tests run in order and each says what the previous ones left.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumUnavailable, horizontalOverflow, openApp, storeSnapshot, type OpenedApp } from '../harness';
import { backendOf, turnOffKeyChecks } from './fixtures/backend';
import { BULK_ORGS, EXPECTED, SEEDED_VALUE_PREFIX, seedDrift, SKEW_DAYS, type SeededDrift } from './fixtures/drift-seed';
import { card, checkScreen, expectNoLeak, focusedName, isFocused, recordIpc, settle } from './fixtures/page';

const unavailable = chromiumUnavailable();
const SMALL = { width: 800, height: 600 } as const;
const LARGE = { width: 1280, height: 800 } as const;
const MISSING_IN_PROD = BULK_ORGS + 3;
const ALL_FINDINGS = BULK_ORGS + Object.keys(EXPECTED).length;

const grid = (page: Page) => page.getByRole('grid', { name: 'Drift findings' });
const row = (page: Page, key: string) => grid(page).locator(`[role="row"][data-finding="${key}"]`);
const toggle = (page: Page, key: string) => page.locator(`[data-count-key="${key}"]`);
/** A toggle's words, its no-break spaces (which keep the count with its label) read as spaces. */
const toggleText = async (page: Page, key: string): Promise<string> => ((await toggle(page, key).textContent()) ?? '').replace(/\u00a0/g, ' ');
const rowCount = async (page: Page): Promise<number> => Number(await grid(page).getAttribute('aria-rowcount'));

/** The findings of the rows in the DOM, top to bottom (only those rendered: the table is virtualised). */
async function renderedRows(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[role="grid"] [role="row"][data-finding]')]
      .sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index))
      .map((r) => r.dataset.finding ?? ''),
  );
}

const focusedFinding = (page: Page): Promise<string> => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.finding ?? '');

async function showDrift(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Drift', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Drift' }).waitFor();
}

async function compared(page: Page): Promise<void> {
  await page.locator('[data-testid="drift-status"][data-state="complete"]').waitFor({ timeout: 20_000 });
}

/** The store's data (JSON snapshot), typed as far as these tests read it. */
async function state(page: Page): Promise<{ view: string; selectedOrgId: string | null; selectedDomainId: string; openForm: string | null; profiles: { data: { activeId: string } } }> {
  return (await storeSnapshot(page)) as never;
}

describe.skipIf(unavailable !== null)(`the drift view${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let seeded: SeededDrift;
  let app: OpenedApp;
  let page: Page;

  beforeAll(async () => {
    seeded = await seedDrift();
    app = await openApp({
      userDataDir: seeded.dir,
      before: async (host) => {
        const backend = backendOf(host);
        await turnOffKeyChecks(backend);
        // A second saved profile of the same vault whose own env is prod (writable: a second, confirmed save).
        const prod = { kind: 'embedded', id: 'prod-vault', name: 'Production vault', env: 'prod', readOnly: false } as const;
        await backend.call('saveProfile', { profile: prod });
        await backend.call('saveProfile', { profile: prod });
        // A backend that cannot be listed: nothing answers on port 9.
        await backend.call('saveProfile', { profile: { kind: 'localstack', id: 'ls-down', name: 'LocalStack (down)', env: 'dev', readOnly: false, endpoint: 'http://127.0.0.1:9', region: 'us-east-1' } });
      },
    });
    page = app.page;
    page.setDefaultTimeout(10_000);
  }, 60_000);

  afterAll(async () => {
    try {
      await app?.close();
    } finally {
      if (seeded) await rm(seeded.dir, { recursive: true, force: true });
    }
  });

  it('starts from the active profile on the left and its prod on the right; a bad threshold is kept and stops Compare', async () => {
    await showDrift(page);
    expect(await page.getByRole('button', { name: 'Drift', exact: true }).getAttribute('aria-current')).toBe('page');
    const leftSide = page.getByRole('group', { name: 'Left side' });
    const rightSide = page.getByRole('group', { name: 'Right side' });
    expect(await leftSide.getByLabel('Profile').inputValue()).toBe('embedded');
    expect(await leftSide.getByLabel('Env').inputValue()).toBe('dev');
    expect(await rightSide.getByLabel('Profile').inputValue()).toBe('embedded');
    expect(await rightSide.getByLabel('Env').inputValue()).toBe('prod');
    await page.getByText('The app cannot read values, so it can’t copy one: you type it on the side that lacks it.').waitFor();

    const skew = page.getByLabel('Skew threshold (days)');
    expect(await skew.inputValue()).toBe('30');
    const ipc = recordIpc(page);
    await skew.fill('30x');
    await page.getByRole('alert').filter({ hasText: 'Use whole days' }).waitFor();
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    await settle(page);
    // Nothing sent, nothing lost: the text stays as typed and the field has the focus.
    expect(ipc).not.toContain('compareDrift');
    expect(await skew.inputValue()).toBe('30x');
    expect(await isFocused(skew)).toBe(true);
    expect(await skew.getAttribute('aria-invalid')).toBe('true');
    await skew.fill('0');
    await page.getByRole('alert').filter({ hasText: 'at least 1 day' }).waitFor();
    await skew.fill('30');
    expect(await skew.getAttribute('aria-invalid')).toBeNull();

    // Both sides the same: said before anything is sent, and the right side's env takes the focus.
    await rightSide.getByLabel('Env').selectOption('dev');
    await page.getByRole('alert').filter({ hasText: 'Both sides are the same profile and env' }).waitFor();
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    await settle(page);
    expect(ipc).not.toContain('compareDrift');
    expect(await isFocused(rightSide.getByLabel('Env'))).toBe(true);
    await rightSide.getByLabel('Env').selectOption('prod');
    expect(await page.getByRole('alert').filter({ hasText: 'Both sides are the same' }).count()).toBe(0);
  });

  it('compares dev with prod: every planted difference found, counted per kind and side, nothing else', async () => {
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    await compared(page);
    expect(await toggleText(page, 'missing:right')).toBe(`Missing in prod · ${MISSING_IN_PROD.toLocaleString('en-US')}`);
    expect(await toggleText(page, 'missing:left')).toBe('Missing in dev · 1');
    expect(await toggleText(page, 'scheduled:right')).toBe('Scheduled in prod · 1');
    expect(await toggleText(page, 'skew:right')).toBe('Changed in prod > 30 days after dev · 1');
    // Kinds and sides without findings have no toggle.
    expect(await page.locator('[data-count-key]').count()).toBe(4);
    expect(await page.getByTestId('drift-counts-text').textContent()).toBe(
      `Missing in dev: 1. Missing in prod: ${MISSING_IN_PROD.toLocaleString('en-US')}. Scheduled in prod: 1. Changed in prod > 30 days after dev: 1.`,
    );

    // Every finding counts, few are in the DOM.
    expect(await rowCount(page)).toBe(ALL_FINDINGS + 1);
    const rendered = await renderedRows(page);
    expect(rendered.length).toBeGreaterThan(3);
    expect(rendered.length).toBeLessThan(60);
    expect(rendered.slice(0, 3)).toEqual(['acme/shared/github_token', 'acme/shared/openai_api_key', 'acme/support/deepgram_api_key']);

    // Each planted finding, in words, with what each side has.
    for (const [key, want] of Object.entries(EXPECTED)) {
      await page.getByLabel('Search by org, domain or secret').fill(key);
      await expect.poll(() => renderedRows(page), { message: key }).toEqual([key]);
      expect(await row(page, key).getAttribute('data-kind'), key).toBe(want.kind);
      expect(await row(page, key).getAttribute('data-side'), key).toBe(want.side);
    }
    await page.getByLabel('Search by org, domain or secret').fill('');
    await expect.poll(() => rowCount(page)).toBe(ALL_FINDINGS + 1);
    const cells = async (key: string) => row(page, key).locator('[role="gridcell"]').allTextContents();
    expect(await cells('acme/shared/openai_api_key')).toEqual([
      'acme',
      'shared',
      'openai_api_key',
      `configured, last changed ${SKEW_DAYS} days ago`,
      'configured, last changed today',
      `Changed in prod ${SKEW_DAYS} days after dev`,
    ]);
    expect(await cells('acme/shared/github_token')).toEqual(['acme', 'shared', 'github_token', 'configured, last changed today', 'missing', 'Missing in prod']);
    // Within the 30-day threshold (10 days apart), same on both sides, scheduled on both: not drift.
    expect(await row(page, 'acme/shared/elevenlabs_api_key').count()).toBe(0);
    expect(await row(page, 'acme/shared/anthropic_api_key').count()).toBe(0);

    // No value anywhere in the page: DOM, store, accessibility tree, console.
    await expectNoLeak(page, SEEDED_VALUE_PREFIX);
    await checkScreen(page, 'drift-1280');
  });

  it('filters by the count toggles (union) and by search; the filters show what matches', async () => {
    await toggle(page, 'scheduled:right').getByRole('checkbox').check();
    await expect.poll(() => renderedRows(page)).toEqual(['globex/shared/openai_api_key']);
    const date = new Date(seeded.scheduledDeletion).toISOString().slice(0, 10);
    expect(await row(page, 'globex/shared/openai_api_key').locator('[role="gridcell"]').nth(4).textContent()).toBe(`scheduled for deletion on ${date}`);
    await toggle(page, 'missing:left').getByRole('checkbox').check();
    await expect.poll(() => renderedRows(page)).toEqual(['globex/shared/openai_api_key', 'umbrella/shared/openai_api_key']);
    expect(await page.getByTestId('drift-shown').textContent()).toBe(`2 of ${ALL_FINDINGS.toLocaleString('en-US')} findings match.`);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => rowCount(page)).toBe(ALL_FINDINGS + 1);

    await page.getByLabel('Search by org, domain or secret').fill('initech');
    await expect.poll(() => renderedRows(page)).toEqual(['initech/shared/stripe_api_key']);
    await page.getByLabel('Search by org, domain or secret').fill('');
    await expect.poll(() => rowCount(page)).toBe(ALL_FINDINGS + 1);
  });

  it('is driven by the keyboard: one tab stop, arrows, Home/End, Page Down; the selected finding is described in full', async () => {
    await page.getByLabel('Search by org, domain or secret').focus();
    // Past "Clear filters"-less filters: the next tab stops are the grid's one row.
    await page.keyboard.press('Tab');
    expect(await focusedFinding(page)).toBe('acme/shared/github_token');
    expect(await grid(page).locator('[tabindex="0"]').count()).toBe(1);
    await page.keyboard.press('ArrowDown');
    expect(await focusedFinding(page)).toBe('acme/shared/openai_api_key');
    expect(await page.getByTestId('drift-selected').textContent()).toContain(`Changed in prod ${SKEW_DAYS} days after dev`);
    await page.keyboard.press('End');
    await expect.poll(() => focusedFinding(page)).toBe('umbrella/shared/openai_api_key');
    expect((await renderedRows(page)).length).toBeLessThan(60);
    await page.keyboard.press('Home');
    await expect.poll(() => focusedFinding(page)).toBe('acme/shared/github_token');
    await page.keyboard.press('PageDown');
    await expect.poll(async () => (await focusedFinding(page)).startsWith('bulk-')).toBe(true);
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    expect(await focusedFinding(page)).toBe('acme/shared/openai_api_key');
  });

  it('exports the report as CSV through main, with the kinds the toggles show: status only, the path shown', async () => {
    await toggle(page, 'scheduled:right').getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Export scheduled as CSV…' }).click();
    const result = page.getByTestId('drift-export-result');
    await expect.poll(() => result.textContent()).toContain('1 finding saved to');
    const dir = path.join(seeded.dir, 'exports');
    const files = (await readdir(dir)).filter((name) => name.endsWith('.csv'));
    expect(files).toHaveLength(1);
    const file = files[0] ?? '';
    expect((await result.textContent()) ?? '').toContain(file);
    const csv = await readFile(path.join(dir, file), 'utf8');
    const lines = csv.trim().split(/\r?\n/);
    // A header and the one scheduled finding.
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('globex');
    expect(csv).not.toContain(SEEDED_VALUE_PREFIX);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => rowCount(page)).toBe(ALL_FINDINGS + 1);
  });

  it('opens a skew on the side changed earlier: the active profile, straight to its write form', async () => {
    // The tab stop is still on acme's OpenAI key (the skew): Enter acts on it.
    await row(page, 'acme/shared/openai_api_key').focus();
    expect(await page.getByTestId('drift-open').textContent()).toBe('Open write form on dev');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'acme' }).waitFor();
    const s = await state(page);
    expect([s.view, s.profiles.data.activeId, s.selectedOrgId, s.selectedDomainId, s.openForm]).toEqual(['secrets', 'embedded', 'acme', 'shared', 'openai_api_key']);
    await expect.poll(() => isFocused(card(page, 'openai_api_key').getByLabel('New value', { exact: true }))).toBe(true);
  });

  it('opens a secret missing in prod through the saved prod profile: switched the normal way, the form ready', async () => {
    await showDrift(page);
    // The report is as it was left.
    expect(await rowCount(page)).toBe(ALL_FINDINGS + 1);
    await row(page, 'acme/support/deepgram_api_key').click();
    const open = page.getByTestId('drift-open');
    expect(await open.textContent()).toBe('Open write form on prod');
    await open.click();
    await page.getByRole('heading', { level: 1, name: 'acme' }).waitFor();
    await expect.poll(async () => (await state(page)).profiles.data.activeId).toBe('prod-vault');
    const s = await state(page);
    expect([s.view, s.selectedOrgId, s.selectedDomainId, s.openForm]).toEqual(['secrets', 'acme', 'support', 'deepgram_api_key']);
    await expect.poll(() => isFocused(card(page, 'deepgram_api_key').getByLabel('Value', { exact: true }))).toBe(true);
  });

  it('opens a secret scheduled in prod on its card, with Restore; a custom secret missing there gets its own form', async () => {
    await showDrift(page);
    // Back on the view: the finding opened last is still the selected one, scrolled into view.
    const last = row(page, 'acme/support/deepgram_api_key');
    expect(await last.getAttribute('tabindex')).toBe('0');
    const [rowBox, gridBox] = await Promise.all([last.boundingBox(), grid(page).boundingBox()]);
    expect(rowBox && gridBox && rowBox.y >= gridBox.y && rowBox.y + rowBox.height <= gridBox.y + gridBox.height).toBe(true);
    // globex comes after the 1,500 bulk orgs: found by search.
    await page.getByLabel('Search by org, domain or secret').fill('globex');
    await row(page, 'globex/shared/openai_api_key').click();
    const open = page.getByTestId('drift-open');
    expect(await open.textContent()).toBe('Open on prod to restore');
    await open.click();
    await page.getByRole('heading', { level: 1, name: 'globex' }).waitFor();
    await expect.poll(() => focusedName(page)).toBe('Restore: OpenAI API Key');
    expect(await card(page, 'openai_api_key').getByRole('textbox').count()).toBe(0);

    await showDrift(page);
    await page.getByLabel('Search by org, domain or secret').fill('initech');
    await row(page, 'initech/shared/stripe_api_key').click();
    await page.getByTestId('drift-open').click();
    await page.getByRole('heading', { level: 1, name: 'initech' }).waitFor();
    const s = await state(page);
    expect([s.profiles.data.activeId, s.selectedOrgId, s.openForm]).toEqual(['prod-vault', 'initech', 'stripe_api_key']);
    await expect.poll(() => isFocused(card(page, 'stripe_api_key').getByLabel('Value', { exact: true }))).toBe(true);
  });

  it('keeps the sides compared across the switch; an env no profile owns gets no form, with the reason', async () => {
    await showDrift(page);
    await page.getByLabel('Search by org, domain or secret').fill('');
    const rightSide = page.getByRole('group', { name: 'Right side' });
    expect(await page.getByRole('group', { name: 'Left side' }).getByLabel('Profile').inputValue()).toBe('embedded');
    expect(await rightSide.getByLabel('Env').inputValue()).toBe('prod');
    await rightSide.getByLabel('Env').selectOption('staging');
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    await expect.poll(() => toggleText(page, 'missing:right')).toContain('Missing in staging');
    await row(page, 'acme/shared/github_token').click();
    expect(await page.getByTestId('drift-open').isDisabled()).toBe(true);
    expect(await page.getByTestId('drift-open-why').textContent()).toBe('No profile writes to staging of this backend: add one in Profiles.');
  });

  it('shows the comparison while it lists, and Cancel stops it by the request id the window chose', async () => {
    const ipc = recordIpc(page);
    let compareBody: { requestId?: string } = {};
    let cancelBody: { requestId?: string } = {};
    let release: () => void = () => undefined;
    const cancelled = new Promise<void>((resolve) => {
      release = resolve;
    });
    // compareDrift held (a listing in flight) until the window asks to cancel it; then answered as main does.
    await page.route('**/ipc/compareDrift', async (route) => {
      compareBody = route.request().postDataJSON() as { requestId?: string };
      await cancelled;
      const none = { missing: 0, scheduled: 0, skew: 0 };
      const report = { requestId: compareBody.requestId, driftId: crypto.randomUUID(), state: 'cancelled', skewDays: 30, compared: 0, counts: { left: none, right: none }, findings: [], truncated: false, generatedAt: Date.now() };
      await route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: true, value: report }) });
    });
    await page.route('**/ipc/cancelDrift', async (route) => {
      cancelBody = route.request().postDataJSON() as { requestId?: string };
      release();
      await route.continue();
    });
    try {
      await page.getByRole('button', { name: 'Refresh: list both sides again' }).click();
      await page.locator('[data-testid="drift-status"][data-state="running"]').waitFor();
      expect(await page.getByTestId('drift-status').textContent()).toBe('Listing both sides again…');
      expect(await page.getByRole('button', { name: 'Compare', exact: true }).count()).toBe(0);
      await page.getByRole('button', { name: 'Cancel', exact: true }).click();
      await page.locator('[data-testid="drift-status"][data-state="cancelled"]').waitFor();
      expect(await page.getByTestId('drift-status').textContent()).toBe('Comparison cancelled: nothing was compared. Press Compare to start again.');
      expect(compareBody.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(cancelBody.requestId).toBe(compareBody.requestId);
      expect(ipc.filter((c) => c === 'compareDrift' || c === 'cancelDrift')).toEqual(['compareDrift', 'cancelDrift']);
    } finally {
      await page.unroute('**/ipc/compareDrift');
      await page.unroute('**/ipc/cancelDrift');
    }
    await page.getByRole('button', { name: 'Compare', exact: true }).waitFor();
  });

  it('says when the answer holds only the first findings, and that the export has all', async () => {
    // Main answers at most 200,000 findings; a report this large is answered here as main would, cut short.
    await page.route('**/ipc/compareDrift', async (route) => {
      const body = route.request().postDataJSON() as { requestId?: string };
      const finding = (secretName: string) => ({ orgId: 'acme', domainId: 'shared', secretName, kind: 'missing', side: 'right', left: { hasValue: true, lastChangedAt: Date.now() } });
      const none = { missing: 0, scheduled: 0, skew: 0 };
      const report = {
        requestId: body.requestId,
        driftId: crypto.randomUUID(),
        state: 'complete',
        skewDays: 30,
        compared: 250_000,
        counts: { left: none, right: { ...none, missing: 250_000 } },
        findings: [finding('a_key'), finding('b_key')],
        truncated: true,
        generatedAt: Date.now(),
      };
      await route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: true, value: report }) });
    });
    try {
      await page.getByRole('button', { name: 'Compare', exact: true }).click();
      await compared(page);
      expect(await page.getByTestId('drift-status').textContent()).toMatch(/: 250,000 differ\.$/);
      expect(await page.getByTestId('drift-truncated').textContent()).toBe('Showing the first 2 of 250,000 findings; the export has all.');
      expect(await rowCount(page)).toBe(3);
      await checkScreen(page, 'drift-truncated');
    } finally {
      await page.unroute('**/ipc/compareDrift');
    }
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    await compared(page);
    expect(await page.getByTestId('drift-truncated').count()).toBe(0);
  });

  it('says which side could not be listed, why, and what to do', async () => {
    const rightSide = page.getByRole('group', { name: 'Right side' });
    // The env chosen (staging) stays with the new profile: only the profile changed.
    await rightSide.getByLabel('Profile').selectOption('ls-down');
    expect(await rightSide.getByLabel('Env').inputValue()).toBe('staging');
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    await page.locator('[data-testid="drift-status"][data-state="failed"]').waitFor({ timeout: 20_000 });
    const alert = page.getByTestId('drift-status').getByRole('alert');
    expect(await alert.textContent()).toContain('Could not list the right side (profile “LocalStack (down)”, staging)');
    expect(await alert.getAttribute('data-error-code')).toBe('UNREACHABLE');
    expect(await grid(page).count()).toBe(0);
    await checkScreen(page, 'drift-failed');
    await rightSide.getByLabel('Profile').selectOption('embedded');
    await rightSide.getByLabel('Env').selectOption('staging');
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    await compared(page);
  });

  it('fits 800×600 without the page scrolling sideways, and passes axe in light and dark there', async () => {
    await page.setViewportSize(SMALL);
    await settle(page);
    expect((await horizontalOverflow(page, 'main')).page).toBe(0);
    // Nothing sticks out of the main panel (the table's rows are checked below).
    const outside = await page.evaluate(() => {
      const main = document.querySelector('main');
      if (!main) return ['no main'];
      const limit = main.getBoundingClientRect().right;
      return [...main.querySelectorAll('*')]
        .filter((node) => !node.closest('[data-testid="drift-grid"]') && !node.closest('.sr-only'))
        .filter((node) => node.getBoundingClientRect().width > 0 && node.getBoundingClientRect().right > limit + 0.5)
        .map((node) => `${node.tagName.toLowerCase()}.${String(node.getAttribute('class')).slice(0, 50)}`);
    });
    expect(outside).toEqual([]);
    const gridBox = await grid(page).boundingBox();
    expect(gridBox && gridBox.x + gridBox.width <= SMALL.width).toBe(true);
    // Every cell's content is inside its row and inside the table's visible box: no column is cut off.
    const overflowing = await grid(page).evaluate((box) => {
      const limit = box.getBoundingClientRect();
      const right = limit.left + box.clientWidth;
      const found: string[] = [];
      for (const row of box.querySelectorAll('[role="row"]')) {
        const rowBox = row.getBoundingClientRect();
        for (const cell of row.querySelectorAll('[role="gridcell"], [role="columnheader"]')) {
          const r = cell.getBoundingClientRect();
          const out = r.right > right + 0.5 || r.left < limit.left - 0.5 || r.top < rowBox.top - 0.5 || r.bottom > rowBox.bottom + 0.5 || cell.scrollWidth > cell.clientWidth + 1;
          if (out) found.push(`${row.getAttribute('aria-rowindex')}: ${cell.textContent}`);
        }
      }
      return found;
    });
    expect(overflowing).toEqual([]);
    // At least 6 rows show at once under the header.
    const shown = await grid(page).evaluate((box) => {
      const row = box.querySelector('[role="row"][data-index]');
      const header = box.querySelector('[role="row"]:not([data-index])');
      return row && header ? (box.clientHeight - header.getBoundingClientRect().height) / row.getBoundingClientRect().height : 0;
    });
    expect(shown).toBeGreaterThanOrEqual(6);
    await checkScreen(page, 'drift-800');
    // The main panel scrolls down to the table.
    await grid(page).scrollIntoViewIfNeeded();
    await checkScreen(page, 'drift-800-table');
    await page.setViewportSize(LARGE);
  });
});
