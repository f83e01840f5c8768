/**
 * The audit view: entries appear after a write (newest first, with action and outcome), filters
 * and paging are main's, an export is written by main (the page learns only where and how many),
 * and the chain badge reports a line edited on disk. Real Chromium, real router and audit log.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumUnavailable, openApp } from '../harness';
import { backendOf, seedAcme, type Backend } from './fixtures/backend';
import { axeViolations, canary, card, checkScreen, expectNoLeak, isFocused, ready } from './fixtures/page';

const unavailable = chromiumUnavailable();
const SEEDED_VALUES = ['sk-proj-seeded-openai', 'ghp_seeded', 'seeded-deepgram', 'sk_live_seeded', 'ntn_seeded', 'ntn_bulk_', 'ghp_refused'];

/** seedAcme, 20 rotations of globex's Notion token, and one write refused (the secret is scheduled for deletion). */
async function seedHistory(backend: Backend): Promise<void> {
  await seedAcme(backend);
  for (let i = 0; i < 20; i += 1) await backend.call('writeSecret', { orgId: 'globex', secretName: 'notion_api_token', value: `ntn_bulk_${i}` });
  await expect(backend.call('writeSecret', { orgId: 'acme', secretName: 'github_token', value: 'ghp_refused' })).rejects.toThrow(/SCHEDULED_FOR_DELETION/);
}

async function openAudit(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Audit log', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
  await page.getByTestId('audit-verification').waitFor();
}

/** The rows in the DOM (the table is virtualised: only those in view and a few more). */
function rows(page: Page): Locator {
  return page.locator('tbody tr[data-seq]');
}

async function rowFacts(page: Page): Promise<{ action: string | null; outcome: string | null; text: string }[]> {
  return rows(page).evaluateAll((trs) => trs.map((tr) => ({ action: tr.getAttribute('data-action'), outcome: tr.getAttribute('data-outcome'), text: tr.textContent ?? '' })));
}

async function range(page: Page): Promise<string | null> {
  return page.getByTestId('audit-range').textContent();
}

/** yyyy-mm-dd of today + days, in local time (what a date input takes). */
function day(days: number): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

