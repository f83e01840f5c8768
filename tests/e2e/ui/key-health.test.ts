/**
 * Key health in the window: the verdict tags `foundry-secrets verify` writes, seeded straight into
 * the embedded vault under a moving clock (a check days ago, a rewrite after it), then shown by the
 * real app from the metadata it already lists — the cards' badges, the matrix's rejected mark and
 * its "Rejected keys" filter — with axe in both themes and an 800×600 window. The app never reads
 * a value: the seeded keys must appear nowhere in the page.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CreateSecretCommand, PutSecretValueCommand, SecretsManagerClient, TagResourceCommand } from '@aws-sdk/client-secrets-manager';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VAULT_DIR } from '../../../src/main/composition';
import { defaultKeyProtector, openVault } from '../../../src/main/vault/index';
import { HEALTH_CHECKED_TAG_KEY, HEALTH_TAG_KEY } from '../../../src/shared/key-health';
import { chromiumUnavailable, E2E_VAULT_KEY, horizontalOverflow, openApp, type OpenedApp } from '../harness';
import { backendOf, turnOffKeyChecks } from './fixtures/backend';
import { canary, card, checkScreen, expectNoLeak, ready } from './fixtures/page';

const unavailable = chromiumUnavailable();
const DAY = 86_400_000;
const HOUR = 3_600_000;

const VALUES = { openai: canary(), anthropic: canary('sk-ant-'), deepgram: canary('dg-'), github: canary('ghp_'), notion: canary('ntn_'), eleven: canary('el-'), globex: canary() };

/** acme: rejected, valid, unverified, an outdated verdict, no verdict, a forged one. globex: valid only. */
async function seedHealth(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'foundry-key-health-'));
  const dataDir = path.join(dir, VAULT_DIR);
  let now = Date.now() - 6 * DAY;
  const vault = await openVault({ dataDir, keyProtector: defaultKeyProtector(dataDir, { FOUNDRY_VAULT_KEY: E2E_VAULT_KEY }), clock: () => new Date(now) });
  const client = new SecretsManagerClient({ ...vault.clientConfig(), maxAttempts: 1 });
  const id = (org: string, name: string): string => `agentfoundry/dev/${org}/shared/${name}`;
  // As verify does: the tag is written at the check, so the secret's last change is the check itself.
  const tag = async (secretId: string, verdict: string, at: number): Promise<void> => {
    now = at;
    await client.send(new TagResourceCommand({ SecretId: secretId, Tags: [{ Key: HEALTH_TAG_KEY, Value: verdict }, { Key: HEALTH_CHECKED_TAG_KEY, Value: new Date(at).toISOString() }] }));
  };
  try {
    for (const [org, name, value] of [
      ['acme', 'openai_api_key', VALUES.openai],
      ['acme', 'anthropic_api_key', VALUES.anthropic],
      ['acme', 'deepgram_api_key', VALUES.deepgram],
      ['acme', 'github_token', VALUES.github],
      ['acme', 'notion_api_token', VALUES.notion],
      ['acme', 'elevenlabs_api_key', VALUES.eleven],
      ['globex', 'openai_api_key', VALUES.globex],
    ] as const) {
      await client.send(new CreateSecretCommand({ Name: id(org, name), SecretString: value }));
    }
    const real = Date.now();
    await tag(id('acme', 'github_token'), 'rejected', real - 5 * DAY);
    await tag(id('acme', 'anthropic_api_key'), 'valid', real - 3 * DAY);
    await tag(id('acme', 'openai_api_key'), 'rejected', real - DAY);
    await tag(id('globex', 'openai_api_key'), 'valid', real - DAY);
    await tag(id('acme', 'deepgram_api_key'), 'unverified', real - 2 * HOUR);
    // Someone wrote a tag by hand: not a verdict the app trusts.
    await client.send(new TagResourceCommand({ SecretId: id('acme', 'elevenlabs_api_key'), Tags: [{ Key: HEALTH_TAG_KEY, Value: 'great' }, { Key: HEALTH_CHECKED_TAG_KEY, Value: 'yesterday' }] }));
    // The rejected GitHub token was replaced two days after its check.
    now = real - 3 * DAY;
    await client.send(new PutSecretValueCommand({ SecretId: id('acme', 'github_token'), SecretString: `${VALUES.github}-new` }));
  } finally {
    client.destroy();
    await vault.close();
  }
  return dir;
}

