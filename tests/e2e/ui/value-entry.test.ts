/**
 * Values arrive exactly as typed, pasted or picked: every case is read back THROUGH THE VAULT (the
 * real AWS SDK against the embedded vault the host used), not through the app, which cannot read a
 * value. Refusals are checked there too: nothing stored. After every flow the value is nowhere in
 * the page (DOM, fields, URL, storage, IndexedDB, store, console).
 *
 * Live key checks are off in these tests (they are about values; key-checks-ui.test.ts covers checks).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumUnavailable, findValueLeaks, horizontalOverflow, openApp, closeAndRead, type OpenedApp, type StoredValue } from '../harness';
import { backendOf, seedAcme, turnOffKeyChecks } from './fixtures/backend';
import { canary, card, checkScreen, expectNoLeak, isFocused, ready, recordIpc } from './fixtures/page';

const unavailable = chromiumUnavailable();


/** An app on its own data directory (kept after close, so the test can open its vault), seeded, checks off. */
async function openOwnApp(): Promise<{ app: OpenedApp; dir: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'foundry-values-'));
  const app = await openApp({
    userDataDir: dir,
    before: async (host) => {
      const backend = backendOf(host);
      await seedAcme(backend);
      await turnOffKeyChecks(backend);
    },
  });
  await ready(app.page);
  return { app, dir };
}

/** A custom secret's card with its Add Key form open (through the UI's Add custom secret form). */
async function customSecretForm(page: Page, secretName: string): Promise<Locator> {
  await page.getByRole('button', { name: 'Add custom secret' }).click();
  const form = page.getByRole('form', { name: 'Add custom secret' });
  await form.getByLabel('Secret name').fill(secretName);
  await form.getByRole('button', { name: 'Continue' }).click();
  const target = card(page, secretName);
  await target.getByRole('form', { name: `Add key: ${secretName}` }).waitFor();
  return target;
}

/**
 * A real paste: a `paste` ClipboardEvent carrying the text in its DataTransfer, dispatched on the
 * focused field the way Chromium does it (cancelable; the app's handler decides what is inserted).
 * Returns whether the default action was prevented, which is the app's handler at work: an
 * unhandled synthetic paste inserts nothing, so only the handler can put the text anywhere.
 */
async function paste(field: Locator, text: string): Promise<boolean> {
  await field.focus();
  return field.evaluate((node, pasted) => {
    const data = new DataTransfer();
    data.setData('text/plain', pasted);
    const event = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true, composed: true });
    node.dispatchEvent(event);
    return event.defaultPrevented;
  }, text);
}

/** What the masked textarea holds for a value: a mark per character, line breaks kept. */
const masked = (value: string): string => value.replace(/[^\n]/g, '•');

/** A drop from another application: a `drop` DragEvent carrying the text, as Chromium dispatches it. */
async function drop(field: Locator, text: string): Promise<boolean> {
  return field.evaluate((node, dropped) => {
    const data = new DataTransfer();
    data.setData('text/plain', dropped);
    const event = new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true, composed: true });
    node.dispatchEvent(event);
    return event.defaultPrevented;
  }, text);
}

/** A PEM private key shaped like the real thing, with a unique body (to search the page for). */
function pemKey(): { pem: string; marker: string } {
  const marker = `CANARY${randomBytes(8).toString('hex')}`;
  const body = `${marker}${randomBytes(180).toString('base64')}`;
  const lines = body.match(/.{1,64}/g) ?? [];
  return { pem: `-----BEGIN PRIVATE KEY-----\n${lines.join('\n')}\n-----END PRIVATE KEY-----\n`, marker };
}

/** Picks a format the way a mouse does: on the segment's label (the radio inside is visually hidden). */
async function chooseMode(target: Locator, mode: 'Single line' | 'Multi-line' | 'JSON'): Promise<void> {
  await target.locator('label').filter({ hasText: new RegExp(`^${mode}$`) }).click();
  await expect.poll(() => target.getByRole('radio', { name: mode }).isChecked()).toBe(true);
}

function text(stored: StoredValue | null | undefined): string | undefined {
  return stored?.kind === 'string' ? stored.text : undefined;
}

