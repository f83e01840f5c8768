/**
 * Loads a page in Chromium with no DevTools protocol client attached — as the app's own window
 * runs — and reads what the page reports from Chromium's log (for bench/renderer.bench.ts).
 *
 * Why not Playwright for the timings: a page driven over the DevTools protocol pays for it. With
 * Playwright attached, Chromium records the JavaScript stack of every request the page sends
 * (the Network domain's initiator), and V8 then has to re-parse the script on that stack to find
 * line numbers: the start-up chunk's 330 kB, 25–35 ms of the window's main thread in the middle of
 * evaluating the app (`V8.CollectSourcePositions` in a trace; 0.5 ms in a trace taken without a
 * client, through `--trace-startup`). On this 2-core machine the same build's first card came
 * 100–140 ms later through Playwright than without it. Electron's window has no such client
 * (DevTools closed), so the timings are taken this way; traces and CPU profiles still need the
 * protocol and say so.
 *
 * How: the bench serves a copy of the built renderer whose index.html runs one more classic script
 * first (`bench-probe.js`, same origin, so the app's CSP allows it): the probe, which logs one line
 * (REPORT_PREFIX + JSON) once the page has what the run waits for. Chromium is started headless
 * with `--enable-logging=stderr`, on a `data:` page that navigates to the app after STARTUP_PAUSE_MS
 * — by then the browser has finished starting, as Electron has before its window loads the app,
 * and the app loads in a renderer process of its own (another site), with the navigation start as
 * the page's clock's zero.
 */
import { execFile, spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** What the probe's report line starts with. */
export const REPORT_PREFIX = 'foundry-bench-report ';
const PROBE_FILE = 'bench-probe.js';
/** The browser's own start-up work (profile, GPU process, first tab) is over by then on this machine. */
const STARTUP_PAUSE_MS = 1_000;
const LOAD_TIMEOUT_MS = 30_000;

/**
 * A copy of `rendererDir` (deleted by the returned cleanup) whose index.html runs `probe` (a
 * classic script's source) before the app's module script.
 */
export async function probedRendererCopy(rendererDir: string, probe: string): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'renderer-bench-probed-'));
  await cp(rendererDir, dir, { recursive: true });
  const indexFile = path.join(dir, 'index.html');
  const index = await readFile(indexFile, 'utf8');
  const moduleScript = index.indexOf('<script type="module"');
  if (moduleScript < 0) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`${path.join(rendererDir, 'index.html')} has no module script to run the probe before`);
  }
  await writeFile(path.join(dir, PROBE_FILE), probe);
  await writeFile(indexFile, `${index.slice(0, moduleScript)}<script src="./${PROBE_FILE}"></script>\n    ${index.slice(moduleScript)}`);
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export interface PlainLoadOptions {
  readonly chromium: string;
  /** Chromium's switches (headless and the like); the logging and profile switches are added here. */
  readonly args: readonly string[];
  readonly url: string;
  /** Chromium's user-data folder: a new one for a first start, the same one for later starts. */
  readonly profileDir: string;
  readonly width: number;
  readonly height: number;
  /**
   * Trace the browser from its start (`--trace-startup`, no protocol needed) into this file (JSON),
   * with these categories; plainLoad returns once the file is complete.
   */
  readonly trace?: { readonly file: string; readonly categories: readonly string[] };
}

/** The trace's length from the browser's start: the pause and a slow load (a load still running at its end has no end stamp). */
export const TRACE_SECONDS = 8;

/**
 * Starts Chromium, lets it navigate to `url` once started, and resolves with the JSON the page
 * logged after REPORT_PREFIX. The browser is killed either way.
 */
export async function plainLoad(options: PlainLoadOptions): Promise<unknown> {
  const { trace } = options;
  const tracing = trace
    ? [`--trace-startup=${trace.categories.join(',')}`, `--trace-startup-file=${trace.file}`, '--trace-startup-format=json', `--trace-startup-duration=${TRACE_SECONDS}`]
    : [];
  const trampoline = `data:text/html,${encodeURIComponent(`<script>setTimeout(() => location.replace(${JSON.stringify(options.url)}), ${STARTUP_PAUSE_MS})</script>`)}`;
  const child = spawn(
    options.chromium,
    [...options.args, ...tracing, '--enable-logging=stderr', '--v=0', `--user-data-dir=${options.profileDir}`, `--window-size=${options.width},${options.height}`, trampoline],
    // Its own process group, so the renderer, GPU and zygote processes are killed with it.
    { stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  );
  // 'error' without 'exit' when Chromium could not be started at all.
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  try {
    const report = await new Promise<unknown>((resolve, reject) => {
      let log = '';
      const timer = setTimeout(() => reject(new Error(`the page did not report within ${LOAD_TIMEOUT_MS} ms`)), LOAD_TIMEOUT_MS);
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => {
        log = (log + chunk).slice(-65_536);
        // Chromium logs a console message on one line, unescaped: [..:INFO:CONSOLE(n)] "<text>", source: <url> (n)
        const at = log.indexOf(REPORT_PREFIX);
        const lineEnd = at < 0 ? -1 : log.indexOf('\n', at);
        if (lineEnd < 0) return;
        const end = log.lastIndexOf('", source: ', lineEnd);
        clearTimeout(timer);
        if (end < at) {
          reject(new Error(`Chromium logged the report in an unexpected form: ${log.slice(at, lineEnd).slice(0, 200)}`));
          return;
        }
        try {
          resolve(JSON.parse(log.slice(at + REPORT_PREFIX.length, end)) as unknown);
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
    if (trace) await traceWritten(trace.file);
    return report;
  } finally {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await exited;
    await killStragglers(options.profileDir);
  }
}

/**
 * Chromium's zygote starts renderers outside the browser's process group; one can outlive the
 * group's kill for a moment on a busy machine (and then hold the profile folder). Kills every
 * process still running on `profileDir` until none is left.
 */
async function killStragglers(profileDir: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const listing = await new Promise<string>((resolve) => execFile('ps', ['-eo', 'pid=,args='], { maxBuffer: 16 * 1024 * 1024 }, (_error, stdout) => resolve(stdout)));
    const pids = listing
      .split('\n')
      .filter((line) => line.includes(`--user-data-dir=${profileDir}`))
      .map((line) => Number.parseInt(line.trim(), 10))
      .filter((pid) => Number.isInteger(pid) && pid !== process.pid);
    if (pids.length === 0) return;
    if (Date.now() > deadline) throw new Error(`Chromium processes on ${profileDir} would not exit: ${pids.join(', ')}`);
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits until Chromium has written the whole startup trace (the file parses as JSON). */
async function traceWritten(file: string): Promise<void> {
  const deadline = Date.now() + (TRACE_SECONDS + 20) * 1000;
  for (;;) {
    try {
      JSON.parse(await readFile(file, 'utf8'));
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`Chromium did not write its trace to ${file}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