const grid = (page: Page) => page.getByRole('grid', { name: 'Coverage matrix' });
const matrixCell = (page: Page, orgId: string, secretName: string) => grid(page).locator(`[role="row"][data-org="${orgId}"][data-domain="shared"] [data-secret="${secretName}"]`);
const health = (page: Page, secretName: string) => card(page, secretName).getByTestId('key-health');

describe.skipIf(unavailable !== null)(`key health${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let dir: string;
  let app: OpenedApp;
  let page: Page;

  beforeAll(async () => {
    dir = await seedHealth();
    app = await openApp({ userDataDir: dir, before: async (host) => turnOffKeyChecks(backendOf(host)) });
    page = app.page;
    page.setDefaultTimeout(10_000);
  }, 60_000);

  afterAll(async () => {
    try {
      await app?.close();
    } finally {
      if (dir) await rm(dir, { recursive: true, force: true });
    }
  });

  it('the matrix marks the rejected key, and "Rejected keys" filters to its org (keyboard)', async () => {
    await page.getByRole('heading', { level: 1, name: 'Coverage' }).waitFor();
    await page.locator('[data-testid="fleet-progress"][data-state="complete"]').waitFor({ timeout: 20_000 });
    const rejected = matrixCell(page, 'acme', 'openai_api_key');
    expect(await rejected.getAttribute('data-rejected')).toBe('true');
    expect(await rejected.getAttribute('aria-label')).toContain('key rejected by its provider');
    for (const [org, name] of [['acme', 'anthropic_api_key'], ['acme', 'github_token'], ['acme', 'elevenlabs_api_key'], ['globex', 'openai_api_key']] as const) {
      expect(await matrixCell(page, org, name).getAttribute('data-rejected'), `${org} ${name}`).toBeNull();
    }
    expect(await page.getByRole('list', { name: 'Legend' }).textContent()).toContain('Rejected by its provider');

    const toggle = page.getByRole('checkbox', { name: 'Rejected keys' });
    await toggle.focus();
    await page.keyboard.press('Space');
    expect(await toggle.isChecked()).toBe(true);
    await page.getByTestId('fleet-count').filter({ hasText: '1 of 2 organizations match.' }).waitFor();
    expect(await grid(page).locator('[role="row"][data-org]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-org')))).toEqual(['acme']);
    await checkScreen(page, 'key-health-matrix');
    await page.keyboard.press('Space');
    expect(await toggle.isChecked()).toBe(false);
  });

  it('the cards show each verdict and its age, and an outdated one as such', async () => {
    await ready(page, 'acme');
    expect(await health(page, 'openai_api_key').textContent()).toBe('Rejected by provider yesterday');
    expect(await health(page, 'openai_api_key').getAttribute('data-verdict')).toBe('rejected');
    expect(await health(page, 'anthropic_api_key').textContent()).toBe('Valid · checked 3 days ago');
    expect(await health(page, 'deepgram_api_key').textContent()).toBe("Couldn't verify · checked 2 hours ago");
    expect(await health(page, 'github_token').textContent()).toBe('Rejected by provider 5 days agooutdated: rewritten after the check');
    expect(await health(page, 'github_token').getAttribute('data-outdated')).toBe('true');
    // No verdict, and a forged one: nothing shown.
    expect(await health(page, 'notion_api_token').count()).toBe(0);
    expect(await health(page, 'elevenlabs_api_key').count()).toBe(0);
    await checkScreen(page, 'key-health-cards');
  });

  it('fits 800×600, and no seeded value reached the page', async () => {
    await page.setViewportSize({ width: 800, height: 600 });
    await health(page, 'github_token').scrollIntoViewIfNeeded();
    expect(await horizontalOverflow(page, 'main')).toEqual({ page: 0, offenders: [] });
    await checkScreen(page, 'key-health-cards-800');
    for (const value of Object.values(VALUES)) await expectNoLeak(page, value);
  });
});
