/**
 * Drives the real renderer in real Chromium (Debian's /usr/bin/chromium through playwright-core)
 * against the browser host: same router, same service, same embedded vault as the app.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll } from 'vitest';
import { startBrowserHost, type BrowserHost, type BrowserHostOptions } from '../../src/browser-host/server';
import { silentLogger } from '../../src/main/log/index';
import { approveProfileChanges } from '../fixtures/confirm';
import { readStoredValue as readStored, type StoredValue as Stored } from '../fixtures/stored-value';

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
export const VIEWPORT = { width: 1280, height: 800 } as const;
const E2E_ENV = { FOUNDRY_VAULT_KEY: 'e2e-vault-key-0123456789abcdef' };

/** Why the Chromium tests cannot run here, or null when they can (CI installs Chromium). */
export function chromiumUnavailable(): string | null {
  return existsSync(CHROMIUM) ? null : `no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`;
}

let browser: Promise<Browser> | undefined;
function sharedBrowser(): Promise<Browser> {
  browser ??= chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return browser;
}
afterAll(async () => {
  if (browser) await (await browser).close();
  browser = undefined;
});

export interface OpenedApp {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly host: BrowserHost;
  readonly userDataDir: string;
  /** Page errors, console errors, CSP violations and native form submissions seen so far. */
  readonly problems: string[];
  /** Closes everything; throws if the page had errors or CSP violations, so the test fails. */
  close(): Promise<void>;
}

export interface OpenAppOptions {
  readonly userDataDir?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly colorScheme?: 'light' | 'dark';
  /** Set up state (profiles, secrets) through the real handlers before the page loads. */
  readonly before?: (host: BrowserHost) => Promise<void>;
  /**
   * Who answers main's profile-change confirmations: by default a person who says yes; 'desk'
   * leaves them waiting on `host.confirmations` for the test to answer.
   */
  readonly profileConfirmations?: 'approve' | 'desk';
  /** Where `aws` profiles' calls go (tests/fixtures/aws-profile-on-fakes.ts). */
  readonly awsEndpoints?: BrowserHostOptions['awsEndpoints'];
}

export async function openApp(options: OpenAppOptions = {}): Promise<OpenedApp> {
  const ownDir = options.userDataDir === undefined;
  const userDataDir = options.userDataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'foundry-e2e-')));
  const host = await startBrowserHost({
    userDataDir,
    env: { ...E2E_ENV, ...options.env },
    logger: silentLogger,
    ...(options.awsEndpoints && { awsEndpoints: options.awsEndpoints }),
    ...(options.profileConfirmations !== 'desk' && { confirmProfileChange: approveProfileChanges }),
  });
  await options.before?.(host);
  const context = await (await sharedBrowser()).newContext({ viewport: VIEWPORT, colorScheme: options.colorScheme ?? 'light' });
  const page = await context.newPage();
  const problems: string[] = [];
  recordOutput(page);
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  // CDP-injected, so the page's CSP does not apply to these listeners themselves.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`);
    });
    // A form the app did not stop would navigate, its named fields in the URL (GET) or a body.
    // On window, in the bubble phase, this runs after React's own handlers (root and portals).
    window.addEventListener('submit', (event) => {
      if (event.defaultPrevented) return;
      event.preventDefault();
      const form = event.target instanceof HTMLFormElement ? event.target : null;
      console.error(`native form submission: ${form?.getAttribute('aria-label') ?? 'a form without a label'}`);
    });
  });
  await page.goto(host.url);
  return {
    page,
    context,
    host,
    userDataDir,
    problems,
    async close() {
      await context.close();
      await host.close();
      if (ownDir) await rm(userDataDir, { recursive: true, force: true });
      if (problems.length > 0) throw new Error(`the page reported problems:\n${problems.join('\n')}`);
    },
  };
}

/** What a page wrote to its console (every type) and the errors it threw, as text. */
interface PageOutput {
  readonly console: string[];
  readonly pageErrors: string[];
  /** Arguments still being serialised (objects are read back from the page asynchronously). */
  readonly pending: Set<Promise<void>>;
}

const outputs = new WeakMap<Page, PageOutput>();

/**
 * Records everything the page prints: a message's text, and each argument read back as JSON (the
 * text of an object argument is only a preview, which could cut a value short). Page errors keep
 * their name, message and stack. Kept per page for `findValueLeaks`.
 */
function recordOutput(page: Page): PageOutput {
  const output: PageOutput = { console: [], pageErrors: [], pending: new Set() };
  outputs.set(page, output);
  page.on('console', (message) => {
    output.console.push(`${message.type()}: ${message.text()}`);
    const read: Promise<void> = Promise.all(message.args().map((arg) => arg.jsonValue().catch(() => null)))
      .then((args) => void output.console.push(...args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg) ?? ''))))
      .catch(() => undefined)
      .finally(() => output.pending.delete(read));
    output.pending.add(read);
  });
  page.on('pageerror', (error) => output.pageErrors.push(`${error.name}: ${error.message}\n${error.stack ?? ''}`));
  return output;
}

/** The console messages and page errors recorded for a page opened by `openApp`, so far. */
export async function pageOutput(page: Page): Promise<{ console: readonly string[]; pageErrors: readonly string[] } | undefined> {
  const output = outputs.get(page);
  if (!output) return undefined;
  await Promise.all(output.pending);
  return { console: [...output.console], pageErrors: [...output.pageErrors] };
}

