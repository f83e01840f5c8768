/**
 * The drift view with many findings (prints numbers; not a test). Run: npm run bench:drift-view
 * (builds first). In real Chromium against the browser host, for each count of findings:
 *  - compare → table: from the Compare click until the table's first row is drawn (the answer's
 *    JSON, its zod parse in the window, the counts and the virtualised table);
 *  - scroll: the table scrolled from top to bottom in steps of 600 px, one per animation frame;
 *    the frame intervals (median, p95, worst) and the most rows the DOM ever held;
 *  - search: from typing a search that keeps 1 finding in 10 until the count of matches shows.
 * compareDrift is answered by the page's network layer with a synthetic report of that size (the
 * listing itself is main's and is measured by bench/drift.bench.ts); everything after the answer
 * is the real renderer. BENCH_FINDINGS (default "1000,10000,50000") and CHROMIUM_PATH change the defaults.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { startBrowserHost } from '../src/browser-host/server';
import { silentLogger } from '../src/main/log/index';
import type { DriftFinding, DriftReport } from '../src/shared/drift';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
const COUNTS = (process.env['BENCH_FINDINGS'] ?? '1000,10000,50000').split(',').map(Number);
const SECRETS = ['openai_api_key', 'anthropic_api_key', 'github_token', 'deepgram_api_key', 'stripe_api_key'] as const;
const DAY = 86_400_000;

function syntheticReport(requestId: string, n: number): DriftReport {
  const now = Date.now();
  const findings: DriftFinding[] = [];
  const counts = { left: { missing: 0, scheduled: 0, skew: 0 }, right: { missing: 0, scheduled: 0, skew: 0 } };
  for (let i = 0; i < n; i += 1) {
    const orgId = `org-${String(Math.floor(i / SECRETS.length)).padStart(5, '0')}`;
    const secretName = SECRETS[i % SECRETS.length] ?? 'openai_api_key';
    const side = i % 2 === 0 ? 'right' : 'left';
    const kind = i % 7 === 0 ? 'skew' : i % 11 === 0 ? 'scheduled' : 'missing';
    const configured = { hasValue: true, lastChangedAt: now - (i % 90) * DAY };
    const other = kind === 'skew' ? { hasValue: true, lastChangedAt: now - 200 * DAY } : kind === 'scheduled' ? { hasValue: false, deletionDate: now + 7 * DAY } : undefined;
    const mine = kind === 'missing' ? undefined : other;
    const cells = side === 'right' ? { left: configured, ...(mine && { right: mine }) } : { right: configured, ...(mine && { left: mine }) };
    counts[side][kind] += 1;
    findings.push({ orgId, domainId: 'shared', secretName, kind, side, ...cells, ...(kind === 'skew' && { skewDays: 200 - (i % 90) }) });
  }
  const sideInfo = (env: 'dev' | 'prod') => ({ profileId: 'embedded', profileName: 'Embedded vault', kind: 'embedded' as const, env, ownEnv: env === 'dev', readOnly: false, orgCount: n / 5, secretCount: n, listedAt: now });
  return { requestId, driftId: randomUUID(), state: 'complete', left: sideInfo('dev'), right: sideInfo('prod'), skewDays: 30, compared: n * 2, counts, findings, truncated: false, generatedAt: now };
}

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? 0;
const ms = (value: number): string => `${value.toFixed(1)} ms`;

/** Runs in the page (a string: this file is type-checked without the DOM's types). */
const SCROLL_PROBE = `new Promise((resolve) => {
  const box = document.querySelector('[data-testid="drift-grid"]');
  const frames = [];
  let maxRows = 0;
  let last = performance.now();
  box.scrollTop = 0;
  const step = () => {
    const now = performance.now();
    frames.push(now - last);
    last = now;
    maxRows = Math.max(maxRows, box.querySelectorAll('[role="row"][data-finding]').length);
    if (box.scrollTop + box.clientHeight >= box.scrollHeight - 1 || frames.length > 2000) {
      resolve({ frames: frames.slice(1), maxRows });
      return;
    }
    box.scrollTop += 600;
    requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
})`;

async function scrollFrames(page: Page): Promise<{ frames: number[]; maxRows: number }> {
  return page.evaluate<{ frames: number[]; maxRows: number }>(SCROLL_PROBE);
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'foundry-drift-bench-'));
  const host = await startBrowserHost({ userDataDir: dir, env: { FOUNDRY_VAULT_KEY: 'bench-drift-view-key-0123456789abcdef' }, logger: silentLogger });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    let size = 0;
    await page.route('**/ipc/compareDrift', async (route) => {
      const { requestId } = route.request().postDataJSON() as { requestId: string };
      await route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: true, value: syntheticReport(requestId, size) }) });
    });
    await page.goto(host.url);
    await page.getByRole('button', { name: 'Drift', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Drift' }).waitFor();
    console.log('findings   compare→table   scroll frame median / p95 / worst   rows in DOM (max)   search→count');
    for (const n of COUNTS) {
      size = n;
      const search = page.getByLabel('Search by org, domain or secret');
      if ((await search.count()) > 0) await search.fill('');
      const started = Date.now();
      await page.getByRole('button', { name: 'Compare', exact: true }).click();
      await page.locator('[data-testid="drift-grid"] [role="row"][data-index="0"]').waitFor({ timeout: 120_000 });
      const compareMs = Date.now() - started;
      const { frames, maxRows } = await scrollFrames(page);
      const sorted = [...frames].sort((a, b) => a - b);
      const searchStarted = Date.now();
      // "1" in the org's last digit: one org in ten.
      await search.fill('1/');
      await page.locator('[data-testid="drift-shown"]', { hasText: 'findings match' }).waitFor({ timeout: 60_000 });
      const searchMs = Date.now() - searchStarted;
      console.log(
        `${String(n).padStart(8)}   ${ms(compareMs).padStart(13)}   ${`${ms(percentile(sorted, 0.5))} / ${ms(percentile(sorted, 0.95))} / ${ms(sorted.at(-1) ?? 0)}`.padStart(34)}   ${String(maxRows).padStart(17)}   ${ms(searchMs).padStart(12)}`,
      );
    }
  } finally {
    await browser.close();
    await host.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
