#!/usr/bin/env node
// `npm start`: build, then run the app from out/ (renderer over app://, embedded vault by default).
// When the Electron binary is missing (it cannot be downloaded on every network), say so in a few
// lines instead of letting `require('electron')` try a download and die with a stack trace.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** The executable's path inside an Electron dist folder, as electron/install.js writes it to path.txt. */
function platformExecutable() {
  if (process.platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  return process.platform === 'win32' ? 'electron.exe' : 'electron';
}

/** Mirrors node_modules/electron/index.js, without its download-on-miss. */
function electronBinary() {
  if (process.env.ELECTRON_EXEC_PATH) return process.env.ELECTRON_EXEC_PATH;
  let electronDir;
  try {
    electronDir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return { missing: 'the electron package is not installed (run npm install)' };
  }
  const pathFile = path.join(electronDir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    return path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, executable || platformExecutable());
  }
  return executable ? path.join(electronDir, 'dist', executable) : { missing: `${pathFile} does not exist` };
}

function isFile(file) {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * package.json's allowScripts keeps `npm install` from fetching Electron (it cannot on every
 * network). Fetch it now, on first start, as electron's own lazy loader would — but quietly, so a
 * machine without access gets the guidance below instead of a stack trace.
 */
function tryDownload() {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH || process.env.ELECTRON_EXEC_PATH) return;
  let installer;
  try {
    installer = path.join(path.dirname(require.resolve('electron/package.json')), 'install.js');
  } catch {
    return;
  }
  console.error('Fetching the Electron binary (first start only)…');
  const run = spawnSync(process.execPath, [installer], { encoding: 'utf8', timeout: 10 * 60 * 1000 });
  if (run.status !== 0) {
    const reason = `${run.stderr ?? ''}`.split('\n').find((line) => /error/i.test(line)) ?? 'unknown error';
    console.error(`  the download failed: ${reason.trim().slice(0, 200)}`);
  }
}

let binary = electronBinary();
if (typeof binary !== 'string' || !isFile(binary)) {
  tryDownload();
  binary = electronBinary();
}
if (typeof binary !== 'string' || !isFile(binary)) {
  const where = typeof binary === 'string' ? `no executable at ${binary}` : binary.missing;
  console.error(
    [
      'Foundry Secrets cannot start: the Electron binary is not installed (its download did not run or could not reach the network).',
      `  (${where})`,
      'Alternatives:',
      '  - set ELECTRON_OVERRIDE_DIST_PATH to the folder of an installed Electron 45 (the folder holding its executable) and run npm start again;',
      '  - on a machine that can reach github.com, run npm start again (it fetches Electron on first start);',
      '  - run the UI in a browser through the browser host (test/dev only; see the README once the UI issue lands).',
    ].join('\n'),
  );
  process.exit(1);
}

const electronVite = path.join(path.dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
// electron-vite finds Electron through ELECTRON_EXEC_PATH; it does not read ELECTRON_OVERRIDE_DIST_PATH.
const env = { ...process.env, ELECTRON_EXEC_PATH: binary };
for (const args of [['build'], ['preview', '--skipBuild']]) {
  const run = spawnSync(process.execPath, [electronVite, ...args], { stdio: 'inherit', env });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