describe.skipIf(unavailable !== null)(`values arrive exactly as entered${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('a PEM key pasted into the single-line field switches it to Multi-line and is stored byte for byte', async () => {
    const { app, dir } = await openOwnApp();
    const { page } = app;
    let stored: Map<string, StoredValue | null>;
    const { pem, marker } = pemKey();
    try {
      const target = await customSecretForm(page, 'tls_private_key');
      const single = target.getByLabel('Value', { exact: true });
      expect(await single.getAttribute('type')).toBe('password');
      expect(await target.getByRole('radio', { name: 'Single line' }).isChecked()).toBe(true);

      // The paste that used to be flattened: the handler takes it (default prevented) …
      expect(await paste(single, pem)).toBe(true);
      // … switches the field to Multi-line, puts the text there exactly, and says why.
      const field = target.getByLabel('Value', { exact: true });
      await expect.poll(() => field.evaluate((node) => node.tagName)).toBe('TEXTAREA');
      // The textarea holds a mask of the value (its shape, never its text).
      expect(await field.inputValue()).toBe(masked(pem));
      expect(await target.getByRole('radio', { name: 'Multi-line' }).isChecked()).toBe(true);
      const status = target.getByText('The pasted value has line breaks, so the field switched to Multi-line to keep them.');
      expect(await status.getAttribute('role')).toBe('status');
      expect(await isFocused(field)).toBe(true);
      // Masked like a password field, and the value only in the DOM property: no attribute, no text node.
      expect(await field.evaluate((node) => getComputedStyle(node).getPropertyValue('-webkit-text-security'))).toBe('disc');
      expect(await field.evaluate((node) => node.textContent)).toBe('');
      expect(await field.getAttribute('value')).toBeNull();
      expect(await field.getAttribute('name')).toBeNull();
      // Nowhere: not in the DOM, the field's text, nor the accessibility tree (findValueLeaks reads it).
      expect(await findValueLeaks(page, marker)).toEqual([]);
      // Like a password field, the masked textarea does not let its text be copied or cut out.
      for (const type of ['copy', 'cut']) {
        const kept = await field.evaluate((node, kind) => {
          const event = new ClipboardEvent(kind, { clipboardData: new DataTransfer(), bubbles: true, cancelable: true });
          node.dispatchEvent(event);
          return event.defaultPrevented;
        }, type);
        expect(kept, type).toBe(true);
      }

      // Back to Single line would flatten it: not offered while the value has line breaks, and said why.
      const singleRadio = target.getByRole('radio', { name: 'Single line' });
      expect(await singleRadio.isDisabled()).toBe(true);
      const blocked = target.getByText('Single line is not available while the value has line breaks');
      expect(await blocked.isVisible()).toBe(true);
      expect(await target.getByRole('group', { name: 'Format of the value' }).getAttribute('aria-describedby')).toBe(await blocked.getAttribute('id'));

      // The key ends with a line break: a warning, and a choice nobody made yet.
      const warning = target.getByText('The value ends with a line break.');
      expect(await warning.isVisible()).toBe(true);
      await target.getByRole('form').evaluate((node) => node.scrollIntoView({ block: 'end' }));
      await checkScreen(page, 'value-multiline');
      await target.getByRole('button', { name: 'Save', exact: true }).click();
      const missing = target.getByText('Choose whether to keep the value exactly as is or to trim it');
      await missing.waitFor();
      expect(await missing.getAttribute('role')).toBe('alert');
      const keep = target.getByRole('radio', { name: 'Keep exactly as is' });
      await expect.poll(() => isFocused(keep)).toBe(true);
      expect(await backendOf(app.host).call('getSecretStatus', { orgId: 'acme', secretName: 'tls_private_key' })).toMatchObject({ state: 'not-configured' });

      await keep.check();
      await target.getByRole('button', { name: 'Save', exact: true }).click();
      await expect.poll(() => target.getAttribute('data-state')).toBe('configured');
      await expectNoLeak(page, marker);
      await expectNoLeak(page, pem);
    } finally {
      stored = await closeAndRead(app, dir, ['tls_private_key']);
    }
    expect(text(stored.get('tls_private_key'))).toBe(pem);
  });

  it('the masked multi-line field: typed, deleted and replaced exactly, never in the DOM or the accessibility tree, no undo', async () => {
    const { app, dir } = await openOwnApp();
    const { page } = app;
    let stored: Map<string, StoredValue | null>;
    const secret = canary('typed-');
    try {
      const target = await customSecretForm(page, 'typed_key');
      // The segmented control: its label covers the (visually hidden) radio, as a person sees it.
      await target.getByText('Multi-line', { exact: true }).click();
      const field = target.getByLabel('Value', { exact: true });
      await field.focus();
      await page.keyboard.type(`${secret}\nline 2 with a • mark`);
      await page.keyboard.press('Backspace'); // "mar"
      await page.keyboard.press('Home');
      await page.keyboard.press('Delete'); // "ine 2 …"
      await page.keyboard.type('L');
      // Undo would bring a mask back instead of a value: it does nothing here.
      await page.keyboard.press('Control+z');
      expect(await field.inputValue()).toBe(masked(`${secret}\nLine 2 with a • mar`));
      expect(await findValueLeaks(page, secret)).toEqual([]);
      await target.getByRole('button', { name: 'Save', exact: true }).click();
      await expect.poll(() => target.getAttribute('data-state')).toBe('configured');
    } finally {
      stored = await closeAndRead(app, dir, ['typed_key']);
    }
    expect(text(stored.get('typed_key'))).toBe(`${secret}\nLine 2 with a • mar`);
  });

  it('a multi-line drop onto the single-line field switches to Multi-line rather than being flattened', async () => {
    const { app, dir } = await openOwnApp();
    const { page } = app;
    let stored: Map<string, StoredValue | null>;
    const { pem } = pemKey();
    try {
      const target = await customSecretForm(page, 'dropped_key');
      const single = target.getByLabel('Value', { exact: true });
      expect(await drop(single, pem)).toBe(true);
      const field = target.getByLabel('Value', { exact: true });
      await expect.poll(() => field.evaluate((node) => node.tagName)).toBe('TEXTAREA');
      expect(await field.inputValue()).toBe(masked(pem));
      await target.getByRole('radio', { name: 'Keep exactly as is' }).check();
      await target.getByRole('button', { name: 'Save', exact: true }).click();
      await expect.poll(() => target.getAttribute('data-state')).toBe('configured');
    } finally {
      stored = await closeAndRead(app, dir, ['dropped_key']);
    }
    expect(text(stored.get('dropped_key'))).toBe(pem);
  });

  it('a paste with Windows line breaks says they are saved as LF (and points to From file…)', async () => {
    const { app, dir } = await openOwnApp();
    const { page } = app;
    let stored: Map<string, StoredValue | null>;
    const secret = canary('crlf-');
    const pasted = `${secret}\r\nsecond line\r\nthird`;
    try {
      const target = await customSecretForm(page, 'crlf_note');
      const single = target.getByLabel('Value', { exact: true });
      // Typed text before the caret stays; the paste replaces the selection.
      await single.fill('prefix-XXXX');
      await single.evaluate((node: HTMLInputElement) => node.setSelectionRange(7, 11));
      expect(await paste(single, pasted)).toBe(true);
      const field = target.getByLabel('Value', { exact: true });
      await expect.poll(() => field.evaluate((node) => node.tagName)).toBe('TEXTAREA');
      expect(await field.inputValue()).toBe(masked(`prefix-${secret}\nsecond line\nthird`));
      const note = target.getByRole('status').filter({ hasText: 'switched to Multi-line' });
      expect(await note.textContent()).toContain('Line breaks are saved as LF; to keep Windows (CRLF) line breaks exactly, use From file…');
      // Pasting into the Multi-line field itself says it too (the browser stores LF there).
      await field.fill('');
      expect(await paste(field, 'a\r\nb')).toBe(false);
      await target.getByText('Line breaks are saved as LF').first().waitFor();
      await field.fill(`prefix-${secret}\nsecond line\nthird`);
      await target.getByRole('button', { name: 'Save', exact: true }).click();
      await expect.poll(() => target.getAttribute('data-state')).toBe('configured');
      await expectNoLeak(page, secret);
    } finally {
      stored = await closeAndRead(app, dir, ['crlf_note']);
    }
    expect(text(stored.get('crlf_note'))).toBe(`prefix-${secret}\nsecond line\nthird`);
  });

  it('JSON mode: refuses invalid JSON with its line and column, re-checks as you edit, stores the document exactly', async () => {
    const { app, dir } = await openOwnApp();
    const { page } = app;
    let stored: Map<string, StoredValue | null>;
    const secret = canary('json-');
    const broken = `{\n  "client_id": "${secret}",\n  "scopes": ["read",, "write"]\n}`;
    const fixed = `{\n  "client_id": "${secret}",\n  "scopes": ["read", "write"],\n  "nested": { "n": 1.5e3, "ok": true, "none": null }\n}`;
    try {
      const target = await customSecretForm(page, 'service_account');
      // The segmented control is a radio group: arrow keys move and select.
      await target.getByRole('radio', { name: 'Single line' }).focus();
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      const json = target.getByRole('radio', { name: 'JSON' });
      expect(await json.isChecked()).toBe(true);
      expect(await isFocused(json)).toBe(true);

      const field = target.getByLabel('Value', { exact: true });
      expect(await field.evaluate((node) => node.tagName)).toBe('TEXTAREA');
      await field.fill(broken);
      // Not judged while typing the first time; on Save: where, and what was expected, never the text.
      expect(await target.getByText('not valid JSON').count()).toBe(0);
      await target.getByRole('button', { name: 'Save', exact: true }).click();
      const problem = target.getByRole('alert').filter({ hasText: 'not valid JSON' });
      await problem.waitFor();
      // No column: on line 3 it would count the characters before it (here a string of the value).
      expect(await problem.textContent()).toBe('The value is not valid JSON: at line 3, expected a value (object, array, string, number, true, false or null).');
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      expect(await isFocused(field)).toBe(true);
      expect(await backendOf(app.host).call('getSecretStatus', { orgId: 'acme', secretName: 'service_account' })).toMatchObject({ state: 'not-configured' });

      // After a refused Save the problem follows the edits.
      await field.fill(`{\n  "client_id": "${secret}"\n  "x": 1\n}`);
      await expect.poll(() => problem.textContent()).toContain('at line 3, column 3, expected "," or "}" after a property value');
      await field.fill(fixed);
      await expect.poll(() => target.getByText('not valid JSON').count()).toBe(0);
      expect(await field.getAttribute('aria-invalid')).toBe('false');
      await target.getByRole('button', { name: 'Save', exact: true }).click();
      await expect.poll(() => target.getAttribute('data-state')).toBe('configured');
      await expectNoLeak(page, secret);
    } finally {
      stored = await closeAndRead(app, dir, ['service_account']);
    }
    expect(text(stored.get('service_account'))).toBe(fixed);
  });

  it('keeps or trims whitespace at the ends only as chosen; tabs and non-ASCII text are stored as typed', async () => {
    const { app, dir } = await openOwnApp();
    const { page } = app;
    let stored: Map<string, StoredValue | null>;
    const token = canary('tok-');
    const cases: { name: string; mode: 'Single line' | 'Multi-line'; typed: string; warning: string | null; choose: string | null; stored: string }[] = [
      { name: 'newline_kept', mode: 'Multi-line', typed: `${token}-a\n`, warning: 'The value ends with a line break.', choose: 'Keep exactly as is', stored: `${token}-a\n` },
      { name: 'newline_trimmed', mode: 'Multi-line', typed: `${token}-b\n`, warning: 'The value ends with a line break.', choose: 'Trim it', stored: `${token}-b` },
      { name: 'tabs_inside', mode: 'Single line', typed: `${token}\tcol-2\tcol-3`, warning: null, choose: null, stored: `${token}\tcol-2\tcol-3` },
      { name: 'tab_leading', mode: 'Single line', typed: `\t${token}-c`, warning: 'The value starts with a space or tab.', choose: 'Keep exactly as is', stored: `\t${token}-c` },
      { name: 'non_ascii', mode: 'Single line', typed: `clé-ключ-鍵-🔑-${token}`, warning: null, choose: null, stored: `clé-ключ-鍵-🔑-${token}` },
    ];
    try {
      for (const entry of cases) {
        const target = await customSecretForm(page, entry.name);
        if (entry.mode === 'Multi-line') await chooseMode(target, 'Multi-line');
        const field = target.getByLabel('Value', { exact: true });
        await field.fill(entry.typed);
        if (entry.warning) {
          const group = target.getByRole('group', { name: entry.warning });
          await group.waitFor();
          // Never preselected: the person decides.
          expect(await group.getByRole('radio', { checked: true }).count(), entry.name).toBe(0);
          await group.getByRole('radio', { name: entry.choose ?? '' }).check();
        } else {
          expect(await target.getByTestId('whitespace-choice').count(), entry.name).toBe(0);
        }
        await target.getByRole('button', { name: 'Save', exact: true }).click();
        await expect.poll(() => target.getAttribute('data-state'), { message: entry.name }).toBe('configured');
      }
      await expectNoLeak(page, token);
    } finally {
      stored = await closeAndRead(app, dir, cases.map((c) => c.name));
    }
    for (const entry of cases) expect(text(stored.get(entry.name)), entry.name).toBe(entry.stored);
  });

  it('counts UTF-8 bytes: exactly 65,536 is stored, one more is refused as you type; blank values are refused', async () => {
    const { app, dir } = await openOwnApp();
    const { page } = app;
    let stored: Map<string, StoredValue | null>;
    // 1 + 2 + 3 + 4 bytes per group: characters and bytes differ (26,212 UTF-16 units, 65,536 bytes).
    const unit = 'aé鍵🔑';
    const exact = `${unit.repeat(6553)}${'b'.repeat(6)}`;
    expect(Buffer.byteLength(exact, 'utf8')).toBe(65_536);
    const over = `${exact}c`;
    try {
      const fits = await customSecretForm(page, 'exactly_max');
      await fits.getByLabel('Value', { exact: true }).fill(exact);
      expect(await fits.getByRole('alert').count()).toBe(0);
      await fits.getByRole('button', { name: 'Save', exact: true }).click();
      await expect.poll(() => fits.getAttribute('data-state')).toBe('configured');

      const tooBig = await customSecretForm(page, 'one_byte_over');
      const field = tooBig.getByLabel('Value', { exact: true });
      await field.fill(over);
      // Before any Save: the problem is there as typed, against the limit, with no count in it.
      const alert = tooBig.getByRole('alert');
      await alert.waitFor();
      const said = (await alert.textContent()) ?? '';
      expect(said).toContain('longer than 65,536 bytes, the most a secret can hold');
      expect(said).not.toMatch(/65,?537|26,?21\d/);
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      const ipc = recordIpc(page);
      await tooBig.getByRole('button', { name: 'Save', exact: true }).click();
      expect(await isFocused(field)).toBe(true);
      // Back under the limit, the problem goes.
      await field.fill(exact);
      await expect.poll(() => alert.count()).toBe(0);
      await field.fill(over);

      const blank = await customSecretForm(page, 'only_spaces');
      await blank.getByLabel('Value', { exact: true }).fill('   ');
      // Whitespace only is not "whitespace at the ends": no keep-or-trim question, a refusal on Save.
      expect(await blank.getByTestId('whitespace-choice').count()).toBe(0);
      await blank.getByRole('button', { name: 'Save', exact: true }).click();
      expect(await blank.getByRole('alert').textContent()).toBe('The value is only spaces, tabs or line breaks; enter the secret itself.');

      const empty = await customSecretForm(page, 'nothing_typed');
      await empty.getByRole('button', { name: 'Save', exact: true }).click();
      expect(await empty.getByRole('alert').textContent()).toBe('Enter a value: it must not be empty.');
      // None of the refusals reached main.
      expect(ipc.filter((channel) => channel === 'writeSecret')).toEqual([]);
      await expectNoLeak(page, 'aé鍵🔑aé鍵🔑');
    } finally {
      stored = await closeAndRead(app, dir, ['exactly_max', 'one_byte_over', 'only_spaces', 'nothing_typed']);
    }
    expect(text(stored.get('exactly_max'))).toBe(exact);
    expect(stored.get('one_byte_over')).toBeNull();
    expect(stored.get('only_spaces')).toBeNull();
    expect(stored.get('nothing_typed')).toBeNull();
  });

  it('From file…: a binary file is stored as SecretBinary byte for byte, a PEM file with its last line break kept', async () => {
    const { app, dir } = await openOwnApp();
    const { page } = app;
    let stored: Map<string, StoredValue | null>;
    const imports = path.join(dir, 'imports');
    /** The browser host's "open dialog" takes the newest file in <data>/imports: one file there at a time. */
    async function offer(name: string, content: Uint8Array | string): Promise<void> {
      await rm(imports, { recursive: true, force: true });
      await mkdir(imports, { recursive: true });
      await writeFile(path.join(imports, name), content);
    }
    const binary = new Uint8Array([0x00, 0xff, 0xfe, 0x00, 0x80, 0x0a, 0x0d, 0x20, ...randomBytes(200), 0xff, 0x00]);
    const { pem, marker } = pemKey();
    try {
      const ipc = recordIpc(page);
      const keystore = await customSecretForm(page, 'keystore');
      await offer('keystore.p12', binary);
      await keystore.getByRole('button', { name: 'From file…' }).click();
      const chip = keystore.getByRole('group', { name: 'Value from a file' });
      await chip.waitFor();
      // What the window knows: the name and the kind. No size, no line count, no content, no field.
      expect(await chip.textContent()).toBe('keystore.p12· binary (stored as SecretBinary)');
      await expect.poll(() => isFocused(chip)).toBe(true);
      expect(await keystore.getByLabel('Value', { exact: true }).count()).toBe(0);
      expect(await keystore.getByTestId('whitespace-choice').count()).toBe(0);
      await checkScreen(page, 'value-file-picked');
      await keystore.getByRole('button', { name: 'Save', exact: true }).click();
      await expect.poll(() => keystore.getAttribute('data-state')).toBe('configured');

      const cert = await customSecretForm(page, 'tls_key_file');
      await offer('server.key', pem);
      await cert.getByRole('button', { name: 'From file…' }).click();
      const certChip = cert.getByRole('group', { name: 'Value from a file' });
      await certChip.waitFor();
      expect(await certChip.textContent()).toBe('server.key· text, several lines');
      const group = cert.getByRole('group', { name: 'The file ends with a line break.' });
      await group.getByRole('radio', { name: 'Keep exactly as is' }).check();
      await cert.getByRole('button', { name: 'Save', exact: true }).click();
      await expect.poll(() => cert.getAttribute('data-state')).toBe('configured');

      // Changing one's mind: the file is let go of in main, and the typed field comes back.
      const other = await customSecretForm(page, 'changed_mind');
      await offer('wrong.txt', 'not-this-one');
      await other.getByRole('button', { name: 'From file…' }).click();
      await other.getByRole('group', { name: 'Value from a file' }).waitFor();
      await other.getByRole('button', { name: 'Type a value instead' }).click();
      const field = other.getByLabel('Value', { exact: true });
      await expect.poll(() => isFocused(field)).toBe(true);
      await expect.poll(() => ipc.includes('discardValueFile')).toBe(true);
      // A file that can never be a secret is refused by main, in a sentence next to the button.
      await offer('empty.txt', '');
      await other.getByRole('button', { name: 'From file…' }).click();
      await other.getByRole('alert').filter({ hasText: 'The file is empty.' }).waitFor();
      await other.getByRole('button', { name: 'Cancel' }).click();
      await expectNoLeak(page, marker);
      expect(ipc.filter((channel) => channel === 'writeSecret')).toHaveLength(2);
    } finally {
      stored = await closeAndRead(app, dir, ['keystore', 'tls_key_file', 'changed_mind']);
    }
    const keystore = stored.get('keystore');
    expect(keystore?.kind).toBe('binary');
    expect(keystore?.kind === 'binary' && Buffer.from(keystore.bytes).equals(Buffer.from(binary))).toBe(true);
    expect(text(stored.get('tls_key_file'))).toBe(pem);
    expect(stored.get('changed_mind')).toBeNull();
  });

  it('fits a 800×600 window: no horizontal overflow with every part of the form shown', async () => {
    const { app, dir } = await openOwnApp();
    const { page } = app;
    const secret = canary('narrow-');
    try {
      await page.setViewportSize({ width: 800, height: 600 });
      const target = await customSecretForm(page, 'narrow_window');
      await chooseMode(target, 'Multi-line');
      await target.getByLabel('Value', { exact: true }).fill(`${secret}\nline two with a long run of characters ${'x'.repeat(300)}\n`);
      await target.getByRole('group', { name: 'The value ends with a line break.' }).waitFor();
      // The format switch and the field below the shell's header (which takes more room at this width).
      await target.getByRole('group', { name: 'Format of the value' }).evaluate((node) => {
        node.scrollIntoView({ block: 'center' });
        // Only the secrets panel should scroll: the shell's document itself is taller than 600 px.
        if (document.scrollingElement) document.scrollingElement.scrollTop = 0;
      });
      const overflow = await horizontalOverflow(page, 'form[aria-label="Add key: narrow_window"]');
      expect(overflow).toEqual({ page: 0, offenders: [] });
      await checkScreen(page, 'value-form-800x600');
      await target.getByRole('button', { name: 'Cancel' }).click();
      await expectNoLeak(page, secret);
    } finally {
      await closeAndRead(app, dir, []);
    }
  });
});
