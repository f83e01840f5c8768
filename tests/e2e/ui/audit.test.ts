/**
 * The audit view: one row per change (attempt and outcome, paired by main), expandable to both
 * entries; filters that apply as they change (text after a pause), by secret name or id prefix,
 * org, action, outcome, actor and dates, with one "Clear filters"; profile switches hidden unless
 * asked; History on a card opens the audit on that secret; ids wrap only after "/" even at
 * 800×600; the chain badge reports a line edited on disk. Real Chromium, real router and audit log.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumUnavailable, horizontalOverflow, openApp } from '../harness';
import { backendOf, seedAcme, type Backend } from './fixtures/backend';
import { axeViolations, canary, card, checkScreen, expectNoLeak, isFocused, ready } from './fixtures/page';

const unavailable = chromiumUnavailable();
const SEEDED_VALUES = ['sk-proj-seeded-openai', 'ghp_seeded', 'seeded-deepgram', 'sk_live_seeded', 'ntn_seeded', 'ntn_bulk_', 'ghp_refused'];

/** seedAcme, 20 rotations of globex's Notion token, one write refused (the secret is scheduled for deletion), one profile switch. */
async function seedHistory(backend: Backend): Promise<void> {
  await seedAcme(backend);
  for (let i = 0; i < 20; i += 1) await backend.call('writeSecret', { orgId: 'globex', secretName: 'notion_api_token', value: `ntn_bulk_${i}` });
  await expect(backend.call('writeSecret', { orgId: 'acme', secretName: 'github_token', value: 'ghp_refused' })).rejects.toThrow(/SCHEDULED_FOR_DELETION/);
  await backend.call('selectProfile', { id: 'embedded' });
}

async function openAudit(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Audit log', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
  await page.getByTestId('audit-verification').waitFor();
}

/** The change rows in the DOM (the table is virtualised: only those in view and a few more). */
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

/**
 * For each rendered id under `selector`: the "/"-separated segments drawn on more than one line
 * (a mid-word wrap), measured from the text's client rects. Empty when every segment is whole.
 */
async function splitSegments(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((nodes) => {
    const split: string[] = [];
    for (const node of nodes) {
      const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
      for (let text = walker.nextNode(); text; text = walker.nextNode()) {
        const content = text.textContent ?? '';
        let start = 0;
        for (const segment of content.split(/(?<=[/:])/)) {
          const range = document.createRange();
          range.setStart(text, start);
          range.setEnd(text, start + segment.length);
          const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          if (lines.size > 1) split.push(segment);
          start += segment.length;
        }
      }
    }
    return split;
  });
}

