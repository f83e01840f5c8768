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
  if (run.status !== 0) console.error(`  the download failed: ${downloadFailure(run)}`);
}

/** Where @electron/get downloads from, as a person would name it (host, and which variable chose it). */
function downloadServer() {
  for (const variable of ['ELECTRON_MIRROR', 'npm_config_electron_mirror']) {
    const value = process.env[variable]?.trim();
    if (!value) continue;
    try {
      return `${new URL(value).host}, from ${variable}`;
    } catch {
      return `${variable} is not a URL`;
    }
  }
  return 'github.com';
}

/**
 * install.js dies with the SDK's raw error and stack (`TypeError: fetch failed` and no cause when the
 * network is unreachable). Name the failure in words instead, never echoing the installer's output.
 */
function downloadFailure(run) {
  const text = `${run.error?.message ?? ''}\n${run.stderr ?? ''}`;
  if (run.error?.code === 'ETIMEDOUT') return 'it took longer than 10 minutes and was stopped.';
  const status = /(?:Response code|status(?: code)?)\D{0,3}(\d{3})/i.exec(text)?.[1];
  if (status) return `the Electron download server (${downloadServer()}) answered HTTP ${status}.`;
  if (/checksum|sha256/i.test(text)) return 'the downloaded file did not match its published checksum.';
  if (/fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|socket|certificate|proxy/i.test(text)) {
    return `could not reach the Electron download server (${downloadServer()}): no network route to it from this machine, or a proxy or firewall in the way.`;
  }
  return `electron's installer stopped with exit code ${run.status ?? 'none'}.`;
}

let binary = electronBinary();
if (typeof binary !== 'string' || !isFile(binary)) {
  tryDownload();
  binary = electronBinary();
}
if (typeof binary !== 'string' || !isFile(binary)) {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const where = override && typeof binary === 'string'
    ? `ELECTRON_OVERRIDE_DIST_PATH points at ${override}, which holds no Electron executable (${path.basename(binary)}).`
    : typeof binary === 'string'
      ? `There is no executable at ${binary}.`
      : `The download did not run or could not reach the network (${binary.missing}).`;
  console.error(
    [
      'Foundry Secrets cannot start: the Electron binary is not installed.',
      `  ${where}`,
      'Two ways on:',
      '  1. ELECTRON_OVERRIDE_DIST_PATH=<folder of an Electron build> npm start',
      '     (the unpacked Electron 45 zip for this platform, from github.com/electron/electron/releases;',
      '      or run npm start once where github.com is reachable: it fetches Electron on first start)',
      '  2. npm run preview:browser',
      '     (the browser host: the same UI in your browser, served from this machine; for testing and development)',
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
