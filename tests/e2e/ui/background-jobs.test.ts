/**
 * A running job's dialog is not lost to a stray key (review finding): while an import or a change
 * across orgs runs, Escape and a click outside leave its dialog where it is; "Run in background"
 * puts it away on purpose, and the job's line at the top of the screen says how it ended and opens
 * its report (and the export) again.
 *
 * The backend is the vault served over HTTP behind a gate that holds its writes (a LocalStack-kind
 * profile pointed at the gate), so a job stays running for exactly as long as each test needs,
 * however fast or busy the machine is.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCALSTACK_CREDENTIALS } from '../../../src/main/backends/localstack';
import { envKeyProtector, openVault, type Vault, type VaultServer } from '../../../src/main/vault/index';
import { chromiumUnavailable, findValueLeaks, horizontalOverflow, openApp, type OpenedApp } from '../harness';
import { backendOf, turnOffKeyChecks } from './fixtures/backend';
import { axeViolations, canary, checkScreen, focusedName, ready, settle } from './fixtures/page';
import { startWriteGate, type WriteGate } from './fixtures/write-gate';

const unavailable = chromiumUnavailable();
const ORGS = Array.from({ length: 12 }, (_, i) => `bg-${String(i).padStart(2, '0')}`);

async function leaksOf(page: Page, values: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const value of values) for (const where of await findValueLeaks(page, value)) found.push(`${value.slice(0, 12)}… in ${where}`);
  return found;
}

describe.skipIf(unavailable !== null)(`a running job and its dialog${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  const value = canary();
  const fileValue = canary('sk-ant-');
  let dir: string;
  let vault: Vault;
  let server: VaultServer;
  let gate: WriteGate;
  let app: OpenedApp;
  let page: Page;

  const grid = () => page.getByRole('grid', { name: 'Coverage matrix' });
  const change = () => page.getByRole('dialog', { name: `Change ${ORGS.length} organizations` });
  const runningJob = (scope: Locator) => scope.locator('[data-testid="job"][data-state="running"]');

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'foundry-bg-jobs-'));
    vault = await openVault({ dataDir: path.join(dir, 'vault'), keyProtector: envKeyProtector('background-jobs-vault-key-0123456789') });
    const proxyHosts = new Set<string>();
    server = await vault.serve({ port: 0, credentials: { ...LOCALSTACK_CREDENTIALS }, alsoAcceptHosts: proxyHosts });
    gate = await startWriteGate(server.endpoint);
    proxyHosts.add(new URL(gate.endpoint).host);
    app = await openApp({
      before: async (host) => {
        const backend = backendOf(host);
        await turnOffKeyChecks(backend);
        await backend.useProfile({ kind: 'localstack', id: 'gated', name: 'Gated', env: 'dev', readOnly: false, endpoint: gate.endpoint, region: vault.region });
        // The orgs, each with one secret (the gate is open while seeding).
        const job = await backend.call('startBulk', { orgIds: ORGS, domainId: 'shared', secretName: 'notion_api_token', action: { kind: 'set', value: 'seeded-notion' } });
        for (let report = job; report.state === 'running'; report = await backend.call('getJob', { jobId: job.jobId })) await new Promise((resolve) => setTimeout(resolve, 50));
      },
    });
    page = app.page;
    page.setDefaultTimeout(10_000);
    await page.locator('[data-testid="fleet-progress"][data-state="complete"]').waitFor({ timeout: 20_000 });
  }, 90_000);

  afterAll(async () => {
    gate?.release();
    await app?.close().catch(() => undefined);
    await gate?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
    await vault?.close().catch(() => undefined);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('Escape and a click outside do not close the dialog of a running change across orgs', async () => {
    await expect.poll(() => grid().locator('[role="row"][data-kind="org"]').count()).toBe(ORGS.length);
    await page.getByLabel(`Select all ${ORGS.length} shown`).check();
    await page.getByRole('button', { name: `Change ${ORGS.length} selected…` }).click();
    await change().getByLabel('Secret', { exact: true }).selectOption('openai_api_key');
    await change().getByLabel('Value', { exact: true }).fill(value);
    await change().getByRole('button', { name: 'Review…' }).click();
    gate.hold();
    await change().getByRole('button', { name: `Set in ${ORGS.length} organizations` }).click();
    await runningJob(change()).waitFor();
    await expect.poll(() => gate.waiting()).toBeGreaterThan(0);

    // A stray Escape: the dialog stays, the job with it, and it says why nothing closed.
    await page.keyboard.press('Escape');
    await page.waitForTimeout(300);
    expect(await change().isVisible(), 'the dialog is still there after Escape').toBe(true);
    expect(await runningJob(change()).count()).toBe(1);
    await expect.poll(() => change().getByTestId('job-hide-note').textContent()).toMatch(/^Still running: Escape does not close this window\./);
    // A click outside the dialog (its backdrop): the same.
    await page.mouse.click(4, 4);
    await page.waitForTimeout(200);
    expect(await change().isVisible()).toBe(true);
    expect(await runningJob(change()).count()).toBe(1);
    // The explicit way out says what happens.
    const hide = change().getByRole('button', { name: 'Run in background' });
    expect(await hide.isVisible()).toBe(true);
    expect(await change().getByRole('button', { name: 'Close', exact: true }).count()).toBe(0);
    expect(await axeViolations(page, { modal: true })).toEqual([]);
    expect(await leaksOf(page, [value])).toEqual([]);
  });

  it('put away on purpose, the change goes on; its line says how it ended and opens the report and its export', async () => {
    await change().getByRole('button', { name: 'Run in background' }).click();
    await expect.poll(() => change().count()).toBe(0);
    // Focus goes back to what opened the dialog.
    await expect.poll(() => focusedName(page)).toBe(`Change ${ORGS.length} selected…`);
    expect(await page.getByTestId('notice').textContent()).toMatch(/The change goes on in the background: \d+ of 12 done\./);
    const line = page.getByTestId('background-job');
    expect(await line.getAttribute('data-state')).toBe('running');
    expect(await line.textContent()).toContain(`Set openai_api_key (shared) in ${ORGS.length} organization(s) (dev): running in the background.`);
    // A running job's line cannot be dismissed: it is the way back to it.
    expect(await line.getByRole('button', { name: /^Dismiss/ }).count()).toBe(0);

    gate.release();
    await page.locator('[data-testid="background-job"][data-state="done"]').waitFor({ timeout: 30_000 });
    expect(await line.textContent()).toContain(`Set openai_api_key (shared) in ${ORGS.length} organization(s) (dev). Done: 12 written, 0 skipped, 0 failed.`);
    // It stays (no timer takes it away, unlike a notice), through the next notice too.
    await page.waitForTimeout(300);
    await checkScreen(page, 'background-job-done');
    // 800×600: the line and its button fit, nothing sticks out sideways.
    await page.setViewportSize({ width: 800, height: 600 });
    try {
      await settle(page);
      expect(await horizontalOverflow(page, '[data-testid="background-jobs"]')).toEqual({ page: 0, offenders: [] });
      const box = await line.getByRole('button', { name: /^Show report/ }).boundingBox();
      expect(box !== null && box.x + box.width <= 800 && box.y >= 0 && box.y + box.height <= 600).toBe(true);
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }

    const show = line.getByRole('button', { name: /^Show report/ });
    await show.focus();
    await page.keyboard.press('Enter');
    const report = page.getByRole('dialog', { name: 'Job report' });
    const job = report.locator('[data-testid="job"][data-state="done"]');
    await job.waitFor();
    expect(await job.getByTestId('job-summary').textContent()).toBe('Done: 12 written, 0 skipped, 0 failed.');
    expect(await job.locator('tr[data-subject="bg-07"]').textContent()).toContain('agentfoundry/dev/bg-07/shared/openai_api_key');
    await job.getByRole('button', { name: 'Export CSV…' }).click();
    await expect.poll(() => job.getByTestId('job-export').textContent()).toMatch(/^Report \(CSV, 12 items\) saved to /);
    const saved = /saved to (.+)\.$/.exec((await job.getByTestId('job-export').textContent()) ?? '')?.[1] ?? '';
    const csv = await readFile(saved, 'utf8');
    expect(csv).toContain('agentfoundry/dev/bg-11/shared/openai_api_key');
    expect(csv).not.toContain(value);
    await checkScreen(page, 'background-job-report', { modal: true });
    expect(await leaksOf(page, [value])).toEqual([]);

    // Finished: Escape closes it again, and focus goes back to the line's button.
    await page.keyboard.press('Escape');
    await expect.poll(() => report.count()).toBe(0);
    // (Radix puts focus back a moment after the dialog is gone.)
    await expect.poll(() => focusedName(page)).toMatch(/^Show report/);
    await line.getByRole('button', { name: /^Dismiss/ }).click();
    await expect.poll(() => line.count()).toBe(0);
  });

  it('Escape does not close the dialog of a running import either', async () => {
    await mkdir(path.join(app.userDataDir, 'env-imports'), { recursive: true });
    await writeFile(path.join(app.userDataDir, 'env-imports', 'two.env'), `ANTHROPIC_API_KEY=${fileValue}\nOPENAI_API_KEY=${value}\n`);
    await ready(page, 'bg-00');
    await page.getByRole('button', { name: 'Import .env…' }).click();
    const importDialog = page.getByRole('dialog', { name: 'Import keys from a .env file' });
    await importDialog.getByRole('button', { name: 'Choose a .env file…' }).click();
    await expect.poll(() => importDialog.getByTestId('import-plan-summary').textContent()).toMatch(/^2 keys: /);
    gate.hold();
    await importDialog.getByRole('button', { name: /^Import \d+ keys?$/ }).click();
    await runningJob(importDialog).waitFor();
    await page.keyboard.press('Escape');
    await page.waitForTimeout(300);
    expect(await importDialog.isVisible(), 'the dialog is still there after Escape').toBe(true);
    expect(await runningJob(importDialog).count()).toBe(1);
    await expect.poll(() => importDialog.getByTestId('job-hide-note').textContent()).toMatch(/^Still running/);
    gate.release();
    await importDialog.locator('[data-testid="job"][data-state="done"]').waitFor({ timeout: 30_000 });
    await importDialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => importDialog.count()).toBe(0);
    expect(await leaksOf(page, [value, fileValue])).toEqual([]);
  });
});
