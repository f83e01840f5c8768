/**
 * Renderer benchmarks (prints numbers; not a test). Run: npm run bench:renderer (builds first).
 *  - the built renderer's size: every JS and CSS file of out/renderer/assets, raw and gzip
 *  - time to the first secret card: on the page's clock, from the navigation's start until the
 *    first `article[data-secret]` is visible, in real Chromium against the browser host, with 20
 *    and 1,000 orgs in the embedded vault (one cold run, then the median of BENCH_RUNS warm runs;
 *    the host stays up, as main does while the window reloads). When the home screen is not the
 *    secrets view, the Secrets screen is opened the moment its button exists (see FIRST_CARD_PROBE).
 * The timed loads run in Chromium with no DevTools protocol client attached, as the app's window
 * runs (bench/plain-chromium.ts says why and how: a page driven through Playwright spent 100–140 ms
 * more on the same build). The page reports through a probe the host serves with the bundle
 * (pageProbe), logged by Chromium.
 * The vault is seeded directly (not through the app), in parallel, before the host starts.
 * BENCH_RUNS (default 7), BENCH_ORGS (default "20,1000"), BENCH_RENDERER_DIR (default out/renderer,
 * to compare another build) and CHROMIUM_PATH change the defaults. BENCH_DRIVER=playwright times
 * the loads through Playwright instead (the figures of sittings before 2026-11-30, DevTools
 * protocol included). BENCH_PROFILE=N adds N profiled
 * loads per org count and prints where the main thread's time went before the first card (see
 * bench/renderer-profile.ts; not counted in the timings above, the profiler slows the page);
 * BENCH_PROFILE_SAVE=dir keeps those profiles, BENCH_TRACE_SAVE=dir the traces (below).
 * BENCH_SCREEN=home times the home screen instead (FIRST_ROW_PROBE): its first coverage row, nothing clicked.
 * Two kinds of start (BENCH_STARTS, default "first,later"): "first" is a window that has never run
 * (a new browser on a new browser profile per run); "later" is the app's every other start: each
 * run is a new browser process on one browser profile that is kept between runs, as Electron keeps
 * its session in the user-data folder: the window's storage (the first org it opened) is there at
 * the next start. (The browser host serves the bundle no-store, so its scripts are fetched and
 * compiled at every start.) Its "cold" run is that profile's first start.
 * `--floor` (npm run bench:renderer-floor) times bench/renderer-floor instead of the app: React and
 * one call to main, nothing else — the least any React window shows a card in on this machine.
 * The end of a load is signalled by the page (a console message), not polled for: Playwright's
 * locators and waitForFunction inject and run a script in the page, 20–45 ms of its main thread in
 * the very window being measured.
 * BENCH_TRACE=N adds N traced loads and prints the main thread's CPU time (thread time) before the
 * first card, by trace event (bench/renderer-trace.ts): the figure to compare two builds with when
 * the machine is busy and the wall-clock medians swing: a startup trace (`--trace-startup`, no
 * protocol client) unless BENCH_DRIVER=playwright. Profiles need the protocol, so they include its
 * cost (V8.CollectSourcePositions). The trace's window starts when the page's probe runs.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { startBrowserHost } from '../src/browser-host/server';
import { VAULT_DIR } from '../src/main/composition';
import { silentLogger } from '../src/main/log/index';
import { defaultKeyProtector, openVault } from '../src/main/vault/index';
import { addTimes, formatTimes, PROFILE_MARK, selfTimes, startProfile } from './renderer-profile';
import { plainLoad, probedRendererCopy, REPORT_PREFIX } from './plain-chromium';
import { CARD_SIGNAL, firstCardReported, formatTraces, TRACE_CATEGORIES, TRACE_END, TRACE_START, traceLoad, traceTotals, type TraceTotals } from './renderer-trace';

// The SDK warns once that its 2027 releases need Node 22: noise among the numbers.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

/** `--floor` (npm run bench:renderer-floor): the floor page of bench/renderer-floor instead of the app, first starts only. */
const FLOOR = process.argv.includes('--floor');
const RENDERER_DIR = path.resolve(process.env['BENCH_RENDERER_DIR'] ?? (FLOOR ? 'out/renderer-floor' : 'out/renderer'));
const RENDERER_ASSETS = path.join(RENDERER_DIR, 'assets');
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
/**
 * No spare renderer (a process Chromium starts ahead for the next navigation): the app's window
 * loads into a renderer process started for it, as Electron's does (Electron turns the feature off).
 */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-features=SpareRendererForSitePerProcess'];
