/**
 * Add Key, Rotate Key, a failed write and its retry, a custom secret, and the whole "add a key"
 * flow from the keyboard — in real Chromium, against the real router, service and embedded vault.
 * After each flow the typed value is nowhere: DOM, fields, URL, storage, IndexedDB or the store.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserHost } from '../../../src/browser-host/server';
import { chromiumUnavailable, findValueLeaks, openApp, storeSnapshot } from '../harness';
import { backendOf, seedAcme, turnOffKeyChecks } from './fixtures/backend';
import { canary, card, checkScreen, expectNoLeak, focusedName, isFocused, ready, recordIpc, settle, tabTo } from './fixtures/page';

const unavailable = chromiumUnavailable();

/** Acme's secrets, and live key checks off: these flows are about writing, not about providers. */
async function seededWithoutChecks(host: BrowserHost): Promise<void> {
  const backend = backendOf(host);
  await seedAcme(backend);
  await turnOffKeyChecks(backend);
}

describe.skipIf(unavailable !== null)(`writing keys in the UI${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('adds a key: masked input, soft format warning, the status from the write, no value anywhere', async () => {
    const app = await openApp({ before: seededWithoutChecks });
    const { page } = app;
    try {
      await ready(page);
      await checkScreen(page, 'secrets-overview');
      const anthropic = card(page, 'anthropic_api_key');
      await expect.poll(() => anthropic.getAttribute('data-state')).toBe('not-configured');
      await anthropic.getByRole('button', { name: 'Add Key: Anthropic API Key' }).click();

      const input = anthropic.getByLabel('Value', { exact: true });
      expect(await input.getAttribute('type')).toBe('password');
      expect(await input.getAttribute('autocomplete')).toBe('off');
      expect(await input.getAttribute('spellcheck')).toBe('false');
      expect(await input.getAttribute('placeholder')).toBe('sk-ant-…');
      // No name: nothing could ever carry the value as a form field (a URL query, a request body).
      expect(await input.getAttribute('name')).toBeNull();

      // A value that does not start like Anthropic's keys: a warning, not a refusal.
      const odd = canary('odd-');
      await input.fill(odd);
      await expect.poll(() => anthropic.getByText('This does not look like a key from Anthropic (Claude).').isVisible()).toBe(true);
      const value = canary('sk-ant-');
      // A paste that brought a space along: a warning that says which end and with what, and a
      // required keep-or-trim choice (neither preselected); no format warning on top of it.
      await input.fill(` ${value}\t`);
      const spaces = anthropic.getByText('The value starts and ends with a space or tab.');
      await expect.poll(() => spaces.isVisible()).toBe(true);
      const choice = anthropic.getByRole('group', { name: 'The value starts and ends with a space or tab.' });
      expect(await choice.getByRole('radio', { name: 'Keep exactly as is' }).isChecked()).toBe(false);
      expect(await choice.getByRole('radio', { name: 'Trim it' }).isChecked()).toBe(false);
      expect(await anthropic.getByText('This does not look like a key').count()).toBe(0);
      expect(await input.getAttribute('aria-describedby')).toContain(await spaces.getAttribute('id'));
      await input.fill(value);
      await expect.poll(() => spaces.count()).toBe(0);
      // Checks are off in this test's settings: the form says so in one line.
      expect(await anthropic.getByText('Live key checks are off (Settings).').isVisible()).toBe(true);
      await expect.poll(() => anthropic.getByText('This does not look like a key').count()).toBe(0);

      // While the form is open the value is in the field's live value only: not in any attribute
      // (React would mirror a controlled input's value into value="…"), the store or storage.
      expect(await input.getAttribute('value')).toBeNull();
      expect(await findValueLeaks(page, value)).toEqual(['field Value']);
      const snapshot = await storeSnapshot(page);
      expect(snapshot).toMatchObject({ openForm: 'anthropic_api_key', selectedOrgId: 'acme', selectedDomainId: 'shared' });
      await checkScreen(page, 'add-key-form');

      const ipc = recordIpc(page);
      // A new key is saved, not overwritten: the button says "Save", and there is no confirmation.
      expect(await anthropic.getByRole('button', { name: 'Save & Overwrite' }).count()).toBe(0);
      await anthropic.getByRole('button', { name: 'Save', exact: true }).click();
      await expect.poll(() => anthropic.getAttribute('data-state')).toBe('configured');
      // No confirmation for a first value, and the card shows what the write answered: one call.
      expect(ipc).toEqual(['writeSecret']);
      await anthropic.getByRole('button', { name: 'Rotate Key: Anthropic API Key' }).waitFor();
      expect(await anthropic.getByText('Configured').isVisible()).toBe(true);
      expect(await page.getByTestId('notice').textContent()).toContain('Anthropic API Key saved in acme / shared.');
      // The sidebar's count follows without reloading the org list.
      expect(await page.getByRole('list', { name: 'Organizations' }).getByRole('button', { name: /acme/ }).textContent()).toBe('acme4 secrets');
      await expectNoLeak(page, value);
      await expectNoLeak(page, odd);

      const backend = backendOf(app.host);
      expect(await backend.call('getSecretStatus', { orgId: 'acme', secretName: 'anthropic_api_key' })).toMatchObject({ state: 'configured' });
    } finally {
      await app.close();
    }
  });

  it('rotates a key only after confirming the overwrite, and shows when it changed', async () => {
    // Key checks stay on (the default): this rotation unchecks the box instead, so nothing is sent to OpenAI.
    const app = await openApp({ before: async (host) => seedAcme(backendOf(host)) });
    const { page } = app;
    try {
      await ready(page);
      const openai = card(page, 'openai_api_key');
      const before = await openai.locator('time').getAttribute('datetime');
      // The exact time shows on hover.
      await openai.locator('time').hover();
      const tooltip = page.getByRole('tooltip');
      await tooltip.waitFor();
      expect(await tooltip.textContent()).toMatch(/\d{4}/);

      await openai.getByRole('button', { name: 'Rotate Key: OpenAI API Key' }).click();
      const value = canary();
      await openai.getByLabel('New value').fill(value);
      const checkBox = openai.getByRole('checkbox', { name: 'Check this key with OpenAI before saving' });
      expect(await checkBox.isChecked()).toBe(true);
      expect(await openai.getByText('Calls GET /v1/models at api.openai.com; the key is sent only there.').isVisible()).toBe(true);
      await checkBox.uncheck();
      await openai.getByRole('button', { name: 'Save & Overwrite' }).click();
      const confirm = page.getByRole('alertdialog', { name: 'Overwrite OpenAI API Key?' });
      await confirm.waitFor();
      await checkScreen(page, 'rotate-confirm', { modal: true });
      // Cancel keeps the form and what was typed.
      await confirm.getByRole('button', { name: 'Cancel' }).click();
      await expect.poll(() => confirm.count()).toBe(0);
      expect(await openai.getByLabel('New value').inputValue()).toBe(value);

      await openai.getByRole('button', { name: 'Save & Overwrite' }).click();
      await confirm.getByRole('button', { name: 'Overwrite' }).click();
      await expect.poll(() => openai.getByRole('form').count()).toBe(0);
      expect(await openai.getAttribute('data-state')).toBe('configured');
      await expect.poll(() => openai.locator('time').getAttribute('datetime')).not.toBe(before);
      expect(await page.getByTestId('notice').textContent()).toContain('OpenAI API Key rotated in acme / shared:');
      await expectNoLeak(page, value);
    } finally {
      await app.close();
    }
  });

  it('keeps the form and the value when a write fails, then succeeds on retry', async () => {
    const app = await openApp({ before: seededWithoutChecks });
    const { page } = app;
    try {
      await ready(page);
      const deepgram = card(page, 'deepgram_api_key');
      await deepgram.getByRole('button', { name: 'Add Key: Deepgram API Key' }).click();
      const value = canary('dg-');
      await deepgram.getByLabel('Value', { exact: true }).fill(value);

      // Someone makes the profile read-only meanwhile: main refuses the write.
      const backend = backendOf(app.host);
      await backend.call('saveProfile', { profile: { kind: 'embedded', id: 'embedded', name: 'Embedded vault', env: 'dev', readOnly: true } });
      await deepgram.getByRole('button', { name: 'Save', exact: true }).click();
      const error = deepgram.locator('[data-error-code="READ_ONLY_PROFILE"]');
      await error.waitFor();
      expect(await error.textContent()).toContain('Read-only profile');
      expect(await error.textContent()).toContain('Next step:');
      expect(await error.textContent()).not.toContain(value);
      const input = deepgram.getByLabel('Value', { exact: true });
      expect(await input.inputValue()).toBe(value);
      expect(await input.getAttribute('value')).toBeNull();
      // Focus is back in the value field (not lost to <body>), which names the error box.
      await expect.poll(() => isFocused(input)).toBe(true);
      expect((await input.getAttribute('aria-describedby'))?.split(' ')).toContain(await error.getAttribute('id'));

      await backend.call('saveProfile', { profile: { kind: 'embedded', id: 'embedded', name: 'Embedded vault', env: 'dev', readOnly: false } });
      await deepgram.getByRole('button', { name: 'Save', exact: true }).click();
      await expect.poll(() => deepgram.getAttribute('data-state')).toBe('configured');
      await expectNoLeak(page, value);
    } finally {
      await app.close();
    }
  });

  it('keeps the focus on the page when a form goes away with what opened it (review finding)', async () => {
    const app = await openApp({ before: seededWithoutChecks });
    const { page } = app;
    const focusedId = (): Promise<string> => page.evaluate(() => (document.activeElement === document.body ? 'body' : document.activeElement?.id || document.activeElement?.tagName || 'none'));
    try {
      await ready(page);
      // Escape in the name form: back on the button that opened it (it replaces the form).
      const add = page.getByRole('button', { name: 'Add custom secret' });
      await add.click();
      const form = page.getByRole('form', { name: 'Add custom secret' });
      await form.getByLabel('Secret name').fill('draft_key');
      await page.keyboard.press('Escape');
      await expect.poll(() => form.count()).toBe(0);
      await expect.poll(() => isFocused(add)).toBe(true);

      // Cancel in the write form of an unsaved custom name: the card goes with it; the focus goes
      // to the main panel, not to the page's body (where a keyboard user would start over).
      await add.click();
      await form.getByLabel('Secret name').fill('draft_key');
      await form.getByRole('button', { name: 'Continue' }).click();
      const draft = card(page, 'draft_key');
      await draft.getByLabel('Value', { exact: true }).waitFor();
      await draft.getByRole('button', { name: 'Cancel' }).click();
      await expect.poll(() => draft.count()).toBe(0);
      await expect.poll(focusedId).toBe('main');
    } finally {
      await app.close();
    }
  });

  it('adds a custom secret, refusing invalid names as they are typed', async () => {
    const app = await openApp({ before: seededWithoutChecks });
    const { page } = app;
    try {
      await ready(page);
      await page.getByRole('button', { name: 'Add custom secret' }).click();
      const form = page.getByRole('form', { name: 'Add custom secret' });
      const name = form.getByLabel('Secret name');
      const problem = form.getByRole('alert');
      const cases: [string, string][] = [
        ['Slack_Token', 'must be lower-case'],
        ['slack token', 'must not contain spaces'],
        ['slack/token', 'must not contain "/"'],
        ['_slack', 'must start with a letter or digit'],
        ['slаck', 'plain ASCII'], // Cyrillic "а"
        ['slack-abcdef', 'must not end with "-" followed by six characters'],
        ['openai_api_key', 'This is a catalog secret'],
        ['stripe_api_key', 'already listed'],
      ];
      for (const [typed, message] of cases) {
        await name.fill(typed);
        expect(await problem.textContent(), typed).toContain(message);
        expect(await name.getAttribute('aria-invalid')).toBe('true');
      }
      await form.evaluate((node) => node.scrollIntoView({ block: 'center' }));
      await checkScreen(page, 'custom-secret-invalid');
      await form.getByRole('button', { name: 'Continue' }).click();
      // The refused click is handled (the problem is still announced, the form still open) and
      // the page has painted since, so "no write form" is not read before it could appear.
      await expect.poll(() => problem.textContent()).toContain('already listed');
      await settle(page);
      expect(await page.getByRole('form', { name: /^Add key/ }).count()).toBe(0);

      await name.fill('slack_bot_token');
      await expect.poll(() => problem.count()).toBe(0);
      await form.getByRole('button', { name: 'Continue' }).click();
      const slack = card(page, 'slack_bot_token');
      await expect.poll(() => slack.getAttribute('data-state')).toBe('not-configured');
      const value = canary('xoxb-');
      await slack.getByLabel('Value', { exact: true }).fill(value);
      await slack.getByLabel('Description (optional)').fill('Posts release notes');
      await slack.getByRole('button', { name: 'Save', exact: true }).click();
      await expect.poll(() => slack.getAttribute('data-state')).toBe('configured');
      expect(await slack.textContent()).toContain('Posts release notes');
      expect(await slack.getByTestId('secret-id').textContent()).toBe('agentfoundry/dev/acme/shared/slack_bot_token');
      await expectNoLeak(page, value);
    } finally {
      await app.close();
    }
  });

  it('adds a key with the keyboard alone', async () => {
    const app = await openApp({ before: seededWithoutChecks });
    const { page } = app;
    try {
      // The app opens on the coverage matrix (the home screen); the skip link is still the first stop.
      await page.getByRole('heading', { level: 1, name: 'Coverage' }).waitFor();
      await page.keyboard.press('Tab');
      await expect.poll(() => focusedName(page)).toBe('Skip to main content');
      // Then the screens: Coverage, Secrets.
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await expect.poll(() => focusedName(page)).toBe('Secrets');
      await page.keyboard.press('Enter');
      await ready(page);
      // Back to the skip link, which jumps past the sidebar.
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Shift+Tab');
      await expect.poll(() => focusedName(page)).toBe('Skip to main content');
      await page.keyboard.press('Enter');
      await tabTo(page, 'Add Key: ElevenLabs API Key');
      await page.keyboard.press('Enter');
      // Focus lands in the value field; Escape cancels and returns to the button.
      await expect.poll(() => focusedName(page)).toBe('Value');
      await page.keyboard.type('throwaway');
      await page.keyboard.press('Escape');
      await expect.poll(() => focusedName(page)).toBe('Add Key: ElevenLabs API Key');
      await expectNoLeak(page, 'throwaway');

      await page.keyboard.press('Enter');
      const value = canary('sk_');
      await page.keyboard.type(value);
      await page.keyboard.press('Tab');
      await expect.poll(() => focusedName(page)).toBe('Description (optional)');
      await page.keyboard.press('Tab');
      await expect.poll(() => focusedName(page)).toBe('Save');
      await page.keyboard.press('Enter');
      const eleven = card(page, 'elevenlabs_api_key');
      await expect.poll(() => eleven.getAttribute('data-state')).toBe('configured');
      // Focus goes back to the card's action, now "Rotate Key".
      await expect.poll(() => focusedName(page)).toBe('Rotate Key: ElevenLabs API Key');
      // The focused control shows a visible focus ring.
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
      expect(outline).not.toBe('none');
      await expectNoLeak(page, value);
    } finally {
      await app.close();
    }
  });

  it('returns focus to the value field after a failed rotation, past the closed confirmation', async () => {
    const app = await openApp({ before: seededWithoutChecks });
    const { page } = app;
    try {
      await ready(page);
      const stripe = card(page, 'stripe_api_key');
      await stripe.getByRole('button', { name: 'Rotate Key: stripe_api_key' }).click();
      const input = stripe.getByLabel('New value');
      const value = canary('sk_live_');
      await input.fill(value);
      // Scheduled for deletion meanwhile: main refuses the rotation.
      await backendOf(app.host).call('removeSecret', { orgId: 'acme', secretName: 'stripe_api_key', mode: { kind: 'recoverable', recoveryWindowDays: 7 } });
      await stripe.getByRole('button', { name: 'Save & Overwrite' }).click();
      await page.getByRole('alertdialog', { name: 'Overwrite stripe_api_key?' }).getByRole('button', { name: 'Overwrite' }).click();
      const error = stripe.locator('[data-error-code="SCHEDULED_FOR_DELETION"]');
      await error.waitFor();
      await expect.poll(() => isFocused(input)).toBe(true);
      expect((await input.getAttribute('aria-describedby'))?.split(' ')).toContain(await error.getAttribute('id'));
      expect(await input.inputValue()).toBe(value);
      await stripe.getByRole('button', { name: 'Cancel' }).click();
      await expectNoLeak(page, value);
    } finally {
      await app.close();
    }
  });

  it('a slow save that lands after a switch leaves the form now open (and its value) alone', async () => {
    const app = await openApp({ before: seededWithoutChecks });
    const { page } = app;
    try {
      await ready(page);
      // The write reaches main at once; its answer is held back until released.
      let release: () => void = () => undefined;
      const released = new Promise<void>((resolve) => (release = resolve));
      let answered: () => void = () => undefined;
      const answeredPromise = new Promise<void>((resolve) => (answered = resolve));
      await page.route('**/ipc/writeSecret', async (route) => {
        const response = await route.fetch();
        await released;
        await route.fulfill({ response });
        answered();
      });

      const acmeValue = canary('sk-ant-');
      await card(page, 'anthropic_api_key').getByRole('button', { name: 'Add Key: Anthropic API Key' }).click();
      await card(page, 'anthropic_api_key').getByLabel('Value', { exact: true }).fill(acmeValue);
      await card(page, 'anthropic_api_key').getByRole('button', { name: 'Save', exact: true }).click();
      await card(page, 'anthropic_api_key').getByRole('button', { name: 'Saving…' }).waitFor();

      // Another org, the same secret's form, a value half typed.
      await page.getByRole('list', { name: 'Organizations' }).getByRole('button', { name: /^globex/ }).click();
      await ready(page, 'globex');
      const globex = card(page, 'anthropic_api_key');
      await globex.getByRole('button', { name: 'Add Key: Anthropic API Key' }).click();
      const typed = canary('sk-ant-');
      await globex.getByLabel('Value', { exact: true }).fill(typed);

      release();
      await answeredPromise;
      await settle(page);
      // The answer was for acme: this form stays open with what was typed, and nothing claims a save
      // here. The notice tells how acme's save ended, naming acme (a save is news even when its form
      // has gone: review finding).
      expect(await globex.getByRole('form', { name: 'Add key: Anthropic API Key' }).count()).toBe(1);
      expect(await globex.getByLabel('Value', { exact: true }).inputValue()).toBe(typed);
      expect(await globex.getAttribute('data-state')).toBe('not-configured');
      const notice = (await page.getByTestId('notice').textContent()) ?? '';
      expect(notice).toContain('Anthropic API Key saved in acme / shared.');
      expect(notice).not.toContain('globex');
      expect(await storeSnapshot(page)).toMatchObject({ openForm: 'anthropic_api_key', selectedOrgId: 'globex' });
      // The write itself went through, in acme.
      expect(await backendOf(app.host).call('getSecretStatus', { orgId: 'acme', secretName: 'anthropic_api_key' })).toMatchObject({ state: 'configured' });
      await globex.getByRole('button', { name: 'Cancel' }).click();
      await expectNoLeak(page, acmeValue);
      await expectNoLeak(page, typed);
    } finally {
      await app.close();
    }
  });

  it('says the app (not the backend) did not answer, and that a write may have happened', async () => {
    const app = await openApp({ before: seededWithoutChecks });
    const { page } = app;
    try {
      await ready(page);
      // The transport itself fails: the request never gets an answer.
      await page.route('**/ipc/writeSecret', (route) => route.abort('connectionreset'));
      const anthropic = card(page, 'anthropic_api_key');
      await anthropic.getByRole('button', { name: 'Add Key: Anthropic API Key' }).click();
      const value = canary('sk-ant-');
      await anthropic.getByLabel('Value', { exact: true }).fill(value);
      await anthropic.getByRole('button', { name: 'Save', exact: true }).click();
      const error = anthropic.locator('[data-error-code="UNREACHABLE"]');
      await error.waitFor();
      // Chromium reports the aborted request on the console; that one was provoked on purpose.
      app.problems.splice(0, app.problems.length, ...app.problems.filter((p) => !p.includes('net::ERR_CONNECTION_RESET')));
      const text = (await error.textContent()) ?? '';
      expect(text).toContain('The app did not answer');
      expect(text).toContain('main process');
      expect(text).toContain('Outcome unknown');
      expect(text).toContain('check the current status before retrying');
      expect(text).not.toContain('Not saved');
      expect(text).not.toContain('Check that the backend');
      expect(text).not.toContain('embedded vault');
      await checkScreen(page, 'write-no-answer');
      await anthropic.getByRole('button', { name: 'Cancel' }).click();
      await expectNoLeak(page, value);
    } finally {
      await app.close();
    }
  });
});

describe.skipIf(unavailable !== null)(`the save button's wording${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('says Save for a key that is not configured or only inherited, Save & Overwrite for a configured one', async () => {
    const app = await openApp({ before: seededWithoutChecks });
    const { page } = app;
    try {
      await ready(page);
      const cases: [secretName: string, opener: string, button: string][] = [
        ['anthropic_api_key', 'Add Key: Anthropic API Key', 'Save'],
        ['openai_api_key', 'Rotate Key: OpenAI API Key', 'Save & Overwrite'],
      ];
      for (const [secretName, opener, button] of cases) {
        const target = card(page, secretName);
        await target.getByRole('button', { name: opener }).click();
        const form = target.getByRole('form');
        // The form comes with its own chunk (later-parts.ts): waited for, as a person sees it appear.
        await expect.poll(async () => (await form.getByRole('button', { name: /^Save/ }).allTextContents()).map((t) => t.trim()), { message: secretName }).toEqual([button]);
        await form.getByRole('button', { name: 'Cancel' }).click();
      }
      // In the support domain OpenAI's key is inherited from shared: a value of its own is new here.
      await page.getByLabel('Domain', { exact: true }).selectOption('support');
      const inherited = card(page, 'openai_api_key');
      await expect.poll(() => inherited.getAttribute('data-state')).toBe('inherited');
      await inherited.getByRole('button', { name: 'Add Key: OpenAI API Key' }).click();
      const value = canary();
      await inherited.getByLabel('Value', { exact: true }).fill(value);
      expect((await inherited.getByRole('button', { name: /^Save/ }).allTextContents()).map((t) => t.trim())).toEqual(['Save']);
      await inherited.getByRole('button', { name: 'Save', exact: true }).click();
      // No overwrite confirmation: the shared value is untouched.
      await expect.poll(() => inherited.getAttribute('data-state')).toBe('configured');
      expect(await page.getByRole('alertdialog').count()).toBe(0);
      await expectNoLeak(page, value);
    } finally {
      await app.close();
    }
  });
});
