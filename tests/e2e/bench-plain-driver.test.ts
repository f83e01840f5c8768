/**
 * The renderer bench's plain driver (bench/plain-chromium.ts): its figures are the ones the README
 * gives for the first card, so the way it reads them is held here — the probe runs before the
 * app's module script, the page's report is read from Chromium's log (quotes and all) with no
 * DevTools protocol client attached, and the browser's processes are gone once a load is over.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { plainLoad, probedRendererCopy, REPORT_PREFIX } from '../../bench/plain-chromium';
import { startBrowserHost } from '../../src/browser-host/server';
import { silentLogger } from '../../src/main/log/index';
import { CHROMIUM, CHROMIUM_ARGS, chromiumUnavailable } from './harness';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  cleanups.push(() => rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }));
  return dir;
}

/** Chromium processes started with this profile folder (none must outlive a load). */
function chromiumProcessesUsing(profileDir: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes(`--user-data-dir=${profileDir}`));
}

describe('probedRendererCopy', () => {
  it('runs the probe as a classic script of the same origin before the module script, and leaves the build alone', async () => {
    const built = await tempDir('plain-built-');
    const index = '<!doctype html><head>\n<script type="module" crossorigin src="./assets/index.js"></script>\n</head><body></body>';
    await writeFile(path.join(built, 'index.html'), index);
    await mkdir(path.join(built, 'assets'));
    await writeFile(path.join(built, 'assets', 'index.js'), 'export {};');
    const copy = await probedRendererCopy(built, 'console.log(1);');
    cleanups.push(copy.remove);
    const probed = await readFile(path.join(copy.dir, 'index.html'), 'utf8');
    expect(probed.indexOf('<script src="./bench-probe.js"></script>')).toBeGreaterThan(-1);
    expect(probed.indexOf('bench-probe.js')).toBeLessThan(probed.indexOf('<script type="module"'));
    expect(await readFile(path.join(copy.dir, 'bench-probe.js'), 'utf8')).toBe('console.log(1);');
    expect(await readdir(path.join(copy.dir, 'assets'))).toEqual(['index.js']);
    expect(await readFile(path.join(built, 'index.html'), 'utf8')).toBe(index);
  });

  it('refuses a page without a module script to run the probe before', async () => {
    const built = await tempDir('plain-built-');
    await writeFile(path.join(built, 'index.html'), '<!doctype html><body></body>');
    await expect(probedRendererCopy(built, '')).rejects.toThrow(/no module script/);
  });
});

const renderer = path.resolve('out/renderer');
const skip = chromiumUnavailable() ?? (existsSync(path.join(renderer, 'index.html')) ? null : 'the renderer is not built (npm run build)');

describe.skipIf(skip !== null)(`plainLoad${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('reads the report the app page logs, with no protocol client, and leaves no browser process behind', async () => {
    // Reports once the app has rendered into #root, with quotes and a path in the text.
    const probe = `new MutationObserver((_r, observer) => {
      if (!document.getElementById('root')?.firstElementChild) return;
      observer.disconnect();
      console.log(${JSON.stringify(REPORT_PREFIX)} + JSON.stringify({ at: performance.now(), text: 'a "quoted", source: x', automated: navigator.webdriver }));
    }).observe(document, { childList: true, subtree: true });`;
    const copy = await probedRendererCopy(renderer, probe);
    cleanups.push(copy.remove);
    const userDataDir = await tempDir('plain-host-');
    const host = await startBrowserHost({ userDataDir, env: { FOUNDRY_VAULT_KEY: 'plain-driver-key-0123456789abcdef' }, logger: silentLogger, rendererDir: copy.dir });
    cleanups.push(() => host.close());
    const profileDir = await tempDir('plain-profile-');

    const report = (await plainLoad({ chromium: CHROMIUM, args: CHROMIUM_ARGS, url: host.url, profileDir, width: 1280, height: 800 })) as Record<string, unknown>;

    expect(typeof report['at']).toBe('number');
    expect(report['at']).toBeGreaterThan(0);
    expect(report['text']).toBe('a "quoted", source: x');
    // No automation: Chromium sets navigator.webdriver when a protocol client drives it.
    expect(report['automated']).toBe(false);
    expect(chromiumProcessesUsing(profileDir)).toEqual([]);
  }, 60_000);
});