const ENV = { FOUNDRY_VAULT_KEY: 'bench-renderer-key-0123456789abcdef' };
const RUNS = Number(process.env['BENCH_RUNS'] ?? 7);
const ORG_COUNTS = (process.env['BENCH_ORGS'] ?? '20,1000').split(',').map(Number);
const PROFILED_RUNS = Number(process.env['BENCH_PROFILE'] ?? 0);
const TRACED_RUNS = Number(process.env['BENCH_TRACE'] ?? 0);
/** Which starts to time: a window that has never run, and/or a later start of one that has (see firstCard). */
const STARTS = (process.env['BENCH_STARTS'] ?? (FLOOR ? 'first' : 'first,later')).split(',') as Start[];
type Start = 'first' | 'later';
/** What each org holds: a realistic handful, so listing the fleet pages through ListSecrets. */
const SECRETS_PER_ORG = ['openai_api_key', 'anthropic_api_key', 'github_token'] as const;
const SEED_CONCURRENCY = 32;
/**
 * Set up before any app code runs. Records, on the page's clock, when the first secret card shows.
 * The home screen may be another view (the fleet's coverage matrix): the moment the "Secrets"
 * screen button exists, it is clicked, as if the secrets view were the first screen (the org list
 * and the first org's secrets load at start whatever the view). Nothing is clicked when it is
 * already the one shown.
 */
const FIRST_CARD_PROBE = `
  let clicked = false;
  new MutationObserver((_records, observer) => {
    if (!clicked) {
      const screens = document.querySelector('ul[aria-label="Screens"]');
      const secrets = screens && [...screens.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Secrets');
      if (secrets) {
        clicked = true;
        if (secrets.getAttribute('aria-current') !== 'page') secrets.click();
      }
    }
    const card = document.querySelector('article[data-secret]');
    if (card && card.getBoundingClientRect().height > 0) {
      globalThis.__benchFirstCard = performance.now();
      observer.disconnect();
      console.debug('${CARD_SIGNAL}');
    }
  }).observe(document, { childList: true, subtree: true });
`;

/**
 * BENCH_SCREEN=home: the home screen instead, untouched: when the coverage matrix shows its first
 * org row with that org's coverage (an org listed in full, not one still being listed).
 */
const FIRST_ROW_PROBE = `
  new MutationObserver((_records, observer) => {
    const row = document.querySelector('[role="grid"] [role="row"][data-kind="org"]:not([data-listing])');
    if (row && row.getBoundingClientRect().height > 0) {
      globalThis.__benchFirstCard = performance.now();
      observer.disconnect();
      console.debug('${CARD_SIGNAL}');
    }
  }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-listing'] });
`;

/** What a run waits for: the first secret card (default) or the home screen's first coverage row. */
const SCREEN = process.env['BENCH_SCREEN'] === 'home' ? 'home' : 'card';
const PROBE = SCREEN === 'home' ? FIRST_ROW_PROBE : FIRST_CARD_PROBE;

const kB = (bytes: number): string => `${(bytes / 1000).toFixed(1)} kB`;

function bundleSizes(): void {
  if (!existsSync(RENDERER_ASSETS)) throw new Error(`${RENDERER_ASSETS} is missing: build first (npm run build)`);
  console.log(`renderer bundle (${path.relative(process.cwd(), RENDERER_ASSETS)}; kB = 1000 bytes, gzip at the default level)`);
  const totals = { js: { raw: 0, gzip: 0 }, css: { raw: 0, gzip: 0 } };
  for (const name of readdirSync(RENDERER_ASSETS).sort()) {
    const kind = name.endsWith('.js') ? 'js' : name.endsWith('.css') ? 'css' : null;
    if (!kind) continue;
    const bytes = readFileSync(path.join(RENDERER_ASSETS, name));
    const gzip = gzipSync(bytes).length;
    totals[kind].raw += bytes.length;
    totals[kind].gzip += gzip;
    console.log(`  ${name.padEnd(36)} ${kB(bytes.length).padStart(10)} raw  ${kB(gzip).padStart(10)} gzip`);
  }
  for (const kind of ['js', 'css'] as const) {
    console.log(`  ${`total ${kind.toUpperCase()}`.padEnd(36)} ${kB(totals[kind].raw).padStart(10)} raw  ${kB(totals[kind].gzip).padStart(10)} gzip`);
  }
}

