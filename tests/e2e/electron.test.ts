/**
 * The real app in a real Electron, wherever a binary exists (playwright-core `_electron`); here the
 * binary cannot be downloaded, so that part reports itself as skipped with the reason. `npm start`'s
 * answer to a missing binary is tested everywhere.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { _electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { channelNames } from '../../src/shared/contract';

const repo = path.resolve(__dirname, '../..');

/** Where node_modules/electron would run its binary from (same rules as scripts/start.mjs). */
function electronBinary(): string | null {
  const electronDir = path.join(repo, 'node_modules', 'electron');
  const pathFile = path.join(electronDir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env['ELECTRON_OVERRIDE_DIST_PATH'];
  const defaultExe = process.platform === 'win32' ? 'electron.exe' : process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : 'electron';
  const candidate = override ? path.join(override, executable || defaultExe) : executable ? path.join(electronDir, 'dist', executable) : null;
  try {
    return candidate && statSync(candidate).isFile() ? candidate : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const mainEntry = path.join(repo, 'out', 'main', 'index.js');

describe('the Electron app', () => {
  it.skipIf(binary === null)(
    binary === null
      ? 'skipped: no Electron binary (cannot be downloaded here; set ELECTRON_OVERRIDE_DIST_PATH to run it)'
      : 'runs sandboxed without Node and exposes exactly the contract as window.foundry',
    async () => {
      expect(existsSync(mainEntry), 'run `npm run build` first').toBe(true);
      const userData = mkdtempSync(path.join(tmpdir(), 'foundry-e2e-'));
      const app = await _electron.launch({
        executablePath: binary ?? '',
        args: [mainEntry, `--user-data-dir=${userData}`],
      });
      try {
        const page = await app.firstWindow();
        await page.waitForLoadState('domcontentloaded');
        expect(page.url()).toBe('app://bundle/index.html');
        expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
        expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
        const keys = await page.evaluate(() => Object.keys((globalThis as unknown as { foundry: object }).foundry).sort());
        expect(keys).toEqual([...channelNames].sort());
      } finally {
        await app.close();
        rmSync(userData, { recursive: true, force: true });
      }
    },
    60_000,
  );
});

describe('npm start without an Electron binary', () => {
  it('says so in a few lines with the alternatives, exit 1, no stack trace', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'foundry-no-electron-'));
    try {
      const run = spawnSync(process.execPath, [path.join(repo, 'scripts', 'start.mjs')], {
        cwd: repo,
        env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: empty, ELECTRON_EXEC_PATH: '' },
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('Electron binary is not installed');
      expect(run.stderr).toContain('ELECTRON_OVERRIDE_DIST_PATH');
      expect(run.stderr).toContain('browser host');
      expect(run.stderr).not.toMatch(/^\s+at /m);
      expect(run.stderr.trim().split('\n').length).toBeLessThanOrEqual(8);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