/** The app's store as the page exposes it: a JSON snapshot (see `exposeStateForTests`). */
export async function storeSnapshot(page: Page): Promise<unknown> {
  const json = await page.evaluate(() => (globalThis as { __FOUNDRY_STATE__?: unknown }).__FOUNDRY_STATE__);
  if (typeof json !== 'string') throw new Error('the page exposes no store snapshot (__FOUNDRY_STATE__)');
  return JSON.parse(json);
}

/**
 * Everywhere in the page a typed value could linger: the DOM (markup and every field's current
 * value), the URL and title, local and session storage, IndexedDB, the app's store snapshot, and
 * everything the page printed to its console or threw. Returns where `value` was found (empty
 * when nowhere). A sink that cannot be searched is reported too (the store hook missing, a page
 * whose output was not recorded), so a scan never passes by looking at less.
 */
export async function findValueLeaks(page: Page, value: string): Promise<string[]> {
  const output = await pageOutput(page);
  const inPage = await page.evaluate(async (needle) => {
    const found: string[] = [];
    const check = (where: string, text: string | null | undefined): void => {
      if (text?.includes(needle)) found.push(where);
    };
    check('DOM', document.documentElement.outerHTML);
    for (const field of document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')) {
      const label = field.labels?.[0]?.textContent?.trim();
      check(`field ${field.name || label || field.id || field.type}`, field.value);
    }
    check('URL', location.href);
    check('title', document.title);
    for (const [name, storage] of [['localStorage', localStorage], ['sessionStorage', sessionStorage]] as const) {
      for (let i = 0; i < storage.length; i += 1) {
        const key = storage.key(i) ?? '';
        check(`${name} key`, key);
        check(`${name}[${key}]`, storage.getItem(key));
      }
    }
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(info.name as string);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      for (const store of db.objectStoreNames) {
        const all = await new Promise<unknown[]>((resolve) => {
          const request = db.transaction(store, 'readonly').objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => resolve([]);
        });
        check(`IndexedDB ${info.name}/${store}`, JSON.stringify(all));
      }
      db.close();
    }
    const state = (globalThis as { __FOUNDRY_STATE__?: unknown }).__FOUNDRY_STATE__;
    if (typeof state === 'string') check('store', state);
    else found.push('store hook missing');
    return found;
  }, value);
  // What screen readers and any OS accessibility client read: a textarea's text is there even when
  // it is drawn masked; a password field's is not.
  const session = await page.context().newCDPSession(page);
  try {
    if (JSON.stringify(await session.send('Accessibility.getFullAXTree')).includes(value)) inPage.push('accessibility tree');
  } finally {
    await session.detach();
  }
  if (!output) return [...inPage, 'console not recorded (the page was not opened by openApp)'];
  if (output.console.some((text) => text.includes(value))) inPage.push('console');
  if (output.pageErrors.some((text) => text.includes(value))) inPage.push('page error');
  return inPage;
}

/** The embedded vault's key passphrase in every UI test (the `FOUNDRY_VAULT_KEY` the host gets). */
export const E2E_VAULT_KEY = E2E_ENV.FOUNDRY_VAULT_KEY;

/**
 * Reads back what a UI test stored, THROUGH THE VAULT (the real AWS SDK against the embedded
 * vault in `userDataDir`), not through the app, which has no read path. Call it after the app
 * was closed: the vault takes a lock on its directory. null when there is no such secret.
 */
export type StoredValue = Exclude<Stored, { kind: 'missing' }>;

export async function readStoredValue(userDataDir: string, secretId: string): Promise<StoredValue | null> {
  const stored = await readStored(userDataDir, E2E_ENV, secretId);
  return stored.kind === 'missing' ? null : stored;
}

/**
 * Closes the app (the vault's lock goes with it), reads what the vault holds for each of acme's
 * shared secrets named, and removes the directory.
 */
export async function closeAndRead(app: OpenedApp, dir: string, secretNames: readonly string[]): Promise<Map<string, StoredValue | null>> {
  await app.close();
  try {
    const stored = new Map<string, StoredValue | null>();
    for (const name of secretNames) stored.set(name, await readStoredValue(dir, `agentfoundry/dev/acme/shared/${name}`));
    return stored;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * What sticks out to the right of the element `selector` names (its descendants that are drawn
 * beyond its right edge, visually hidden ones aside), and how far the page itself scrolls
 * sideways. `{ page: 0, offenders: [] }` when everything fits.
 */
export async function horizontalOverflow(page: Page, selector: string): Promise<{ page: number; offenders: string[] }> {
  return page.evaluate((css) => {
    const root = document.querySelector(css);
    if (!root) return { page: -1, offenders: [`nothing matches ${css}`] };
    const limit = root.getBoundingClientRect().right;
    const offenders: string[] = [];
    for (const node of root.querySelectorAll('*')) {
      if (node.closest('.sr-only')) continue;
      const box = node.getBoundingClientRect();
      if (box.width > 0 && box.right > limit + 0.5) offenders.push(`${node.tagName.toLowerCase()}.${String(node.getAttribute('class')).slice(0, 60)}`);
    }
    return { page: document.documentElement.scrollWidth - document.documentElement.clientWidth, offenders };
  }, selector);
}