/** `orgs` orgs (org-0000, …), each with SECRETS_PER_ORG, written straight into the vault. */
async function seed(userDataDir: string, orgs: number): Promise<void> {
  const dataDir = path.join(userDataDir, VAULT_DIR);
  const vault = await openVault({ dataDir, keyProtector: defaultKeyProtector(dataDir, ENV) });
  const client = new SecretsManagerClient({ ...vault.clientConfig(), maxAttempts: 1 });
  try {
    const names = Array.from({ length: orgs }, (_, i) => SECRETS_PER_ORG.map((name) => `agentfoundry/dev/org-${String(i).padStart(4, '0')}/shared/${name}`)).flat();
    let next = 0;
    await Promise.all(
      Array.from({ length: SEED_CONCURRENCY }, async () => {
        while (next < names.length) {
          const name = names[next++] as string;
          await client.send(new CreateSecretCommand({ Name: name, SecretString: 'bench-value' }));
        }
      }),
    );
  } finally {
    client.destroy();
    await vault.close();
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * Where one run's time went, on the page's clock (ms since navigation): the app's script loaded,
 * its first call to main, main's answers for the org list and the first org's secrets, the card.
 * Read from Resource Timing (the browser host answers window.foundry over fetch).
 */
const PHASES_PROBE = `(() => {
  const entries = performance.getEntriesByType('resource');
  const script = entries.find((e) => e.name.includes('/assets/') && e.name.endsWith('.js'));
  const ipc = entries.filter((e) => e.name.includes('/ipc/'));
  const answered = (channel) => ipc.find((e) => e.name.endsWith('/ipc/' + channel))?.responseEnd ?? NaN;
  return {
    script: script ? script.responseEnd : NaN,
    firstCall: ipc.length ? Math.min(...ipc.map((e) => e.startTime)) : NaN,
    orgs: answered('listOrgs'),
    secretsSent: ipc.find((e) => e.name.endsWith('/ipc/listSecretStatus'))?.startTime ?? NaN,
    secrets: answered('listSecretStatus'),
    card: globalThis.__benchFirstCard,
    calls: ipc.filter((e) => e.responseEnd <= globalThis.__benchFirstCard).map((e) => e.name.split('/ipc/')[1]),
  };
})()`;

interface Phases {
  readonly script: number;
  readonly firstCall: number;
  readonly orgs: number;
  readonly secretsSent: number;
  readonly secrets: number;
  readonly card: number;
  readonly calls: string[];
}

/** The report as logged: JSON writes NaN (a phase that did not happen) as null. */
function phasesOf(report: unknown): Phases {
  const fields = report as Record<keyof Phases, unknown>;
  const num = (value: unknown): number => (typeof value === 'number' ? value : NaN);
  return {
    script: num(fields.script),
    firstCall: num(fields.firstCall),
    orgs: num(fields.orgs),
    secretsSent: num(fields.secretsSent),
    secrets: num(fields.secrets),
    card: num(fields.card),
    calls: Array.isArray(fields.calls) ? fields.calls.map(String) : [],
  };
}

/**
 * The page's side of every run, served with the bundle as its first script (plain-chromium.ts):
 * the screen's probe, which sets __benchFirstCard; when it does, one line with the phases for
 * the bench, and the trace's end stamp for a traced load.
 */
function pageProbe(screenProbe: string): string {
  return `${TRACE_START}
(() => {
  let at;
  Object.defineProperty(globalThis, '__benchFirstCard', { configurable: true, get: () => at, set: (value) => {
    at = value;
    console.log(${JSON.stringify(REPORT_PREFIX)} + JSON.stringify(${PHASES_PROBE}));
    ${TRACE_END}
  } });
})();
${screenProbe}`;
}

/** BENCH_DRIVER=playwright: the timed loads through Playwright (DevTools protocol attached), as sittings before 2026-11-30 took them. */
const DRIVER = process.env['BENCH_DRIVER'] === 'playwright' ? 'playwright' : 'plain';
const VIEWPORT = { width: 1280, height: 800 };

/** One timed load through Playwright: a fresh context, or (a later start) a new browser on the kept profile. */
async function playwrightLoad(browser: Browser, url: string, profileDir: string | undefined): Promise<Phases> {
  const context: BrowserContext = profileDir
    ? await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, viewport: VIEWPORT })
    : await browser.newContext({ viewport: VIEWPORT });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const report = new Promise<unknown>((resolve) => {
      page.on('console', (message) => {
        const text = message.text();
        if (text.startsWith(REPORT_PREFIX)) resolve(JSON.parse(text.slice(REPORT_PREFIX.length)) as unknown);
      });
    });
    const reported = firstCardReported(page);
    await page.goto(url, { waitUntil: 'commit' });
    await reported;
    return phasesOf(await report);
  } finally {
    await context.close();
  }
}

