/**
 * The write form and the dialogs come with a chunk of their own (src/renderer/src/later-parts.ts).
 * When that chunk cannot be loaded, the part says so in its place, and the rest of the window
 * stays: without an error boundary the failure reached React's root, which unmounted the whole
 * window (a blank page).
 */
import { describe, expect, it } from 'vitest';
import type { BrowserHost } from '../../../src/browser-host/server';
import { chromiumUnavailable, openApp } from '../harness';
import { backendOf, seedAcme, turnOffKeyChecks } from './fixtures/backend';
import { card, isFocused, ready } from './fixtures/page';

const unavailable = chromiumUnavailable();

async function seeded(host: BrowserHost): Promise<void> {
  const backend = backendOf(host);
  await seedAcme(backend);
  await turnOffKeyChecks(backend);
}

describe.skipIf(unavailable !== null)(`parts loaded later${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('a write form whose chunk cannot be loaded says so in its place; the window stays', async () => {
    const app = await openApp({ before: seeded });
    const { page, context } = app;
    try {
      // From a fresh load on, the chunk of the later parts cannot be fetched (a damaged install).
      let refused = 0;
      await context.route(/\/assets\/later-parts-load-[\w-]+\.js/, (route) => {
        refused += 1;
        return route.abort();
      });
      await page.reload();
      await ready(page);
      const anthropic = card(page, 'anthropic_api_key');
      await anthropic.getByRole('button', { name: 'Add Key: Anthropic API Key' }).click();
      const alert = anthropic.getByRole('alert');
      await expect.poll(() => alert.textContent()).toContain('Could not load the write form');
      const reload = alert.getByRole('button', { name: 'Reload the window' });
      expect(await reload.isVisible()).toBe(true);
      await expect.poll(() => isFocused(reload)).toBe(true);
      expect(refused).toBeGreaterThan(0);
      // The rest of the window is still there and still works.
      expect(await page.locator('article[data-secret]').count()).toBeGreaterThan(1);
      expect(await page.getByRole('heading', { level: 1, name: 'acme' }).isVisible()).toBe(true);
      await page.getByRole('button', { name: 'Audit log', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    } finally {
      // The failed fetch and React's report of the error it caught are expected; nothing else is.
      const expected = (problem: string): boolean =>
        /later-parts-load|Failed to load resource|Failed to fetch dynamically imported module|error occurred in the <\w+> component|The above error occurred/i.test(problem);
      expect(app.problems.some(expected)).toBe(true);
      app.problems.splice(0, app.problems.length, ...app.problems.filter((problem) => !expected(problem)));
      await app.close();
    }
  });

  it('a dialog whose chunk cannot be loaded says so where it can be seen (800×600), with the focus on Reload', async () => {
    const app = await openApp({ before: seeded });
    const { page, context } = app;
    try {
      await page.setViewportSize({ width: 800, height: 600 });
      await context.route(/\/assets\/later-parts-load-[\w-]+\.js/, (route) => route.abort());
      await page.reload();
      await ready(page);
      const openai = card(page, 'openai_api_key');
      await openai.getByRole('button', { name: 'Delete: OpenAI API Key' }).click();
      const alert = page.getByRole('alert').filter({ hasText: 'Could not load the dialog' });
      await alert.waitFor();
      const reload = alert.getByRole('button', { name: 'Reload the window' });
      await expect.poll(() => isFocused(reload)).toBe(true);
      // In the viewport, not below the fold at the end of the list.
      const box = await reload.boundingBox();
      expect(box).not.toBeNull();
      expect((box?.y ?? -1) >= 0 && (box?.y ?? 0) + (box?.height ?? 0) <= 600).toBe(true);
    } finally {
      const expected = (problem: string): boolean =>
        /later-parts-load|Failed to load resource|Failed to fetch dynamically imported module|error occurred in the <\w+> component|The above error occurred/i.test(problem);
      app.problems.splice(0, app.problems.length, ...app.problems.filter((problem) => !expected(problem)));
      await app.close();
    }
  });
});