describe.skipIf(unavailable !== null)(`the audit view${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('lists a write made in the UI first, filters and pages through main, and exports files that hold no value', async () => {
    const app = await openApp({ before: async (host) => seedHistory(backendOf(host)) });
    const { page } = app;
    try {
      await ready(page);
      const anthropic = card(page, 'anthropic_api_key');
      await anthropic.getByRole('button', { name: 'Add Key: Anthropic API Key' }).click();
      const value = canary('sk-ant-');
      await anthropic.getByLabel('Value', { exact: true }).fill(value);
      // No provider to reach from here: saved without the live check (recorded as "not checked").
      await anthropic.getByLabel('Check this key with Anthropic before saving').uncheck();
      await anthropic.getByRole('button', { name: 'Save', exact: true }).click();
      await expect.poll(() => anthropic.getAttribute('data-state')).toBe('configured');

      // From the keyboard: the sidebar's "Audit log" entry opens the screen.
      await page.getByRole('button', { name: 'Audit log', exact: true }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
      await rows(page).first().waitFor();
      expect(await page.getByTestId('audit-verification').getAttribute('data-state')).toBe('ok');
      expect(await range(page)).toBe('Entries 1–56 of 56, newest first');
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await checkScreen(page, 'audit-view');
      const [newest, attempt] = await rowFacts(page);
      expect(newest).toMatchObject({ action: 'secret.write', outcome: 'success' });
      expect(newest?.text).toContain('agentfoundry/dev/acme/shared/anthropic_api_key');
      expect(newest?.text).toContain('Key added');
      expect(attempt).toMatchObject({ action: 'secret.write', outcome: 'attempt' });
      // 56 entries on the page, only those in view (and a few more) in the DOM.
      expect(await rows(page).count()).toBeLessThan(40);
      const region = page.getByRole('region', { name: /^Audit entries 1–56 of 56/ });
      await region.focus();
      await page.keyboard.press('End');
      await page.locator('tbody tr[data-seq="1"]').waitFor();
      expect(await region.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
      await page.keyboard.press('Home');
      await page.locator('tbody tr[data-seq="56"]').waitFor();

      // Who: the caller's whole ARN is a disclosure in the row, reached with Tab and opened with Enter.
      const newestRow = page.locator('tbody tr[data-seq="56"]');
      const arn = newestRow.locator('summary');
      await page.keyboard.press('Tab');
      await expect.poll(() => isFocused(arn)).toBe(true);
      expect(await arn.textContent()).toBe('Caller ARN: user/foundry-embedded-vault');
      const fullArn = newestRow.getByText(/^arn:aws:iam::\d{12}:user\/foundry-embedded-vault$/);
      expect(await fullArn.isVisible()).toBe(false);
      await page.keyboard.press('Enter');
      await expect.poll(() => fullArn.isVisible()).toBe(true);
      expect(await axeViolations(page)).toEqual([]);
      await page.keyboard.press('Enter');
      await expect.poll(() => fullArn.isVisible()).toBe(false);
      await region.focus();

      const form = page.getByRole('form', { name: 'Filter the audit log' });
      const apply = form.getByRole('button', { name: 'Apply' });
      // Outcome: the one refused write, with its error code.
      await form.getByLabel('Outcome').selectOption('failure');
      await apply.click();
      await expect.poll(() => range(page)).toBe('Entries 1–1 of 1, newest first');
      const [failure] = await rowFacts(page);
      expect(failure).toMatchObject({ action: 'secret.write', outcome: 'failure' });
      expect(failure?.text).toContain('SCHEDULED_FOR_DELETION');
      expect(failure?.text).toContain('agentfoundry/dev/acme/shared/github_token');

      // Organization: checked as typed with the naming rules; then globex's 2 + 40 entries.
      await form.getByLabel('Outcome').selectOption('');
      const org = form.getByLabel('Organization');
      await org.fill('Glo bex');
      await form.getByText('The organization id must not contain spaces or other whitespace.').waitFor();
      expect(await org.getAttribute('aria-invalid')).toBe('true');
      expect(await apply.isDisabled()).toBe(true);
      await org.fill('globex');
      await apply.click();
      await expect.poll(() => range(page)).toBe('Entries 1–42 of 42, newest first');
      expect(new Set((await rowFacts(page)).map((r) => r.action))).toEqual(new Set(['secret.write', 'secret.rotate']));

      // Secret id and action.
      await org.fill('');
      const secretId = form.getByLabel('Secret id');
      await secretId.fill('acme/openai_api_key');
      await form.getByText(/^The secret id must be a secret id of this app/).waitFor();
      await secretId.fill('agentfoundry/dev/acme/shared/github_token');
      await form.getByLabel('Action').selectOption('secret.remove');
      await apply.click();
      await expect.poll(() => range(page)).toBe('Entries 1–2 of 2, newest first');
      expect((await rowFacts(page)).map((r) => r.outcome)).toEqual(['success', 'attempt']);
      expect(await axeViolations(page)).toEqual([]);

      // Dates: whole local days; an inverted range is refused inline, a future one matches nothing.
      await form.getByRole('button', { name: 'Clear the filters' }).click();
      await expect.poll(() => range(page)).toBe('Entries 1–56 of 56, newest first');
      await form.getByLabel('From').fill(day(1));
      await form.getByLabel('To (inclusive)').fill(day(0));
      await form.getByText('The start date must not be after the end date.').waitFor();
      await form.getByLabel('To (inclusive)').fill(day(2));
      await apply.click();
      await page.getByText('No audit entry matches these filters.').waitFor();
      expect(await range(page)).toBe('No entries');
      await form.getByLabel('From').fill(day(0));
      await form.getByLabel('To (inclusive)').fill(day(0));
      await apply.click();
      await expect.poll(() => range(page)).toBe('Entries 1–56 of 56, newest first');

      // Paging, by main: 50 per page.
      await page.getByLabel('Per page').selectOption('50');
      await expect.poll(() => range(page)).toBe('Entries 1–50 of 56, newest first');
      await page.getByRole('button', { name: 'Older' }).click();
      await expect.poll(() => range(page)).toBe('Entries 51–56 of 56, newest first');
      expect(await rows(page).count()).toBe(6);
      expect(await page.getByRole('button', { name: 'Older' }).isDisabled()).toBe(true);
      await page.getByRole('button', { name: 'Newer' }).click();
      await expect.poll(() => range(page)).toBe('Entries 1–50 of 56, newest first');

      // Export (of the applied filters): main writes the file; the page shows where, and how many.
      const exportDir = path.join(app.userDataDir, 'exports');
      await org.fill('acme');
      await apply.click();
      await expect.poll(() => range(page)).toBe('Entries 1–14 of 14, newest first');
      for (const format of ['csv', 'json'] as const) {
        await page.getByLabel('Export as').selectOption(format);
        await page.getByRole('button', { name: 'Export 14 entries…' }).click();
        const result = page.getByTestId('audit-export-result');
        await expect.poll(() => result.textContent()).toMatch(new RegExp(`^Saved 14 entries to .*\\.${format}$`));
        const saved = (await result.locator('code').textContent()) ?? '';
        expect(path.dirname(saved)).toBe(exportDir);
        const text = await fs.readFile(saved, 'utf8');
        if (format === 'csv') expect(text.trimEnd().split('\r\n')).toHaveLength(15);
        else expect(JSON.parse(text)).toMatchObject({ format: 'foundry-secrets-audit', count: 14 });
        for (const secret of [value, ...SEEDED_VALUES]) expect(text.includes(secret), `${format} export holds ${secret}`).toBe(false);
      }
      expect((await fs.readdir(exportDir)).length).toBe(2);
      await expectNoLeak(page, value);
    } finally {
      await app.close();
    }
  });

  it('shows an interrupted append as harmless, and an entry edited on disk as a broken chain', async () => {
    const app = await openApp({ before: async (host) => seedAcme(backendOf(host)) });
    const { page } = app;
    try {
      await ready(page);
      await openAudit(page);
      const badge = page.getByTestId('audit-verification');
      expect(await badge.getAttribute('data-state')).toBe('ok');
      expect(await badge.textContent()).toContain('Chain verified');
      expect(await badge.textContent()).toContain('12 entries in 1 file');

      // A line cut short at the end (the app stopped mid-append): not a problem, but shown.
      const file = path.join(app.userDataDir, 'audit', 'audit-000001.jsonl');
      await fs.appendFile(file, '{"seq":13,"time":"20');
      await page.getByRole('button', { name: 'Refresh the audit log' }).click();
      await expect.poll(() => badge.getAttribute('data-state')).toBe('torn');
      expect(await badge.textContent()).toContain('1 interrupted append at the end of a file');

      // One entry edited in place: its outcome changed from success to failure.
      const lines = (await fs.readFile(file, 'utf8')).split('\n');
      expect(lines[1]).toContain('"outcome":"success"');
      lines[1] = (lines[1] ?? '').replace('"outcome":"success"', '"outcome":"failure"');
      await fs.writeFile(file, lines.join('\n'));
      await page.reload();
      await ready(page);
      await openAudit(page);
      await expect.poll(() => badge.getAttribute('data-state')).toBe('problems');
      expect(await badge.getAttribute('role')).toBe('alert');
      expect(await badge.textContent()).toMatch(/Chain broken: \d+ problems?\./);
      expect(await badge.getByRole('listitem').first().textContent()).toMatch(/^audit-000001\.jsonl:2 \(hash-mismatch\): /);
      await checkScreen(page, 'audit-tampered');
    } finally {
      await app.close();
    }
  });
});
