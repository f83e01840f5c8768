/**
 * `npm run dist [-- <electron-builder arguments>]`: builds the app with electron-vite, then
 * packages it with electron-builder (electron-builder.ts: AppImage + deb, dmg, nsis; fuses flipped
 * in afterPack). Where electron-builder cannot download Electron or a packaging tool, this says
 * so in a few plain lines (scripts/packaging/dist-failure.ts) and exits 1.
 *
 *   --skip-build   package what out/ already holds (after `npm run build`)
 */
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { classifyDistFailure, explainDistFailure } from './packaging/dist-failure';

const require = createRequire(import.meta.url);
const binOf = (pkg: string, bin: string): string => path.join(path.dirname(require.resolve(`${pkg}/package.json`)), bin);

/** electron-builder's output is kept for the diagnosis, up to this much (the end matters). */
const KEEP_BYTES = 1 << 20;
/**
 * After a fatal line electron-builder can linger: @electron/get leaves a 30 s progress-bar
 * timer running when a download fails. The outcome is known by then; stop waiting after this.
 */
const LINGER_MS = 3_000;

function build(): void {
  const run = spawnSync(process.execPath, [binOf('electron-vite', 'bin/electron-vite.js'), 'build'], { stdio: 'inherit' });
  if (run.status !== 0) {
    console.error(`npm run dist: electron-vite build failed (exit ${run.status ?? 'by signal'}); its output above says where. Nothing was packaged.`);
    process.exit(run.status ?? 1);
  }
}

function packageApp(args: readonly string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    // No update check: it would reach the npm registry on every run and keep the process alive.
    // Nor a test runner's VITEST flag: with it electron-builder keeps its progress lines to itself.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST')));
    const child = spawn(process.execPath, [binOf('electron-builder', 'cli.js'), ...args], {
      env: { ...env, NO_UPDATE_NOTIFIER: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let linger: NodeJS.Timeout | undefined;
    const keep = (chunk: Buffer, sink: NodeJS.WriteStream): void => {
      sink.write(chunk);
      output = (output + chunk.toString('utf8')).slice(-KEEP_BYTES);
      if (linger === undefined && /^\s*⨯/m.test(output)) {
        linger = setTimeout(() => child.kill('SIGTERM'), LINGER_MS);
        linger.unref();
      }
    };
    child.stdout.on('data', (chunk: Buffer) => keep(chunk, process.stdout));
    child.stderr.on('data', (chunk: Buffer) => keep(chunk, process.stderr));
    child.on('close', (code) => {
      if (linger) clearTimeout(linger);
      // Stopped after its fatal line: it had failed already.
      resolve({ code: code ?? 1, output });
    });
  });
}

const args = process.argv.slice(2);
const skipBuild = args.includes('--skip-build');
if (!skipBuild) build();
const { code, output } = await packageApp(args.filter((arg) => arg !== '--skip-build'));
if (code !== 0) {
  const failure = classifyDistFailure(output);
  console.error(`\n${explainDistFailure(failure, code)}`);
  process.exit(failure.kind === 'download' ? 1 : code);
}