/** One timed load in Chromium with no protocol client: a new browser profile, or (a later start) the kept one. */
async function plainTimedLoad(url: string, keptProfileDir: string | undefined): Promise<Phases> {
  const profileDir = keptProfileDir ?? (await mkdtemp(path.join(os.tmpdir(), 'renderer-bench-profile-')));
  try {
    return phasesOf(await plainLoad({ chromium: CHROMIUM, args: CHROMIUM_ARGS, url, profileDir, ...VIEWPORT }));
  } finally {
    // Retried: a killed browser's last processes may still be writing into the folder for a moment.
    if (!keptProfileDir) await rm(profileDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  }
}

async function firstCard(browser: () => Promise<Browser>, orgs: number, start: Start): Promise<void> {
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'renderer-bench-'));
  const probed = await probedRendererCopy(RENDERER_DIR, pageProbe(PROBE));
  try {
    const seedStarted = performance.now();
    await seed(userDataDir, orgs);
    const seeded = performance.now() - seedStarted;
    const host = await startBrowserHost({ userDataDir, env: ENV, logger: silentLogger, rendererDir: probed.dir });
    try {
      const runs: Phases[] = [];
      // A later start keeps the browser profile (storage, HTTP cache, compiled code) between runs.
      const profileDir = start === 'later' ? await mkdtemp(path.join(os.tmpdir(), 'renderer-bench-profile-')) : undefined;
      try {
        for (let run = 0; run <= RUNS; run += 1) {
          runs.push(DRIVER === 'playwright' ? await playwrightLoad(await browser(), host.url, profileDir) : await plainTimedLoad(host.url, profileDir));
        }
      } finally {
        if (profileDir) await rm(profileDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
      }
      const [cold, ...warm] = runs;
      const ms = (n: number | undefined): string => `${(n ?? NaN).toFixed(0).padStart(5)} ms`;
      const phase = (key: Exclude<keyof Phases, 'calls'>): string => ms(median(warm.map((r) => r[key])));
      const cards = warm.map((r) => r.card);
      console.log(
        `${start.padEnd(5)} start, ${String(orgs).padStart(5)} orgs (${orgs * SECRETS_PER_ORG.length} secrets, seeded in ${(seeded / 1000).toFixed(1)} s): ` +
          `cold ${ms(cold?.card)}  warm median ${ms(median(cards))} (min ${ms(Math.min(...cards))}, max ${ms(Math.max(...cards))}) over ${warm.length} runs`,
      );
      console.log(
        `        on the page's clock (warm medians): script loaded ${phase('script')} → first call to main ${phase('firstCall')} → ` +
          `listOrgs answered ${phase('orgs')} → listSecretStatus sent ${phase('secretsSent')}, answered ${phase('secrets')} → ${SCREEN === 'home' ? 'first row' : 'first card'} ${phase('card')}`,
      );
      console.log(`        calls answered before the ${SCREEN === 'home' ? 'first row' : 'first card'}: ${warm[0]?.calls.join(', ') ?? '?'}`);
      if (cold) {
        // The cold run is the host's first load: main's code and caches are cold, as at every launch of the app.
        console.log(
          `        cold run, on the page's clock: script loaded ${ms(cold.script)} → listOrgs answered ${ms(cold.orgs)} → ` +
            `listSecretStatus answered ${ms(cold.secrets)} → ${SCREEN === 'home' ? 'first row' : 'first card'} ${ms(cold.card)}`,
        );
      }
      if (PROFILED_RUNS > 0 && start === STARTS[0]) await profileRuns(await browser(), host.url, orgs);
      if (TRACED_RUNS > 0 && start === STARTS[0]) await tracedRuns(browser, host.url);
    } finally {
      await host.close();
    }
  } finally {
    await rm(userDataDir, { recursive: true, force: true });
    await probed.remove();
  }
}

