/**
 * First run: `npm start` (scripts/start.mjs) where the Electron binary cannot be fetched. It must end
 * in plain words — why, and the two ways on — never a stack trace or a raw `TypeError: fetch failed`.
 *
 * The script runs as a child process from a copy of the project layout in a temp folder (so the
 * repo's own node_modules/electron, installed or not, does not decide the outcome) with electron's
 * real install.js and @electron/get, pointed at a closed port on loopback: it fails exactly as it
 * does offline, in well under a second, without touching any network.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const CLOSED_PORT_MIRROR = 'http://127.0.0.1:9/';

let project: string;

beforeAll(() => {
  project = mkdtempSync(path.join(tmpdir(), 'foundry-first-run-'));
  mkdirSync(path.join(project, 'scripts'));
  copyFileSync(path.join(ROOT, 'scripts', 'start.mjs'), path.join(project, 'scripts', 'start.mjs'));
  // electron's package without its binary (no path.txt, no dist/): what `npm install` leaves here.
  const electron = path.join(project, 'node_modules', 'electron');
  mkdirSync(electron, { recursive: true });
  for (const file of ['package.json', 'install.js', 'checksums.json', 'index.js']) {
    copyFileSync(path.join(ROOT, 'node_modules', 'electron', file), path.join(electron, file));
  }
  symlinkSync(path.join(ROOT, 'node_modules', '@electron'), path.join(project, 'node_modules', '@electron'), 'junction');
  symlinkSync(path.join(ROOT, 'node_modules', 'electron-vite'), path.join(project, 'node_modules', 'electron-vite'), 'junction');
});

afterAll(() => {
  rmSync(project, { recursive: true, force: true });
});

function runStart(extraEnv: Record<string, string>) {
  const env: Record<string, string | undefined> = {
    ...process.env,
    ELECTRON_MIRROR: CLOSED_PORT_MIRROR,
    // An empty cache, so a zip some other run left in ~/.cache/electron cannot make the download succeed.
    electron_config_cache: path.join(project, 'cache'),
    ...extraEnv,
  };
  delete env['ELECTRON_EXEC_PATH'];
  if (!extraEnv['ELECTRON_OVERRIDE_DIST_PATH']) delete env['ELECTRON_OVERRIDE_DIST_PATH'];
  const run = spawnSync(process.execPath, [path.join(project, 'scripts', 'start.mjs')], {
    cwd: project,
    env,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

function expectPlainWords(output: string): void {
  expect(output).not.toMatch(/^\s+at /m);
  expect(output).not.toMatch(/TypeError|fetch failed|ECONNREFUSED|node:internal/);
  // The stale hint from before the browser host existed.
  expect(output).not.toContain('once the UI issue lands');
}

function expectTwoWaysOn(output: string): void {
  expect(output).toContain('ELECTRON_OVERRIDE_DIST_PATH=<folder of an Electron build> npm start');
  expect(output).toContain('npm run preview:browser');
}

describe('npm start without an Electron binary', () => {
  it('tries the download, says in plain words that the server could not be reached, names the two ways on, exits 1', () => {
    const { status, output } = runStart({});
    expect(status).toBe(1);
    expect(output).toContain('Fetching the Electron binary');
    expect(output).toContain('could not reach the Electron download server (127.0.0.1:9, from ELECTRON_MIRROR)');
    expect(output).toContain('Electron binary is not installed');
    expectTwoWaysOn(output);
    expectPlainWords(output);
  });

  it('with ELECTRON_OVERRIDE_DIST_PATH at a folder without Electron: does not download, says which folder is wrong', () => {
    const empty = path.join(project, 'not-an-electron-build');
    mkdirSync(empty, { recursive: true });
    const { status, output } = runStart({ ELECTRON_OVERRIDE_DIST_PATH: empty });
    expect(status).toBe(1);
    expect(output).not.toContain('Fetching the Electron binary');
    expect(output).toContain(`ELECTRON_OVERRIDE_DIST_PATH points at ${empty}, which holds no Electron executable`);
    expectTwoWaysOn(output);
    expectPlainWords(output);
  });
});
