/**
 * `npm run dist` where Electron cannot be fetched: the wrapper (scripts/dist.ts) says plainly what
 * failed and exits 1. Unit tests feed the diagnosis electron-builder's real output (captured from
 * runs on this machine); one end-to-end run points electron-builder at a closed port on loopback,
 * so it fails exactly as it does offline without reaching any network.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyDistFailure, explainDistFailure } from '../../scripts/packaging/dist-failure';

const ROOT = path.resolve(__dirname, '../..');

const HEAD = `  • electron-builder  version=26.17.0 os=6.18.44
  • loaded configuration  file=/work/main/electron-builder.ts
  • skipped dependencies rebuild  reason=npmRebuild is set to false
  • packaging       platform=linux arch=x64 electron=45.4.1 appOutDir=/work/main/dist/linux-unpacked
`;
const OFFLINE = `${HEAD}  ⨯ getaddrinfo ENOTFOUND github.com  failedTask=build stackTrace=RequestError: getaddrinfo ENOTFOUND github.com
    at ClientRequest.<anonymous> (/work/main/node_modules/got/dist/source/core/index.js:970:111)
`;
const REFUSED = `${HEAD}  ⨯ connect ECONNREFUSED 127.0.0.1:9  failedTask=build stackTrace=RequestError: connect ECONNREFUSED 127.0.0.1:9
`;
const TOOL = `${HEAD}  • building        target=AppImage arch=x64 file=dist/Foundry Secrets-0.1.0.AppImage
  • downloading     url=https://github.com/electron-userland/electron-builder-binaries/releases/download/appimage-12.0.1/appimage-12.0.1.7z size=1.6 MB parts=1
  ⨯ getaddrinfo EAI_AGAIN github.com  failedTask=build stackTrace=RequestError: getaddrinfo EAI_AGAIN github.com
`;
const NOT_NETWORK = `${HEAD}  ⨯ Application entry file "out/main/index.js" in the "/work/main/dist/linux-unpacked/resources/app.asar" is corrupted: Error: "out/main/index.js" was not found in this archive  failedTask=build stackTrace=Error: Application entry file …
`;

describe('classifyDistFailure', () => {
  it('reads an unreachable GitHub as a failed download of the Electron binary for the target', () => {
    expect(classifyDistFailure(OFFLINE)).toEqual({
      kind: 'download',
      reason: 'getaddrinfo ENOTFOUND github.com',
      what: 'electron-v45.4.1-linux-x64.zip (the Electron 45.4.1 binary)',
    });
    expect(classifyDistFailure(REFUSED)).toMatchObject({ kind: 'download', reason: 'connect ECONNREFUSED 127.0.0.1:9' });
  });

  it('names the packaging tool when the failed download came after a target started', () => {
    expect(classifyDistFailure(TOOL)).toEqual({
      kind: 'download',
      reason: 'getaddrinfo EAI_AGAIN github.com',
      what: 'https://github.com/electron-userland/electron-builder-binaries/releases/download/appimage-12.0.1/appimage-12.0.1.7z',
    });
  });

  it('does not blame the network for anything else', () => {
    expect(classifyDistFailure(NOT_NETWORK)).toEqual({
      kind: 'other',
      reason: expect.stringContaining('Application entry file "out/main/index.js"'),
    });
    expect(classifyDistFailure('')).toEqual({ kind: 'other', reason: 'electron-builder printed no error' });
  });

  it('reads the bare `message {fields}` form electron-builder prints without its logger', () => {
    const bare = `connect ECONNREFUSED 127.0.0.1:9 {\n  failedTask: 'build',\n  stackTrace: 'RequestError: connect ECONNREFUSED 127.0.0.1:9\\n' +\n}\n`;
    expect(classifyDistFailure(bare)).toEqual({ kind: 'download', reason: 'connect ECONNREFUSED 127.0.0.1:9', what: 'the Electron binary' });
  });

  it('reads coloured output the same way', () => {
    const coloured = OFFLINE.replace('⨯', '\u001b[31m⨯\u001b[39m').replace('getaddrinfo ENOTFOUND github.com  ', '\u001b[31mgetaddrinfo ENOTFOUND github.com\u001b[39m  ');
    expect(classifyDistFailure(coloured)).toMatchObject({ kind: 'download', reason: 'getaddrinfo ENOTFOUND github.com' });
  });
});

describe('explainDistFailure', () => {
  it('says what failed, why, and what to do — in plain lines', () => {
    const text = explainDistFailure(classifyDistFailure(OFFLINE), 1);
    expect(text).toContain('packaging stopped because a download failed: getaddrinfo ENOTFOUND github.com');
    expect(text).toContain('electron-v45.4.1-linux-x64.zip');
    expect(text).toContain('Nothing was packaged');
    expect(text).toMatch(/machine that reaches github\.com/);
    expect(text).toContain('ELECTRON_MIRROR');
    expect(text).not.toMatch(/\bat \w+ \(/); // no stack trace
  });

  it('points at electron-builder\u2019s own output for other failures', () => {
    expect(explainDistFailure(classifyDistFailure(NOT_NETWORK), 1)).toMatch(/^npm run dist: electron-builder failed \(exit 1\): Application entry file/);
  });
});

/** A loopback port nothing listens on: taken from the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/dist.ts', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run dist, Electron out of reach', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'foundry-dist-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says the Electron download failed and exits 1', { timeout: 180_000 }, async () => {
    const port = await closedPort();
    // An .npmrc electron_mirror reaches electron-builder as npm_config_electron_mirror and wins over ELECTRON_MIRROR.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(npm_config_electron_|npm_package_config_electron_)/i.test(name)));
    const result = await run(['--skip-build', '--linux', 'dir', `--config.directories.output=${path.join(dir, 'dist')}`], {
      ...env,
      // Empty caches, so nothing already downloaded lets it through; a mirror that refuses at once.
      ELECTRON_MIRROR: `http://127.0.0.1:${port}/`,
      ELECTRON_BUILDER_CACHE: path.join(dir, 'builder-cache'),
      electron_config_cache: path.join(dir, 'electron-cache'),
    });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr, result.stdout).toContain(`packaging stopped because a download failed: connect ECONNREFUSED 127.0.0.1:${port}`);
    expect(result.stderr).toMatch(/It could not fetch electron-v45\.4\.1-linux-(x64|arm64)\.zip/);
    expect(result.stderr).toContain('What to do:');
  });
});
