/**
 * The canary suite, Chromium part: unique canaries are typed into the real UI (add, rotate, and a
 * write that fails), then every renderer sink is searched on every screen the app can reach — the
 * DOM (markup and every field's live value), URL and title, local and session storage, IndexedDB
 * and the store snapshot (`findValueLeaks`) — and so is every file under the browser host's
 * user-data directory. Zero hits. A new screen or dialog must join SCREENS below (the import and
 * bulk-change dialogs do, each after a run: a .env file's value and a value typed once for every org).
 *
 * The Node part (IPC answers, logs, audit, profile/settings files, vault, exports, this process's
 * output) is canary.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumUnavailable, findValueLeaks, openApp } from '../e2e/harness';
import { backendOf, seedAcme } from '../e2e/ui/fixtures/backend';
import { startFakeProvider, status } from '../fakes/fake-provider';

// Typechecked with the DOM config (tsconfig.e2e.json), like the browser tests it builds on.
const unavailable = chromiumUnavailable();

/** Each form of a value that must not be on disk: itself, as UTF-16, and as base64. */
function needlesFor(value: string): { label: string; bytes: Buffer }[] {
  return [
    { label: 'plaintext', bytes: Buffer.from(value) },
    { label: 'UTF-16', bytes: Buffer.from(value, 'utf16le') },
    { label: 'base64', bytes: Buffer.from(Buffer.from(value).toString('base64').slice(0, 40)) },
  ];
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

async function scanFiles(dir: string, values: readonly string[]): Promise<{ hits: string[]; files: string[] }> {
  const files = await filesUnder(dir);
  const hits: string[] = [];
  for (const file of files) {
    const bytes = await fs.readFile(file);
    for (const value of values) {
      for (const needle of needlesFor(value)) if (bytes.includes(needle.bytes)) hits.push(`${path.relative(dir, file)} holds the ${needle.label}`);
    }
  }
  return { hits, files: files.map((file) => path.relative(dir, file)) };
}

function card(page: Page, secretName: string): Locator {
  return page.locator(`article[data-secret="${secretName}"]`);
}

async function secretsOf(page: Page, orgId: string): Promise<void> {
  // The app opens on the coverage matrix (its home screen); these flows are in the secrets view.
  const secrets = page.getByRole('button', { name: 'Secrets', exact: true });
  if ((await secrets.getAttribute('aria-current')) !== 'page') await secrets.click();
  await page.getByRole('heading', { level: 1, name: orgId }).waitFor();
  await page.locator('article[data-secret]').first().waitFor();
}

describe.skipIf(unavailable !== null)(`canary suite, Chromium sinks${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('a value typed, pasted or picked to add, rotate and (failing) write is on no screen, in no web storage and in no file of the host', { timeout: 120_000 }, async () => {
    const canaries = {
      add: `canary-add-${randomUUID()}`,
      rotate: `canary-rotate-${randomUUID()}`,
      failed: `canary-failed-${randomUUID()}`,
      pasted: `canary-pasted-${randomUUID()}`,
      file: `canary-file-${randomUUID()}`,
      companion: `canary-companion-${randomUUID()}`,
      imported: `canary-imported-${randomUUID()}`,
      bulk: `canary-bulk-${randomUUID()}`,
    };
    const values = Object.values(canaries);
    const userDataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'foundry-canary-ui-'));
    // The provider checks go to a fake on loopback: the one place besides the vault a key may go.
    const provider = await startFakeProvider();
    const app = await openApp({
      userDataDir,
      before: async (host) => {
        await seedAcme(backendOf(host));
        await backendOf(host).call('saveKeyCheckSettings', { settings: { enabled: true, baseUrls: { anthropic: provider.baseUrl, openai: provider.baseUrl, livekit: provider.baseUrl } } });
      },
    });
    const { page } = app;
    const hits: string[] = [];
    const checked: string[] = [];
    async function scan(where: string): Promise<void> {
      checked.push(where);
      for (const value of values) for (const found of await findValueLeaks(page, value)) hits.push(`${where}: ${found}`);
    }
    try {
      await secretsOf(page, 'acme');

      // Add, checked with the provider (valid).
      provider.answer(status(200));
      const anthropic = card(page, 'anthropic_api_key');
      await anthropic.getByRole('button', { name: 'Add Key: Anthropic API Key' }).click();
      await anthropic.getByLabel('Value', { exact: true }).fill(canaries.add);
      await anthropic.getByRole('button', { name: 'Save', exact: true }).click();
      await expect.poll(() => anthropic.getAttribute('data-state')).toBe('configured');
      await scan('after add');

      // Rotate: the provider rejects the key (its answer echoes it), then "Save anyway".
      provider.answer(status(401));
      const openai = card(page, 'openai_api_key');
      await openai.getByRole('button', { name: 'Rotate Key: OpenAI API Key' }).click();
      await openai.getByLabel('New value').fill(canaries.rotate);
      await openai.getByRole('button', { name: 'Save & Overwrite' }).click();
      await page.getByRole('alertdialog', { name: 'Overwrite OpenAI API Key?' }).getByRole('button', { name: 'Overwrite' }).click();
      await openai.getByRole('button', { name: 'Save anyway' }).click();
      await expect.poll(() => openai.getByRole('form').count()).toBe(0);
      await scan('after rotate');

      // A multi-line paste into a custom secret (the field switches to Multi-line), kept as is.
      await page.getByRole('button', { name: 'Add custom secret' }).click();
      await page.getByLabel('Secret name').fill('signing_key');
      await page.getByLabel('Secret name').press('Enter');
      const signing = card(page, 'signing_key');
      const single = signing.getByLabel('Value', { exact: true });
      await single.focus();
      await single.evaluate((node, pasted) => {
        const data = new DataTransfer();
        data.setData('text/plain', pasted);
        node.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true, composed: true }));
      }, `-----BEGIN KEY-----\n${canaries.pasted}\n-----END KEY-----\n`);
      await signing.getByLabel('Keep exactly as is').check();
      await signing.getByRole('button', { name: 'Save', exact: true }).click();
      await expect.poll(() => signing.getAttribute('data-state')).toBe('configured');
      await scan('after a multi-line paste');

      // A file picked in main (browser host: the newest file in <data>/imports/): its content never reaches the page.
      const imports = path.join(userDataDir, 'imports');
      await fs.mkdir(imports, { recursive: true });
      await fs.writeFile(path.join(imports, 'github-app.pem'), `${canaries.file}\n`);
      const github = card(page, 'github_token');
      await backendOf(app.host).call('restoreSecret', { orgId: 'acme', secretName: 'github_token' });
      await page.reload();
      await secretsOf(page, 'acme');
      await github.getByRole('button', { name: /^(Add|Rotate) Key: GitHub Token$/ }).click();
      await github.getByRole('button', { name: 'From file…' }).click();
      await github.getByText('github-app.pem').waitFor();
      await github.getByLabel('Trim it').check();
      await github.getByLabel('Check this key with GitHub before saving').uncheck();
      await github.getByRole('button', { name: /^Save/ }).click();
      const overwrite = page.getByRole('alertdialog', { name: 'Overwrite GitHub Token?' });
      if (await overwrite.count()) await overwrite.getByRole('button', { name: 'Overwrite' }).click();
      await expect.poll(() => github.getByRole('form').count()).toBe(0);
      // The source file is the person's, not a sink of the app: gone before the host's files are scanned.
      await fs.rm(imports, { recursive: true });
      await scan('after a file was picked');

      // A LiveKit pair: the companion (the API secret) is typed for the check only.
      provider.answer(status(200));
      const livekit = card(page, 'livekit_api_key');
      await livekit.getByRole('button', { name: 'Add Key: LiveKit API Key' }).click();
      await livekit.getByLabel('Value', { exact: true }).fill(`API${canaries.add.slice(-8)}`);
      await livekit.getByLabel(/only for the check, not saved/).fill(canaries.companion);
      await livekit.getByRole('button', { name: 'Save', exact: true }).click();
      await expect.poll(() => livekit.getAttribute('data-state')).toBe('configured');
      await scan('after a LiveKit pair was checked');
      expect(provider.requests.map((r) => r.url)).toEqual(['/v1/models', '/v1/models', '/twirp/livekit.RoomService/ListRooms']);

      // A write that fails: the secret was scheduled for deletion while the form was open.
      const stripe = card(page, 'stripe_api_key');
      await stripe.getByRole('button', { name: 'Rotate Key: stripe_api_key' }).click();
      await stripe.getByLabel('New value').fill(canaries.failed);
      await backendOf(app.host).call('removeSecret', { orgId: 'acme', secretName: 'stripe_api_key', mode: { kind: 'recoverable', recoveryWindowDays: 7 } });
      await stripe.getByRole('button', { name: 'Save & Overwrite' }).click();
      await page.getByRole('alertdialog', { name: 'Overwrite stripe_api_key?' }).getByRole('button', { name: 'Overwrite' }).click();
      await stripe.locator('[data-error-code="SCHEDULED_FOR_DELETION"]').waitFor();
      // While the form is open to retry, the value is in the field's live value and nowhere else.
      expect(await findValueLeaks(page, canaries.failed)).toEqual(['field New value']);
      await stripe.getByRole('button', { name: 'Cancel' }).click();
      await expect.poll(() => stripe.getByRole('form').count()).toBe(0);
      await scan('after the failed write');

      /** Every screen and dialog the app has. A new one belongs here. */
      const SCREENS: { name: string; open: () => Promise<void> }[] = [
        {
          name: 'secrets of a domain',
          open: async () => {
            await page.getByLabel('Domain', { exact: true }).selectOption('support');
            await expect.poll(() => card(page, 'deepgram_api_key').getAttribute('data-state')).toBe('configured');
          },
        },
        {
          name: 'secrets of another org',
          open: async () => {
            await page.getByRole('list', { name: 'Organizations' }).getByRole('button', { name: /^globex/ }).click();
            await secretsOf(page, 'globex');
          },
        },
        {
          name: 'delete dialog',
          open: async () => {
            await card(page, 'notion_api_token').getByRole('button', { name: 'Delete: Notion API Token' }).click();
            await page.getByRole('dialog', { name: 'Delete Notion API Token?' }).waitFor();
          },
        },
        {
          name: 'profiles',
          open: async () => {
            await page.keyboard.press('Escape');
            await page.getByRole('button', { name: 'Profiles', exact: true }).click();
            await page.getByRole('heading', { level: 1, name: 'Profiles' }).waitFor();
          },
        },
        {
          name: 'profile editor',
          open: async () => {
            await page.getByRole('button', { name: 'Edit: Embedded vault' }).click();
            await page.getByRole('dialog', { name: 'Edit profile “Embedded vault”' }).waitFor();
          },
        },
        {
          name: 'settings',
          open: async () => {
            await page.keyboard.press('Escape');
            await page.getByRole('button', { name: 'Settings', exact: true }).click();
            await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
          },
        },
        {
          name: 'least privilege, after saving a policy',
          open: async () => {
            await page.keyboard.press('Escape');
            await page.getByRole('button', { name: 'Least privilege', exact: true }).click();
            await page.getByRole('heading', { level: 1, name: 'Least privilege' }).waitFor();
            await page.getByLabel('Organization (optional)', { exact: true }).fill('acme');
            await page.getByRole('button', { name: 'Save…' }).click();
            await page.getByTestId('notice').filter({ hasText: 'IAM policy saved to' }).waitFor();
          },
        },
        {
          name: 'audit log, every entry on one page',
          open: async () => {
            await page.keyboard.press('Escape');
            await page.getByRole('button', { name: 'Audit log', exact: true }).click();
            await page.getByLabel('Per page').selectOption('500');
            await expect.poll(() => page.getByTestId('audit-range').textContent()).toMatch(/^Changes 1–\d+ of \d+/);
            // The rows of the writes above are there (and the refused one), with no value in them,
            // their details open too (both entries of each change).
            await page.locator('tbody tr[data-action="secret.rotate"][data-outcome="success"]').first().waitFor();
            await page.locator('tbody tr[data-outcome="failure"]').first().waitFor();
            for (const row of [page.locator('tbody tr[data-outcome="failure"]').first(), page.locator('tbody tr[data-action="secret.rotate"]').first()]) {
              await row.getByRole('button', { name: /^Details:/ }).click();
              await page.locator(`tr[data-details-of="${await row.getAttribute('data-seq')}"]`).waitFor();
            }
          },
        },
        {
          name: 'audit log, after an export',
          open: async () => {
            await page.getByRole('button', { name: /^Export \d+ changes?…$/ }).click();
            await page.getByTestId('audit-export-result').getByText(/^Saved/).waitFor();
          },
        },
        {
          name: 'import dialog, after a run and an export of its report',
          open: async () => {
            // A .env file main reads (browser host: the newest file in <data>/env-imports/), into the org shown (globex).
            const imports = path.join(userDataDir, 'env-imports');
            await fs.mkdir(imports, { recursive: true });
            await fs.writeFile(path.join(imports, 'team.env'), `ELEVENLABS_API_KEY=${canaries.imported}\nBAD LINE ${canaries.imported}\n`);
            await page.getByRole('button', { name: 'Secrets', exact: true }).click();
            await secretsOf(page, 'globex');
            await page.getByRole('button', { name: 'Import .env…' }).click();
            const dialog = page.getByRole('dialog', { name: 'Import keys from a .env file' });
            await dialog.getByRole('button', { name: 'Choose a .env file…' }).click();
            await dialog.getByRole('button', { name: 'Import 1 key' }).click();
            await dialog.locator('[data-testid="job"][data-state="done"]').waitFor();
            await dialog.getByRole('button', { name: 'Export CSV…' }).click();
            await dialog.getByTestId('job-export').getByText(/saved to/).waitFor();
            // The source file is the person's, not a sink of the app.
            await fs.rm(imports, { recursive: true });
          },
        },
        {
          name: 'bulk change dialog, after setting a value in every org',
          open: async () => {
            await page.keyboard.press('Escape');
            await page.getByRole('button', { name: 'Coverage', exact: true }).click();
            await page.getByLabel(/^Select all \d+ shown$/).check();
            await page.getByRole('button', { name: /^Change \d+ selected…$/ }).click();
            const dialog = page.getByRole('dialog', { name: /^Change \d+ organizations$/ });
            await dialog.getByLabel('Secret', { exact: true }).selectOption('n8n_api_key');
            await dialog.getByLabel('Value', { exact: true }).fill(canaries.bulk);
            await dialog.getByRole('button', { name: 'Review…' }).click();
            await dialog.getByRole('button', { name: /^Set in \d+ organizations$/ }).click();
            await dialog.locator('[data-testid="job"][data-state="done"]').waitFor();
            await dialog.getByRole('button', { name: 'Export JSON…' }).click();
            await dialog.getByTestId('job-export').getByText(/saved to/).waitFor();
          },
        },
        {
          name: 'the app reloaded',
          open: async () => {
            await page.reload();
            await secretsOf(page, 'acme');
          },
        },
      ];
      for (const screen of SCREENS) {
        await screen.open();
        await scan(screen.name);
      }
      expect(checked).toHaveLength(6 + SCREENS.length);
      expect(hits).toEqual([]);

      // The scan would see one: a canary planted in session storage is found.
      const planted = `planted-${randomUUID()}`;
      await page.evaluate(`sessionStorage.setItem('planted', ${JSON.stringify(planted)})`);
      expect(await findValueLeaks(page, planted)).toEqual(['sessionStorage[planted]']);
    } finally {
      await app.close();
      await provider.close();
    }

    // The host's files, once it has stopped (vault flushed): profiles, audit, exports, vault (and settings, when an org was added).
    try {
      const { hits: fileHits, files } = await scanFiles(userDataDir, values);
      expect(files).toEqual(expect.arrayContaining(['profiles.json', path.join('audit', 'audit-000001.jsonl'), path.join('vault', 'vault.json'), path.join('vault', 'journal.vault')]));
      expect(files.some((file) => file.startsWith(`exports${path.sep}`))).toBe(true);
      expect(fileHits).toEqual([]);
      // …and would see one.
      await fs.writeFile(path.join(userDataDir, 'planted.txt'), Buffer.from(canaries.add, 'utf16le'));
      expect((await scanFiles(userDataDir, values)).hits).toEqual(['planted.txt holds the UTF-16']);
    } finally {
      await fs.rm(userDataDir, { recursive: true, force: true });
    }
  });
});
