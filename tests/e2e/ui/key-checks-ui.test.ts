/**
 * Live key checks through the UI, against a FAKE provider on 127.0.0.1 (the settings point each
 * provider's base URL at it): valid → saved with a notice that says so; rejected (401) → nothing
 * stored, then "Save anyway"; couldn't verify (timeout, 500) → the same, without a second overwrite
 * confirmation. What was stored is read back through the vault after the app closed; the key and
 * LiveKit's other half are nowhere in the page.
 */
import { createHmac } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumUnavailable, horizontalOverflow, openApp, closeAndRead, type OpenedApp, type StoredValue } from '../harness';
import { backendOf, seedAcme, turnOffKeyChecks, useKeyCheckUrls } from './fixtures/backend';
import { never, startFakeProvider, status, type FakeProvider } from '../../fakes/fake-provider';
import { canary, card, checkScreen, expectNoLeak, isFocused, ready, recordIpc } from './fixtures/page';

const unavailable = chromiumUnavailable();


let fake: FakeProvider;
beforeAll(async () => {
  fake = await startFakeProvider();
});
afterAll(async () => {
  await fake?.close();
});

/** Acme seeded; checks on, every provider but n8n sent to the fake. Own directory, to read the vault after. */
async function openWithFake(): Promise<{ app: OpenedApp; dir: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'foundry-checks-'));
  const app = await openApp({
    userDataDir: dir,
    before: async (host) => {
      const backend = backendOf(host);
      await seedAcme(backend);
      const url = fake.baseUrl;
      await useKeyCheckUrls(backend, { openai: url, anthropic: url, deepgram: url, elevenlabs: url, notion: url, livekit: url });
    },
  });
  await ready(app.page);
  return { app, dir };
}

const textOf = (stored: StoredValue | null | undefined): string | undefined => (stored?.kind === 'string' ? stored.text : undefined);

