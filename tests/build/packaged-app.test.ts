/**
 * The whole packaging pipeline, for real, on this machine: `npm run dist` (scripts/dist.ts) →
 * electron-builder with electron-builder.ts → our afterPack → @electron/fuses. The one stand-in is
 * the Electron binary (it cannot be downloaded here): a small file carrying Electron's fuse
 * sentinel and default wire, handed over as electronDist. The Linux `dir` target needs no other
 * download, so this packages the app completely; then the result is opened and checked:
 * what is inside the asar, what is not, and the fuses in the packaged binary.
 *
 * Needs the built app in out/ (npm test builds it first; otherwise run npm run build).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { extractFile, listPackage } from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's defaults, as the wire stores them; the flip must turn them into WANTED_WIRE. */
const ELECTRON_DEFAULT_WIRE = '101100011';
/** RunAsNode off, cookie encryption on, NODE_OPTIONS off, --inspect off, asar integrity on, only asar on, V8 snapshot off, file:// privileges off, wasm trap handlers on. */
const WANTED_WIRE = '010011001';

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

let dir: string;
let unpacked: string;
let asar: string;
let files: string[];
let run: { code: number | null; stdout: string; stderr: string };

beforeAll(async () => {
  expect(existsSync(path.join(ROOT, 'out/main/index.js')), 'out/main/index.js is missing: run npm run build first').toBe(true);
  dir = mkdtempSync(path.join(tmpdir(), 'foundry-packaged-'));
  const electronDist = path.join(dir, 'electron-dist');
  mkdirSync(electronDist);
  const stand_in = Buffer.concat([Buffer.from('\u007fELF'), Buffer.alloc(4096, 0xab), Buffer.from(SENTINEL), Buffer.from([1, 9]), Buffer.from(ELECTRON_DEFAULT_WIRE), Buffer.alloc(2048, 0xcd)]);
  writeFileSync(path.join(electronDist, 'electron'), stand_in, { mode: 0o755 });
  const output = path.join(dir, 'dist');
  run = await new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'scripts/dist.ts', '--skip-build', '--linux', 'dir', `--config.electronDist=${electronDist}`, `--config.directories.output=${output}`],
      { cwd: ROOT, env: { ...process.env, ELECTRON_BUILDER_CACHE: path.join(dir, 'cache') }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  unpacked = path.join(output, process.arch === 'arm64' ? 'linux-arm64-unpacked' : 'linux-unpacked');
  asar = path.join(unpacked, 'resources', 'app.asar');
  files = run.code === 0 ? listPackage(asar, { isPack: false }).map((f) => f.split(path.sep).join('/')) : [];
}, 240_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the packaged app (linux dir target, stand-in Electron binary)', () => {
  it('packages without error', () => {
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(existsSync(asar)).toBe(true);
  });

  it('ships the fuses flipped in its binary, and nothing else of it changed', () => {
    const binary = readFileSync(path.join(unpacked, 'foundry-secrets'));
    const at = binary.indexOf(SENTINEL) + SENTINEL.length;
    expect([...binary.subarray(at, at + 2)]).toEqual([1, 9]);
    expect(binary.subarray(at + 2, at + 11).toString('latin1')).toBe(WANTED_WIRE);
  });

  it('has the app only inside app.asar: no app/ folder or loose files beside it', () => {
    expect(readdirSync(path.join(unpacked, 'resources')).sort()).toEqual(['app.asar']);
  });

  it('holds out/ and package.json, and of node_modules only the production dependencies', () => {
    const top = new Set(files.map((f) => f.split('/')[1]));
    expect([...top].sort()).toEqual(['node_modules', 'out', 'package.json']);
    expect(files).toContain('/out/main/index.js');
    expect(files).toContain('/out/preload/index.cjs');
    expect(files).toContain('/out/renderer/index.html');
    const modules = new Set(files.filter((f) => f.startsWith('/node_modules/')).map((f) => f.split('/').slice(2, f.split('/')[2]?.startsWith('@') ? 4 : 3).join('/')));
    for (const name of Object.keys(pkg.dependencies)) expect(modules.has(name), name).toBe(true);
    // Type-only for us, but a runtime dependency of the AWS SDK: packaged through it, rightly.
    const alsoRuntime = new Set(['@smithy/types']);
    for (const name of Object.keys(pkg.devDependencies).filter((n) => !alsoRuntime.has(n))) {
      expect(modules.has(name), `devDependency ${name} was packaged`).toBe(false);
    }
  });

  it('holds no source, test, bench, CLI or source map', () => {
    const own = files.filter((f) => !f.startsWith('/node_modules/'));
    expect(own.filter((f) => /^\/(src|tests|bench|bin|scripts|resources|security)(\/|$)/.test(f) || f.endsWith('.map') || f.endsWith('.ts'))).toEqual([]);
  });

  it('holds no part of the browser host (test/dev only)', () => {
    expect(files.filter((f) => f.includes('browser-host'))).toEqual([]);
    // Its bridge sends this header; the app's code never does.
    for (const file of files.filter((f) => f.startsWith('/out/') && /\.(c?js|html)$/.test(f))) {
      expect(extractFile(asar, file.slice(1)).toString('utf8').includes('x-foundry-token'), file).toBe(false);
    }
  });

  it('starts from out/main/index.js', () => {
    const packaged = JSON.parse(extractFile(asar, 'package.json').toString('utf8')) as { main: string; scripts?: unknown };
    expect(packaged.main).toBe('out/main/index.js');
  });
});
