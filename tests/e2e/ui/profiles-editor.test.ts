/**
 * Managing profiles in the UI: create (LocalStack, AWS, embedded), edit, remove — each field
 * checked as it is typed with the contract's own messages, nothing lost on a failed save, an
 * explicit confirmation before a profile stops being read-only, and main's refusals shown as main
 * words them. In real Chromium against the browser host (real router, profile store and audit).
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { chromiumUnavailable, openApp } from '../harness';
import { backendOf, seedAcme } from './fixtures/backend';
import { axeViolations, checkScreen, ready } from './fixtures/page';

const unavailable = chromiumUnavailable();

/** The problem shown under a field (its aria-describedby), or null when there is none. */
async function problemOf(page: Page, field: Locator): Promise<string | null> {
  if ((await field.getAttribute('aria-invalid')) !== 'true') return null;
  const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(' ').filter((id) => id.endsWith('-problem'));
  return ids[0] ? page.locator(`[id="${ids[0]}"]`).textContent() : null;
}

function editor(page: Page, name: string | RegExp): Locator {
  return page.getByRole('dialog', { name });
}

/** The profile list as main has it now. */
async function storedProfiles(userDataDir: string): Promise<{ profiles: { id: string; name: string; kind: string; env: string; readOnly: boolean }[]; activeId: string }> {
  return JSON.parse(await fs.readFile(path.join(userDataDir, 'profiles.json'), 'utf8')) as never;
}