describe.skipIf(unavailable !== null)(`live key checks in the write form${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('a key the provider accepts is saved, and the notice says the provider accepted it', async () => {
    fake.answer(status(200));
    fake.requests.length = 0;
    const { app, dir } = await openWithFake();
    const { page } = app;
    const value = canary('sk-ant-');
    let stored: Map<string, StoredValue | null>;
    try {
      const anthropic = card(page, 'anthropic_api_key');
      await anthropic.getByRole('button', { name: 'Add Key: Anthropic API Key' }).click();
      const box = anthropic.getByRole('checkbox', { name: 'Check this key with Anthropic before saving' });
      // On by default, and it says where the key goes.
      expect(await box.isChecked()).toBe(true);
      const hint = await anthropic.locator(`[id="${await box.getAttribute('aria-describedby')}"]`).textContent();
      expect(hint).toContain(`Calls GET /v1/models at ${new URL(fake.baseUrl).host}; the key is sent only there.`);
      await anthropic.getByLabel('Value', { exact: true }).fill(value);
      await anthropic.getByRole('button', { name: 'Save', exact: true }).click();
      await expect.poll(() => anthropic.getAttribute('data-state')).toBe('configured');
      expect(await page.getByTestId('notice').textContent()).toContain('Anthropic accepted the key. Anthropic API Key saved in acme / shared.');
      // The fake got the key where Anthropic wants it, once.
      expect(fake.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /v1/models']);
      expect(fake.requests[0]?.headers['x-api-key']).toBe(value);
      await expectNoLeak(page, value);
    } finally {
      stored = await closeAndRead(app, dir, ['anthropic_api_key']);
    }
    expect(textOf(stored.get('anthropic_api_key'))).toBe(value);
  });

  it('a rejected key is not saved; Save anyway saves it, without asking the provider again', async () => {
    fake.answer(status(401));
    fake.requests.length = 0;
    const { app, dir } = await openWithFake();
    const { page } = app;
    const value = canary('dg-');
    let stored: Map<string, StoredValue | null>;
    try {
      const deepgram = card(page, 'deepgram_api_key');
      await deepgram.getByRole('button', { name: 'Add Key: Deepgram API Key' }).click();
      const field = deepgram.getByLabel('Value', { exact: true });
      await field.fill(value);
      await deepgram.getByRole('button', { name: 'Save', exact: true }).click();
      const outcome = deepgram.locator('[data-key-check="rejected"]');
      await outcome.waitFor();
      const said = (await outcome.textContent()) ?? '';
      expect(said).toContain('The provider rejected this key');
      expect(said).toContain('HTTP 401');
      expect(said).toContain('Nothing was saved');
      expect(said).not.toContain(value);
      // Focus goes to the outcome (read out), with Save anyway the next stop; the value stays for a retry.
      await expect.poll(() => isFocused(outcome)).toBe(true);
      expect(await field.inputValue()).toBe(value);
      expect((await field.getAttribute('aria-describedby'))?.split(' ')).toContain(await deepgram.locator('[data-error-code="KEY_REJECTED"]').getAttribute('id'));
      expect(await backendOf(app.host).call('getSecretStatus', { orgId: 'acme', secretName: 'deepgram_api_key' })).toMatchObject({ state: 'not-configured' });
      await outcome.evaluate((node) => node.scrollIntoView({ block: 'center' }));
      await checkScreen(page, 'key-check-rejected');
      await page.setViewportSize({ width: 800, height: 600 });
      expect(await horizontalOverflow(page, 'form[aria-label="Add key: Deepgram API Key"]')).toEqual({ page: 0, offenders: [] });
      await page.setViewportSize({ width: 1280, height: 800 });

      await page.keyboard.press('Tab');
      const anyway = deepgram.getByRole('button', { name: 'Save anyway' });
      expect(await isFocused(anyway)).toBe(true);
      await page.keyboard.press('Enter');
      await expect.poll(() => deepgram.getAttribute('data-state')).toBe('configured');
      const notice = (await page.getByTestId('notice').textContent()) ?? '';
      expect(notice).toContain('Deepgram API Key saved in acme / shared.');
      expect(notice).not.toContain('accepted');
      expect(fake.requests).toHaveLength(1);
      await expectNoLeak(page, value);
    } finally {
      stored = await closeAndRead(app, dir, ['deepgram_api_key']);
    }
    expect(textOf(stored.get('deepgram_api_key'))).toBe(value);
  });

  it('a save whose form is closed while the provider is asked still says how it ended (review finding)', async () => {
    // The provider answers 401 after a while; meanwhile the card's own button closes the form.
    fake.answer((request, response) => void setTimeout(() => status(401)(request, response), 1_500));
    fake.requests.length = 0;
    const { app, dir } = await openWithFake();
    const { page } = app;
    const value = canary('dg-');
    try {
      const deepgram = card(page, 'deepgram_api_key');
      const toggle = deepgram.getByRole('button', { name: 'Add Key: Deepgram API Key' });
      await toggle.click();
      await deepgram.getByLabel('Value', { exact: true }).fill(value);
      await deepgram.getByRole('button', { name: 'Save', exact: true }).click();
      await deepgram.getByText('Checking with Deepgram').first().waitFor();
      await toggle.click();
      await expect.poll(() => deepgram.locator('form').count()).toBe(0);
      // Before: nothing at all was said, and the key was neither saved nor reported refused.
      const notice = page.getByTestId('notice').locator('[data-tone="error"]');
      await notice.waitFor({ timeout: 10_000 });
      const said = (await notice.textContent()) ?? '';
      expect(said).toContain('Deepgram API Key in acme / shared was not saved');
      expect(said).toContain('rejected');
      expect(await backendOf(app.host).call('getSecretStatus', { orgId: 'acme', secretName: 'deepgram_api_key' })).toMatchObject({ state: 'not-configured' });
      // It stays until dismissed (it reports something that failed out of sight): a later save's
      // notice goes beside it, not over it, and leaves after a few seconds while it stays.
      fake.answer(status(200));
      const anthropic = card(page, 'anthropic_api_key');
      const other = canary('sk-ant-');
      await anthropic.getByRole('button', { name: 'Add Key: Anthropic API Key' }).click();
      await anthropic.getByLabel('Value', { exact: true }).fill(other);
      await anthropic.getByRole('button', { name: 'Save', exact: true }).click();
      const success = page.getByTestId('notice').locator('[data-tone="success"]');
      await expect.poll(() => success.textContent()).toContain('Anthropic accepted the key.');
      expect(await notice.count()).toBe(1);
      await page.waitForTimeout(8_500);
      expect(await success.count()).toBe(0);
      expect(await notice.count()).toBe(1);
      await notice.getByRole('button', { name: 'Dismiss' }).click();
      expect(await notice.count()).toBe(0);
      await expectNoLeak(page, value);
      await expectNoLeak(page, other);
    } finally {
      await closeAndRead(app, dir, ['deepgram_api_key']);
    }
  }, 90_000);

  it("couldn't verify (a timeout, a 500 on a rotation): nothing stored until Save anyway, with no second overwrite confirmation", async () => {
    fake.answer(never);
    fake.requests.length = 0;
    const { app, dir } = await openWithFake();
    const { page } = app;
    const notionValue = canary('ntn_');
    const openaiValue = canary();
    let stored: Map<string, StoredValue | null>;
    try {
      const notion = card(page, 'notion_api_token');
      await notion.getByRole('button', { name: 'Add Key: Notion API Token' }).click();
      await notion.getByLabel('Value', { exact: true }).fill(notionValue);
      await notion.getByRole('button', { name: 'Save', exact: true }).click();
      // While main waits for Notion, the button says so.
      await notion.getByRole('button', { name: 'Checking with Notion…' }).waitFor();
      const timedOut = notion.locator('[data-key-check="unverified"]');
      await timedOut.waitFor({ timeout: 10_000 });
      expect(await timedOut.textContent()).toContain('timed out after 5 s');
      expect(await timedOut.textContent()).toContain('The key could not be checked');
      expect(await backendOf(app.host).call('getSecretStatus', { orgId: 'acme', secretName: 'notion_api_token' })).toMatchObject({ state: 'not-configured' });
      await notion.getByRole('button', { name: 'Save anyway' }).click();
      await expect.poll(() => notion.getAttribute('data-state')).toBe('configured');

      fake.answer(status(500));
      const openai = card(page, 'openai_api_key');
      const before = await backendOf(app.host).call('getSecretStatus', { orgId: 'acme', secretName: 'openai_api_key' });
      await openai.getByRole('button', { name: 'Rotate Key: OpenAI API Key' }).click();
      await openai.getByLabel('New value').fill(openaiValue);
      await openai.getByRole('button', { name: 'Save & Overwrite' }).click();
      await page.getByRole('alertdialog', { name: 'Overwrite OpenAI API Key?' }).getByRole('button', { name: 'Overwrite' }).click();
      const unverified = openai.locator('[data-key-check="unverified"]');
      await unverified.waitFor();
      expect(await unverified.textContent()).toContain('HTTP 500');
      expect(await unverified.textContent()).toContain('you confirmed the overwrite already');
      expect((await backendOf(app.host).call('getSecretStatus', { orgId: 'acme', secretName: 'openai_api_key' })).currentVersionId).toBe(before.currentVersionId);
      await unverified.evaluate((node) => node.scrollIntoView({ block: 'center' }));
      await checkScreen(page, 'key-check-unverified');
      const ipc = recordIpc(page);
      await openai.getByRole('button', { name: 'Save anyway' }).click();
      await expect.poll(() => openai.getByRole('form').count()).toBe(0);
      expect(await page.getByRole('alertdialog').count()).toBe(0);
      expect(ipc).toEqual(['writeSecret']);
      expect(await page.getByTestId('notice').textContent()).toContain('OpenAI API Key rotated in acme / shared');
      await expectNoLeak(page, notionValue);
      await expectNoLeak(page, openaiValue);
    } finally {
      stored = await closeAndRead(app, dir, ['notion_api_token', 'openai_api_key']);
    }
    expect(textOf(stored.get('notion_api_token'))).toBe(notionValue);
    expect(textOf(stored.get('openai_api_key'))).toBe(openaiValue);
  });

  it('an unchecked box sends nothing to the provider', async () => {
    fake.answer(status(401));
    fake.requests.length = 0;
    const { app, dir } = await openWithFake();
    const { page } = app;
    const value = canary('sk_');
    let stored: Map<string, StoredValue | null>;
    try {
      const eleven = card(page, 'elevenlabs_api_key');
      await eleven.getByRole('button', { name: 'Add Key: ElevenLabs API Key' }).click();
      await eleven.getByLabel('Value', { exact: true }).fill(value);
      await eleven.getByRole('checkbox', { name: 'Check this key with ElevenLabs before saving' }).uncheck();
      await eleven.getByRole('button', { name: 'Save', exact: true }).click();
      await expect.poll(() => eleven.getAttribute('data-state')).toBe('configured');
      expect(fake.requests).toEqual([]);
      await expectNoLeak(page, value);
    } finally {
      stored = await closeAndRead(app, dir, ['elevenlabs_api_key']);
    }
    expect(textOf(stored.get('elevenlabs_api_key'))).toBe(value);
  });

  it('LiveKit: the other half is asked for the check only and never stored; n8n needs its URL; checks off say so', async () => {
    fake.answer(status(200));
    fake.requests.length = 0;
    const { app, dir } = await openWithFake();
    const { page } = app;
    const key = canary('API');
    const secret = canary('lk-secret-');
    let stored: Map<string, StoredValue | null>;
    try {
      const livekit = card(page, 'livekit_api_key');
      await livekit.getByRole('button', { name: 'Add Key: LiveKit API Key' }).click();
      await livekit.getByLabel('Value', { exact: true }).fill(key);
      expect(await livekit.getByRole('checkbox', { name: 'Check this key with LiveKit before saving' }).isChecked()).toBe(true);
      const other = livekit.getByLabel('LiveKit API secret (only for the check, not saved)');
      expect(await other.getAttribute('type')).toBe('password');
      expect(await other.getAttribute('name')).toBeNull();
      await other.fill(secret);
      expect(await other.getAttribute('value')).toBeNull();
      await livekit.getByRole('form').evaluate((node) => node.scrollIntoView({ block: 'center' }));
      await checkScreen(page, 'key-check-livekit');
      await livekit.getByRole('button', { name: 'Save', exact: true }).click();
      await expect.poll(() => livekit.getAttribute('data-state')).toBe('configured');
      expect(await page.getByTestId('notice').textContent()).toContain('LiveKit accepted the key. LiveKit API Key saved in acme / shared.');
      // The fake got a token for the key, signed with the secret: the companion was used, for that only.
      expect(fake.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /twirp/livekit.RoomService/ListRooms']);
      const token = /^Bearer (.+)$/.exec(fake.requests[0]?.headers.authorization ?? '')?.[1] ?? '';
      const [header = '', claims = '', signature = ''] = token.split('.');
      expect(JSON.parse(Buffer.from(claims, 'base64url').toString('utf8'))).toMatchObject({ iss: key });
      expect(createHmac('sha256', secret).update(`${header}.${claims}`).digest('base64url')).toBe(signature);
      await expectNoLeak(page, key);
      await expectNoLeak(page, secret);

      // n8n has no public default: the check needs the instance's URL, and the form says so.
      const n8n = card(page, 'n8n_api_key');
      await n8n.getByRole('button', { name: 'Add Key: n8n API Key' }).click();
      expect(await n8n.getByTestId('key-check-note').textContent()).toContain('set your n8n instance URL in Settings');
      expect(await n8n.getByRole('checkbox').count()).toBe(0);
      await n8n.getByRole('button', { name: 'Cancel' }).click();

      // Checks turned off in Settings (here through main, then the window loads again).
      await turnOffKeyChecks(backendOf(app.host));
      await page.reload();
      await ready(page);
      const openai = card(page, 'openai_api_key');
      await openai.getByRole('button', { name: 'Rotate Key: OpenAI API Key' }).click();
      expect(await openai.getByTestId('key-check-note').textContent()).toBe('Live key checks are off (Settings).');
      expect(await openai.getByRole('checkbox').count()).toBe(0);
      await openai.getByRole('button', { name: 'Cancel' }).click();
    } finally {
      stored = await closeAndRead(app, dir, ['livekit_api_key', 'livekit_api_secret']);
    }
    expect(textOf(stored.get('livekit_api_key'))).toBe(key);
    // The companion was never stored anywhere.
    expect(stored.get('livekit_api_secret')).toBeNull();
  });
});