describe.skipIf(unavailable !== null)(`the audit view${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('opens on a card\'s History, shows one expandable row per change, and filters as you change them', async () => {
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

      // History on the card, from the keyboard: the audit screen, filtered to exactly that secret.
      await anthropic.getByRole('button', { name: 'History: Anthropic API Key' }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
      const form = page.getByRole('form', { name: 'Filter the audit log' });
      const secret = form.getByLabel('Secret name or id prefix');
      expect(await secret.inputValue()).toBe('agentfoundry/dev/acme/shared/anthropic_api_key');
      await expect.poll(() => range(page)).toBe('Changes 1–1 of 1, newest first');
      expect(await page.getByTestId('audit-verification').getAttribute('data-state')).toBe('ok');
      const [written] = await rowFacts(page);
      expect(written).toMatchObject({ action: 'secret.write', outcome: 'success' });
      expect(written?.text).toContain('agentfoundry/dev/acme/shared/anthropic_api_key');

      // Collapsed, then opened from the keyboard on both entries' details; closed again.
      const disclosure = page.getByRole('button', { name: /^Details: Key added, agentfoundry\/dev\/acme\/shared\/anthropic_api_key$/ });
      expect(await disclosure.getAttribute('aria-expanded')).toBe('false');
      expect(await page.locator('tr[data-details-of]').count()).toBe(0);
      await disclosure.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => disclosure.getAttribute('aria-expanded')).toBe('true');
      const details = page.locator(`#${(await disclosure.getAttribute('aria-controls')) ?? 'none'}`);
      const attempt = details.getByRole('region', { name: /^Attempt \(entry \d+\)$/ });
      const outcome = details.getByRole('region', { name: /^Outcome \(entry \d+\)$/ });
      await attempt.waitFor();
      expect(await outcome.textContent()).toContain('Key checknot checked');
      expect(await outcome.textContent()).toMatch(/Caller ARNarn:aws:iam::\d{12}:user\/foundry-embedded-vault/);
      expect(await attempt.textContent()).toContain('OS user');
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await checkScreen(page, 'audit-history-expanded');
      await disclosure.focus();
      await page.keyboard.press('Space');
      await expect.poll(() => disclosure.getAttribute('aria-expanded')).toBe('false');
      expect(await page.locator('tr[data-details-of]').count()).toBe(0);

      // Clear filters: every change, the profile switch hidden; the toggle shows it.
      await form.getByRole('button', { name: 'Clear filters' }).click();
      await expect.poll(() => range(page)).toBe('Changes 1–28 of 28, newest first');
      expect(await secret.inputValue()).toBe('');
      expect(await form.getByRole('button', { name: 'Clear filters' }).isDisabled()).toBe(true);
      const switches = form.getByLabel('Show profile switches');
      expect(await switches.isChecked()).toBe(false);
      await switches.check();
      await expect.poll(() => range(page)).toBe('Changes 1–29 of 29, newest first');
      expect((await rowFacts(page))[1]).toMatchObject({ action: 'profile.select', outcome: 'success' });
      await switches.uncheck();
      await expect.poll(() => range(page)).toBe('Changes 1–28 of 28, newest first');
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await checkScreen(page, 'audit-view');

      // A secret's name alone: every org and domain's secret of that name (21 Notion changes).
      await secret.fill('notion_api_token');
      await expect.poll(() => range(page)).toBe('Changes 1–21 of 21, newest first');
      // An id prefix: everything under acme (its shared and support domains).
      await secret.fill('agentfoundry/dev/acme/');
      await expect.poll(() => range(page)).toBe('Changes 1–7 of 7, newest first');
      await secret.fill('agentfoundry/dev/acme/shared/');
      await expect.poll(() => range(page)).toBe('Changes 1–6 of 6, newest first');
      // Not a name: says what to do, keeps the text, and the list keeps the filters last applied.
      await secret.fill('OpenAI Key');
      await form.getByText(/^The secret name must be a secret name: .*openai_api_key/).waitFor();
      expect(await secret.getAttribute('aria-invalid')).toBe('true');
      expect(await secret.inputValue()).toBe('OpenAI Key');
      await form.getByText(/^Not applied yet/).waitFor();
      expect(await range(page)).toBe('Changes 1–6 of 6, newest first');
      // Enter applies nothing a pause would not (and never submits the form).
      await secret.fill('openai_api_key');
      await page.keyboard.press('Enter');
      await expect.poll(() => range(page)).toBe('Changes 1–1 of 1, newest first');
      expect(await secret.getAttribute('aria-invalid')).toBe('false');

      // Organization (typed, applies after a pause like every text field), outcome and action (at once).
      await secret.fill('');
      const org = form.getByLabel('Organization');
      await org.fill('Glo bex');
      await form.getByText('The organization id must not contain spaces or other whitespace.').waitFor();
      await org.fill('globex');
      await expect.poll(() => range(page)).toBe('Changes 1–21 of 21, newest first');
      await form.getByLabel('Action').selectOption('secret.rotate');
      await expect.poll(() => range(page)).toBe('Changes 1–20 of 20, newest first');
      expect(new Set((await rowFacts(page)).map((r) => r.action))).toEqual(new Set(['secret.rotate']));
      await org.fill('');
      await form.getByLabel('Action').selectOption('');
      await form.getByLabel('Outcome').selectOption('failure');
      await expect.poll(() => range(page)).toBe('Changes 1–1 of 1, newest first');
      const [failure] = await rowFacts(page);
      expect(failure).toMatchObject({ action: 'secret.write', outcome: 'failure' });
      expect(failure?.text).toContain('SCHEDULED_FOR_DELETION');
      await form.getByLabel('Outcome').selectOption('attempt');
      await page.getByText('No change matches these filters.').waitFor();
      expect(await range(page)).toBe('No changes');
      await form.getByLabel('Outcome').selectOption('');

      // Who: part of the user or the caller ARN.
      const who = form.getByLabel('Who');
      await who.fill('nobody-here');
      await page.getByText('No change matches these filters.').waitFor();
      await who.fill('foundry-embedded');
      await expect.poll(() => range(page)).toBe('Changes 1–28 of 28, newest first');
      await who.fill('');

      // Dates: whole local days; an inverted range is refused inline, a future one matches nothing.
      await form.getByLabel('From').fill(day(1));
      await form.getByLabel('To (inclusive)').fill(day(0));
      await form.getByText('The start date must not be after the end date.').waitFor();
      await form.getByLabel('To (inclusive)').fill(day(2));
      await page.getByText('No change matches these filters.').waitFor();
      await form.getByLabel('From').fill(day(0));
      await form.getByLabel('To (inclusive)').fill(day(0));
      await expect.poll(() => range(page)).toBe('Changes 1–28 of 28, newest first');
      expect(await axeViolations(page)).toEqual([]);

      // Keyboard: the region scrolls with End/Home; rows are measured as they render.
      await form.getByRole('button', { name: 'Clear filters' }).click();
      await expect.poll(() => range(page)).toBe('Changes 1–28 of 28, newest first');
      const region = page.getByRole('region', { name: /^Audit log, changes 1–28 of 28/ });
      await region.focus();
      await page.keyboard.press('End');
      await page.locator('tbody tr[data-seq="1"]').waitFor();
      await page.keyboard.press('Home');
      expect(await isFocused(region)).toBe(true);

      // Export (of the applied filters): main writes the file; the page shows where, and how many entries.
      const exportDir = path.join(app.userDataDir, 'exports');
      await org.fill('acme');
      await expect.poll(() => range(page)).toBe('Changes 1–7 of 7, newest first');
      await page.getByLabel('Export as').selectOption('csv');
      await page.getByRole('button', { name: 'Export 7 changes…' }).click();
      const result = page.getByTestId('audit-export-result');
      await expect.poll(() => result.textContent()).toMatch(/^Saved 14 entries \(attempts and outcomes\) to .*\.csv$/);
      const saved = (await result.locator('code').textContent()) ?? '';
      expect(path.dirname(saved)).toBe(exportDir);
      const text = await fs.readFile(saved, 'utf8');
      for (const secretValue of [value, ...SEEDED_VALUES]) expect(text.includes(secretValue), `export holds ${secretValue}`).toBe(false);
      await expectNoLeak(page, value);
    } finally {
      await app.close();
    }
  }, 120_000);

  it('has History on the cards of a read-only profile too (no change buttons there)', async () => {
    const app = await openApp({
      before: async (host) => {
        const backend = backendOf(host);
        await seedAcme(backend);
        await backend.call('saveProfile', { profile: { id: 'ro', name: 'Read only', kind: 'embedded', env: 'dev', readOnly: true } });
        await backend.call('selectProfile', { id: 'ro' });
      },
    });
    const { page } = app;
    try {
      await ready(page);
      const openai = card(page, 'openai_api_key');
      expect(await openai.getByRole('button', { name: /^Rotate Key/ }).count()).toBe(0);
      await openai.getByRole('button', { name: 'History: OpenAI API Key' }).click();
      await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
      await expect.poll(() => range(page)).toBe('Changes 1–1 of 1, newest first');
      expect(await page.getByRole('form', { name: 'Filter the audit log' }).getByLabel('Secret name or id prefix').inputValue()).toBe('agentfoundry/dev/acme/shared/openai_api_key');
      expect((await rowFacts(page))[0]).toMatchObject({ action: 'secret.write', outcome: 'success' });
    } finally {
      await app.close();
    }
  });

  it('at 800×600: ids wrap only after "/", nothing sticks out, and axe finds nothing', async () => {
    const app = await openApp({
      before: async (host) => {
        const backend = backendOf(host);
        await seedAcme(backend);
        await backend.call('writeSecret', { orgId: 'a-rather-long-organization-name', domainId: 'customer-support-domain', secretName: 'an_unusually_long_secret_name_key', value: 'x-long' });
      },
    });
    const { page } = app;
    try {
      await page.setViewportSize({ width: 800, height: 600 });
      // Straight to the audit (the long org sorts first, so the secrets view would open on it).
      await openAudit(page);
      await rows(page).first().waitFor();
      const first = page.getByRole('button', { name: /^Details: Key added, agentfoundry\/dev\/a-rather-long/ });
      await first.click();
      await page.locator('tr[data-details-of]').waitFor();
      // The id is drawn on several lines here (the column is narrow), but never split inside a segment.
      const lines = await page.locator('[data-testid="audit-target"]').first().evaluate((node) => {
        const range = document.createRange();
        range.selectNodeContents(node);
        return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
      });
      expect(lines).toBeGreaterThan(1);
      expect(await splitSegments(page, '[data-testid="audit-target"], tr[data-details-of] code')).toEqual([]);
      expect(await horizontalOverflow(page, 'main')).toEqual({ page: 0, offenders: [] });
      // And each id stays inside its own cell (not drawn over the next column).
      const spill = await page.locator('[data-testid="audit-target"]').evaluateAll((nodes) =>
        nodes.filter((node) => node.getBoundingClientRect().right > (node.closest('td')?.getBoundingClientRect().right ?? 0) + 0.5).map((node) => node.textContent),
      );
      expect(spill).toEqual([]);
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await checkScreen(page, 'audit-800x600');
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