describe.skipIf(unavailable !== null)(`managing profiles in the UI${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  // AWS profile names are discovered from ~/.aws (AWS_CONFIG_FILE); this worker gets its own files.
  let awsDir: string;
  beforeAll(async () => {
    awsDir = await fs.mkdtemp(path.join(os.tmpdir(), 'foundry-e2e-aws-'));
    await fs.writeFile(path.join(awsDir, 'config'), '[profile foundry-admin]\nregion = eu-central-1\n\n[profile support-ro]\nregion = us-east-1\n');
    vi.stubEnv('AWS_CONFIG_FILE', path.join(awsDir, 'config'));
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', path.join(awsDir, 'credentials'));
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await fs.rm(awsDir, { recursive: true, force: true });
  });

  it('creates a LocalStack profile: defaults prefilled, id from the name, errors inline; its unreachable endpoint is named', async () => {
    const app = await openApp({
      env: { LOCALSTACK_ENDPOINT: 'http://127.0.0.1:9', AWS_REGION: 'eu-west-1' },
      before: async (host) => seedAcme(backendOf(host)),
    });
    const { page } = app;
    try {
      await ready(page);
      await page.getByRole('button', { name: 'New profile…' }).click();
      const dialog = editor(page, 'New profile');
      await dialog.waitFor();
      // No credential field, and the form says why.
      expect(await dialog.textContent()).toContain('It never holds credentials');
      expect(await dialog.locator('input[type="password"]').count()).toBe(0);
      // It starts from the kind of the profile in use (the embedded vault here).
      expect(await dialog.getByRole('radio', { name: /^Embedded vault/ }).isChecked()).toBe(true);
      await dialog.getByRole('radio', { name: /^LocalStack/ }).check();
      const endpoint = dialog.getByLabel('Endpoint', { exact: true });
      const region = dialog.getByLabel('Region', { exact: true });
      expect(await endpoint.inputValue()).toBe('http://127.0.0.1:9');
      expect(await region.inputValue()).toBe('eu-west-1');

      const name = dialog.getByLabel('Name', { exact: true });
      const id = dialog.getByLabel('Id', { exact: true });
      await name.fill('Local Stack (EU)!');
      expect(await id.inputValue()).toBe('local-stack-eu');
      await name.fill('');
      expect(await problemOf(page, name)).toBe('Profile name must not be empty.');
      expect(await problemOf(page, id)).toMatch(/^Id must be a slug: 1–64 lower-case letters/);
      await name.fill('Local Stack');
      expect(await problemOf(page, name)).toBeNull();
      // An id of its own, once typed, no longer follows the name; one that exists is refused.
      await id.fill('Bad Id');
      expect(await problemOf(page, id)).toMatch(/^Id must be a slug/);
      await id.fill('embedded');
      expect(await problemOf(page, id)).toBe('Another profile already has this id. Choose a different one.');
      await id.fill('local');
      await name.fill('Local Stack EU');
      expect(await id.inputValue()).toBe('local');

      await endpoint.fill('http://user:pw@127.0.0.1:9');
      expect(await problemOf(page, endpoint)).toBe('Endpoint must be an http:// or https:// URL without user name, password, query or fragment.');
      await endpoint.fill('ftp://127.0.0.1:9');
      expect(await problemOf(page, endpoint)).toContain('must be an http:// or https:// URL');
      await region.fill('Mars');
      expect(await problemOf(page, region)).toBe('Region must be an AWS region name such as us-east-1.');
      expect(await axeViolations(page, { modal: true })).toEqual([]);
      await endpoint.fill('http://127.0.0.1:9');
      await region.fill('eu-west-1');
      expect(await dialog.getByRole('alert').count()).toBe(0);
      await checkScreen(page, 'profile-editor', { modal: true });

      await dialog.getByRole('button', { name: 'Create profile' }).click();
      await expect.poll(() => dialog.count()).toBe(0);
      // "Switch to this profile after saving" was on: the app now talks to the unreachable endpoint.
      const error = page.locator('main [data-error-code="UNREACHABLE"]');
      await error.waitFor({ timeout: 20_000 });
      expect(await error.textContent()).toContain('Check that the backend at http://127.0.0.1:9 is running');
      expect(await page.getByTestId('profile-details').textContent()).toContain('http://127.0.0.1:9 · eu-west-1');
      expect(await storedProfiles(app.userDataDir)).toMatchObject({
        activeId: 'local',
        profiles: expect.arrayContaining([{ kind: 'localstack', id: 'local', name: 'Local Stack EU', env: 'dev', readOnly: false, endpoint: 'http://127.0.0.1:9', region: 'eu-west-1' }]),
      });
      await page.getByRole('button', { name: 'Test connection' }).click();
      await page.getByText(/^Not connected/).waitFor({ timeout: 20_000 });

      // With LocalStack in use, the next new profile starts as LocalStack where this one points.
      await page.getByRole('button', { name: 'New profile…' }).click();
      const next = editor(page, 'New profile');
      await next.waitFor();
      expect(await next.getByRole('radio', { name: /^LocalStack/ }).isChecked()).toBe(true);
      expect(await next.getByLabel('Endpoint', { exact: true }).inputValue()).toBe('http://127.0.0.1:9');
      expect(await next.getByLabel('Region', { exact: true }).inputValue()).toBe('eu-west-1');
      expect(await next.getByLabel('Name', { exact: true }).inputValue()).toBe('');
      expect(await next.getByLabel('Environment').inputValue()).toBe('dev');
      await next.getByRole('button', { name: 'Cancel' }).click();
      await expect.poll(() => next.count()).toBe(0);
    } finally {
      await app.close();
    }
  });

  it('creates an AWS profile from ~/.aws, keeps the form on a failed save; main, not the page, confirms re-pointing and read-only off', async () => {
    const app = await openApp({ before: async (host) => seedAcme(backendOf(host)), profileConfirmations: 'desk' });
    // Main's box: its question, answered here as the person would (the page has no way to answer it).
    const answerMain = async (answer: 'approve' | 'decline'): Promise<string[]> => {
      const pending = await app.host.confirmations.next();
      if (answer === 'approve') pending.approve();
      else pending.decline();
      return [...pending.request.detail];
    };
    const { page } = app;
    try {
      await ready(page);
      await page.getByRole('button', { name: 'Profiles', exact: true }).click();
      const main = page.getByRole('main');
      await main.getByRole('heading', { level: 1, name: 'Profiles' }).waitFor();
      await main.getByRole('button', { name: 'New profile…' }).click();
      const dialog = editor(page, 'New profile');
      await dialog.getByRole('radio', { name: /^AWS Secrets Manager/ }).check();
      const awsProfile = dialog.getByLabel('AWS profile');
      expect(await dialog.textContent()).toContain('Found in ~/.aws: foundry-admin, support-ro.');
      expect(await dialog.locator('datalist option').evaluateAll((options) => options.map((o) => o.getAttribute('value')))).toEqual(['foundry-admin', 'support-ro']);
      await awsProfile.fill('my profile');
      expect(await problemOf(page, awsProfile)).toMatch(/^AWS profile must be an AWS profile name: 1–128 visible ASCII characters without spaces/);
      await awsProfile.fill('foundry-admin');
      const region = dialog.getByLabel('Region (optional)');
      await region.fill('eu-central');
      expect(await problemOf(page, region)).toBe('Region must be an AWS region name such as us-east-1.');
      await region.fill('');
      await dialog.getByLabel('Name', { exact: true }).fill('Support prod');
      // A new prod profile starts read-only: the box is ticked and cannot be unticked here.
      await dialog.getByLabel('Environment').selectOption('prod');
      expect(await dialog.getByLabel('Read-only').isChecked()).toBe(true);
      expect(await dialog.getByLabel('Read-only').isDisabled()).toBe(true);
      expect(await dialog.textContent()).toContain('Saving asks you to confirm in a box Foundry Secrets opens outside this window');
      expect(await dialog.textContent()).toContain('red banner frames the window');
      await dialog.getByLabel('Switch to this profile after saving').uncheck();

      // The audit log cannot be written: main refuses the change, and nothing typed is lost.
      const auditDir = path.join(app.userDataDir, 'audit');
      await fs.rename(auditDir, `${auditDir}-saved`);
      await fs.writeFile(auditDir, 'blocked');
      await dialog.getByRole('button', { name: 'Create profile' }).click();
      await dialog.locator('[data-error-code]').waitFor();
      expect(await dialog.textContent()).toContain('Not saved');
      expect(await awsProfile.inputValue()).toBe('foundry-admin');
      expect(await dialog.getByLabel('Id', { exact: true }).inputValue()).toBe('support-prod');
      expect(await dialog.getByLabel('Environment').inputValue()).toBe('prod');
      await fs.rm(auditDir);
      await fs.rename(`${auditDir}-saved`, auditDir);
      await dialog.getByRole('button', { name: 'Create profile' }).click();
      // The form waits for main's box; it is answered outside the page.
      await dialog.getByRole('button', { name: 'Waiting for confirmation…' }).waitFor();
      expect(await answerMain('approve')).toEqual(expect.arrayContaining(['backend: aws', 'AWS profile: foundry-admin', 'env: prod', 'read-only: on']));
      await expect.poll(() => dialog.count()).toBe(0);
      const row = main.locator('article[data-profile="support-prod"]');
      expect(await row.textContent()).toContain('AWS profile foundry-admin');
      expect(await row.textContent()).toContain('read-only');
      // Focus went back to the button that opened the editor.
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('New profile…');

      // Edit: the id and the backend cannot change; turning read-only off is confirmed by main, and a "no" keeps the form.
      await row.getByRole('button', { name: 'Edit: Support prod' }).click();
      const edit = editor(page, 'Edit profile “Support prod”');
      expect(await edit.getByLabel('Id', { exact: true }).getAttribute('readonly')).not.toBeNull();
      expect(await edit.getByRole('radio', { name: /^LocalStack/ }).isDisabled()).toBe(true);
      expect(await edit.textContent()).toContain('A profile’s backend cannot change');
      await edit.getByLabel('Name', { exact: true }).fill('Support prod (EU)');
      expect(await edit.textContent()).not.toContain('Saving asks you to confirm'); // a rename alone is not asked about
      await edit.getByLabel('Region (optional)').fill('eu-central-1');
      await edit.getByLabel('Read-only').uncheck();
      expect(await edit.textContent()).toContain('This allows changes through a profile that is read-only now');
      expect(await edit.textContent()).toContain('Saving asks you to confirm');
      await edit.getByRole('button', { name: 'Save profile' }).click();
      await edit.getByRole('button', { name: 'Waiting for confirmation…' }).waitFor();
      expect(await edit.textContent()).toContain('Confirm the change in the box Foundry Secrets opened for it');
      await checkScreen(page, 'profile-waiting-for-main', { modal: true });
      expect(await answerMain('decline')).toEqual(expect.arrayContaining(['region: (from the AWS profile) → eu-central-1', 'read-only: on → off (changes become possible)']));
      await edit.locator('[data-error-code="ACCESS_DENIED"]').waitFor();
      expect(await edit.textContent()).toContain('The profile change was not confirmed, so nothing was saved');
      expect(await edit.textContent()).not.toContain('IAM'); // a declined box is not a permissions problem
      expect(await edit.getByLabel('Name', { exact: true }).inputValue()).toBe('Support prod (EU)');
      expect((await storedProfiles(app.userDataDir)).profiles.find((p) => p.id === 'support-prod')?.readOnly).toBe(true);
      await edit.getByRole('button', { name: 'Save profile' }).click();
      await answerMain('approve');
      await expect.poll(() => edit.count()).toBe(0);
      await expect.poll(() => row.textContent()).toContain('Support prod (EU)');
      expect(await row.textContent()).not.toContain('read-only');
      expect((await storedProfiles(app.userDataDir)).profiles.find((p) => p.id === 'support-prod')).toEqual({
        kind: 'aws',
        id: 'support-prod',
        name: 'Support prod (EU)',
        env: 'prod',
        readOnly: false,
        awsProfile: 'foundry-admin',
        region: 'eu-central-1',
      });
      await checkScreen(page, 'profiles');
    } finally {
      await app.close();
    }
  });

  it('switching to and editing a prod profile keeps the banner; removing spares the active and the last profile', async () => {
    const app = await openApp({ before: async (host) => seedAcme(backendOf(host)) });
    const { page } = app;
    try {
      await ready(page);
      await page.getByRole('button', { name: 'New profile…' }).click();
      const dialog = editor(page, 'New profile');
      await dialog.getByRole('radio', { name: /^Embedded vault/ }).check();
      await dialog.getByLabel('Name', { exact: true }).fill('Vault prod');
      await dialog.getByLabel('Environment').selectOption('prod');
      // A new prod profile starts read-only: there is nothing to untick here.
      expect(await dialog.getByLabel('Read-only').isDisabled()).toBe(true);
      await dialog.getByRole('button', { name: 'Create profile' }).click();
      const banner = page.getByTestId('prod-banner');
      await banner.waitFor();
      expect(await banner.textContent()).toContain('Vault prod');
      await page.getByRole('heading', { level: 1, name: 'No organization yet' }).waitFor();

      // Editing the active prod profile (its name): the banner stays and follows.
      await page.getByRole('button', { name: 'Edit profile: Vault prod' }).click();
      const edit = editor(page, 'Edit profile “Vault prod”');
      await edit.getByLabel('Name', { exact: true }).fill('Vault production');
      await edit.getByRole('button', { name: 'Save profile' }).click();
      await expect.poll(() => banner.textContent()).toContain('Vault production');

      // Turning the active dev profile into staging moves its secrets' names: the list reloads.
      await page.getByLabel('Active profile').selectOption('embedded');
      await expect.poll(() => banner.count()).toBe(0);
      await ready(page);
      await page.getByRole('button', { name: 'Edit profile: Embedded vault' }).click();
      const embedded = editor(page, 'Edit profile “Embedded vault”');
      await embedded.getByLabel('Environment').selectOption('staging');
      await embedded.getByRole('button', { name: 'Save profile' }).click();
      await page.getByRole('heading', { level: 1, name: 'No organization yet' }).waitFor();
      expect(await page.getByRole('main').textContent()).toContain('agentfoundry/staging/');

      // Remove: not the active profile (no button, the reason instead); another one, after a question.
      await page.getByRole('button', { name: 'Profiles', exact: true }).click();
      const main = page.getByRole('main');
      const active = main.locator('article[data-profile="embedded"]');
      await active.waitFor();
      expect(await active.getByRole('button', { name: /^Remove/ }).count()).toBe(0);
      expect(await active.textContent()).toContain('In use: switch to another profile to remove this one.');
      const prod = main.locator('article[data-profile="vault-prod"]');
      await prod.getByRole('button', { name: 'Remove: Vault production' }).click();
      const question = page.getByRole('alertdialog', { name: 'Remove profile “Vault production”?' });
      expect(await question.textContent()).toContain('the secrets it points at stay where they are');
      await checkScreen(page, 'profile-remove', { modal: true });

      // Meanwhile it became the active one elsewhere: main refuses, and says so in its own words.
      await backendOf(app.host).call('selectProfile', { id: 'vault-prod' });
      await question.getByRole('button', { name: 'Remove profile' }).click();
      await question.locator('[data-error-code="VALIDATION"]').waitFor();
      expect(await question.textContent()).toContain('Profile "Vault production" is in use. Select another profile first, then remove this one.');
      await question.getByRole('button', { name: 'Cancel' }).click();
      await backendOf(app.host).call('selectProfile', { id: 'embedded' });

      await prod.getByRole('button', { name: 'Remove: Vault production' }).click();
      await question.getByRole('button', { name: 'Remove profile' }).click();
      await expect.poll(() => prod.count()).toBe(0);
      expect(await page.getByTestId('notice').textContent()).toContain('Profile “Vault production” removed');
      // Now the only profile: it cannot be removed either.
      expect(await main.locator('article[data-profile]').count()).toBe(1);
      expect(await active.textContent()).toContain('In use');
      expect((await storedProfiles(app.userDataDir)).profiles.map((p) => p.id)).toEqual(['embedded']);
    } finally {
      await app.close();
    }
  });
});