/**
 * BENCH_TRACE loads with a Chromium trace each: the main thread's CPU time before the first card.
 * Without a protocol client (a startup trace) unless BENCH_DRIVER=playwright.
 */
async function tracedRuns(browser: () => Promise<Browser>, url: string): Promise<void> {
  const traces: TraceTotals[] = [];
  for (let run = 0; run < TRACED_RUNS; run += 1) {
    if (DRIVER === 'plain') {
      const profileDir = await mkdtemp(path.join(os.tmpdir(), 'renderer-bench-profile-'));
      try {
        const file = path.join(profileDir, 'trace.json');
        await plainLoad({ chromium: CHROMIUM, args: CHROMIUM_ARGS, url, profileDir, ...VIEWPORT, trace: { file, categories: TRACE_CATEGORIES } });
        traces.push(traceTotals(await readFile(file, 'utf8')));
      } finally {
        await rm(profileDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
      }
      continue;
    }
    const context = await (await browser()).newContext({ viewport: VIEWPORT });
    try {
      const page = await context.newPage();
      traces.push(await traceLoad(await browser(), page, url));
    } finally {
      await context.close();
    }
  }
  for (const line of formatTraces(traces)) console.log(`        ${line}`);
}

/** BENCH_PROFILE loads with a CPU profile each, summed by package and source file. */
async function profileRuns(browser: Browser, url: string, orgs: number): Promise<void> {
  const totals = new Map<string, number>();
  for (let run = 0; run < PROFILED_RUNS; run += 1) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      // A page of the same origin first, so the app loads in the renderer process being profiled.
      await page.goto(new URL('/bench-profile-blank', url).toString()).catch(() => undefined);
      await page.addInitScript({ content: PROFILE_MARK });
      const stop = await startProfile(context, page);
      const reported = firstCardReported(page);
      await page.goto(url, { waitUntil: 'commit' });
      await reported;
      const profile = await stop();
      // BENCH_PROFILE_SAVE=dir keeps each profile (.cpuprofile: open it in Chromium's Performance panel).
      const saveDir = process.env['BENCH_PROFILE_SAVE'];
      if (saveDir) await writeFile(path.join(saveDir, `profile-${orgs}-${run}.cpuprofile`), JSON.stringify(profile));
      const { mark, card } = (await page.evaluate('({ mark: globalThis.__benchMarkAt, card: globalThis.__benchFirstCard })')) as { mark: number; card: number };
      addTimes(totals, selfTimes(profile, RENDERER_DIR, mark, card, process.env['BENCH_PROFILE_BY'] === 'src'));
    } finally {
      await context.close();
    }
  }
  for (const line of formatTimes(totals, PROFILED_RUNS, 30)) console.log(`        ${line}`);
}

async function main(): Promise<void> {
  bundleSizes();
  if (!existsSync(CHROMIUM)) {
    console.log(`first secret card: skipped (no Chromium at ${CHROMIUM}; set CHROMIUM_PATH)`);
    return;
  }
  const what = SCREEN === 'home' ? 'first coverage row of the home screen (navigation start → first listed org row of the matrix visible' : 'first secret card after navigation (navigation start → first article[data-secret] visible';
  const driver = DRIVER === 'playwright' ? 'through Playwright, DevTools protocol attached' : 'no DevTools protocol client attached';
  console.log(`${what}, on the page's clock, 1280×800, ${driver}; ${os.cpus().length} cpus, load ${os.loadavg()[0]?.toFixed(1)})`);
  // Playwright's browser only when a run needs the protocol (BENCH_DRIVER=playwright, traces, profiles).
  let launched: Promise<Browser> | undefined;
  const browser = (): Promise<Browser> => (launched ??= chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }));
  try {
    for (const start of STARTS) for (const orgs of ORG_COUNTS) await firstCard(browser, orgs, start);
  } finally {
    if (launched) await (await launched).close();
  }
}

await main();
