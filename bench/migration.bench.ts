/**
 * Migration (bulk `.env` import) benchmark (prints numbers; not a test). Run: npm run bench:migration
 *
 * A `.env` file of 1,000 keys (custom secrets) is imported into a fresh org, over a LocalStack-style
 * profile whose endpoint is a loopback proxy adding a fixed round trip (20 ms) in front of the
 * embedded vault served over HTTP (SigV4); the vault and the proxy run in their own process
 * (migration-backend.ts), as a remote backend would.
 *
 *  (a) the seed's migrate script: one CreateSecret per key, in order, awaiting each (the SDK client
 *      with the app's retry settings) — the baseline;
 *  (b) the app: main composed as the window gets it (composeMain + the IPC router), a `.env` file
 *      opened through openImportSource, startImport (includeCustom), until the job's final
 *      jobProgress event — so the listing for the plan, the per-item audit entries (attempt and
 *      outcome, fsync'ed before they count) and the progress events are all in the figure; with
 *      variants of the most requests in flight (composeMain's jobConcurrency);
 *  (c) the same behind a write limit of 50/s (a token bucket, burst 10 by default, answering
 *      CreateSecret with HTTP 400 `ThrottlingException` above it, as AWS does): the rate sustained
 *      over the whole job as a share of the limit, and whether any throttling reached the person.
 *
 * Per scenario: keys written, wall time, writes/s, speed-up over (a), share of the limit, the most
 * writes in flight at once and the throttled answers (both as the proxy saw them), items failed,
 * this process's CPU time per key, and the range of the runs. Targets: (b) ≥ 10× (a); (c) ≥ 90% of
 * the limit, 0 items failed. Every run must write every key (and the backend accept exactly one
 * write per key), or the bench says so and exits 1.
 *
 * Options: --rtt <ms> (20) --keys <n> (1000) --runs <n> (3, the median is shown) --limit <writes/s> (50)
 *          --burst <n> (10) --quick (no concurrency variants) --only <text in a scenario label>[|<text>…]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { retrySettings, withRetries } from '../src/main/backends/client-factory';
import { LOCALSTACK_CREDENTIALS } from '../src/main/backends/localstack';
import { composeMain } from '../src/main/composition';
import { createRouter } from '../src/main/ipc/router';
import { createLogger } from '../src/main/log/index';
import { DEFAULT_JOB_CONCURRENCY } from '../src/main/jobs/service';
import { APP_ENTRY_URL } from '../src/main/security';
import { eventChannel, ipcChannel, type ChannelName } from '../src/shared/channels';
import type { JobReport } from '../src/shared/jobs';
import { buildSecretId } from '../src/shared/naming';
import type { MigrationBackendCommand, MigrationBackendInfo, MigrationBackendStats } from './migration-backend';

// The SDK's notice that it will need Node 22 one day is not a measurement.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

const ENV = 'dev';
const DOMAIN = 'shared';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}
const RTT = option('rtt', 20);
const KEYS = option('keys', 1000);
const RUNS = option('runs', 3);
const LIMIT = option('limit', 50);
const BURST = option('burst', 10);
const QUICK = process.argv.includes('--quick');
const ONLY = process.argv.includes('--only') ? (process.argv[process.argv.indexOf('--only') + 1] ?? '').split('|') : undefined;

interface Run {
  readonly wallMs: number;
  readonly written: number;
  readonly failed: number;
  /** Failed items whose error was THROTTLED (throttling that reached the person). */
  readonly throttledFailures: number;
  /** CPU time of this process (the app, or the script) during the run. */
  readonly cpuMs: number;
  readonly stats: MigrationBackendStats;
}

const cpuSince = (start: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

// --- The backend process -------------------------------------------------------------------------

interface Backend {
  readonly info: MigrationBackendInfo;
  command(command: MigrationBackendCommand): Promise<unknown>;
  stop(): Promise<void>;
}

async function startBackend(): Promise<Backend> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', new URL('./migration-backend.ts', import.meta.url).pathname, JSON.stringify({ rtt: RTT })], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  const lines: Interface = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const waiting: ((line: string) => void)[] = [];
  const early: string[] = [];
  lines.on('line', (line) => {
    const next = waiting.shift();
    if (next) next(line);
    else early.push(line);
  });
  const nextLine = (): Promise<string> => (early.length > 0 ? Promise.resolve(early.shift() as string) : new Promise((resolve) => waiting.push(resolve)));
  const info = JSON.parse(await nextLine()) as MigrationBackendInfo;
  return {
    info,
    async command(command) {
      child.stdin?.write(`${JSON.stringify(command)}\n`);
      return JSON.parse(await nextLine()) as unknown;
    },
    async stop() {
      child.stdin?.end();
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}

const stats = async (backend: Backend): Promise<MigrationBackendStats> => (await backend.command({ cmd: 'stats' })) as MigrationBackendStats;

// --- The `.env` file -----------------------------------------------------------------------------

/** `count` custom keys with random, key-like values (the names become custom secret names). */
function envFile(count: number): string {
  const lines = ['# migration bench: custom keys, one per line'];
  for (let index = 0; index < count; index += 1) lines.push(`BENCH_KEY_${String(index).padStart(5, '0')}=sk-bench-${randomBytes(24).toString('hex')}`);
  return `${lines.join('\n')}\n`;
}
const keyNames = (count: number): string[] => Array.from({ length: count }, (_, index) => `bench_key_${String(index).padStart(5, '0')}`);

// --- (a) the seed's script -----------------------------------------------------------------------

async function sequentialRun(backend: Backend, orgId: string, rateLimit: number | null, count = KEYS): Promise<Run> {
  const client = withRetries(
    new SecretsManagerClient({ region: backend.info.region, endpoint: backend.info.endpoint, credentials: { ...LOCALSTACK_CREDENTIALS }, ...retrySettings() }),
  );
  const values = keyNames(count).map((name) => [name, `sk-bench-${randomBytes(24).toString('hex')}`] as const);
  await backend.command({ cmd: 'reset', rateLimit, burst: BURST });
  let written = 0;
  let failed = 0;
  let throttledFailures = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (const [secretName, value] of values) {
    try {
      await client.send(new CreateSecretCommand({ Name: buildSecretId({ env: ENV, orgId, domainId: DOMAIN, secretName }), SecretString: value }));
      written += 1;
    } catch (error) {
      failed += 1;
      if ((error as Error).name === 'ThrottlingException') throttledFailures += 1;
    }
  }
  const wallMs = performance.now() - started;
  const cpuMs = cpuSince(cpu);
  client.destroy();
  return { wallMs, written, failed, throttledFailures, cpuMs, stats: await stats(backend) };
}

// --- (b), (c) the app's job ----------------------------------------------------------------------

interface App {
  call<T>(name: ChannelName, input?: unknown): Promise<T>;
  /** Resolves at the job's final jobProgress event. */
  finished(jobId: string): Promise<void>;
  readonly sourceId: string;
  close(): Promise<void>;
}

async function startApp(backend: Backend, concurrency: number | undefined, file: string): Promise<App> {
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'migration-bench-app-'));
  const done = new Map<string, () => void>();
  const ended = new Set<string>();
  const services = await composeMain({
    userDataDir,
    env: { FOUNDRY_VAULT_KEY: 'bench-migration-app-0123456789' },
    logger: createLogger({ level: 'warn', sink: (line) => process.stderr.write(`${line}\n`) }),
    osUser: 'bench',
    // The bench's profile points at its loopback proxy: the person at main's confirmation box says yes.
    confirmProfileChange: async () => ({ approved: true }),
    chooseImportFile: async () => file,
    ...(concurrency !== undefined && { jobConcurrency: concurrency }),
    emit: (channel, payload) => {
      if (channel !== eventChannel('jobProgress')) return;
      const report = payload as { jobId: string; state: string };
      if (report.state === 'running') return;
      ended.add(report.jobId);
      done.get(report.jobId)?.();
    },
  });
  const router = createRouter(services.handlers, { log: (message) => process.stderr.write(`${message}\n`) });
  const call = async <T>(name: ChannelName, input: unknown = {}): Promise<T> => {
    const result = await router.dispatch(ipcChannel(name), { url: APP_ENTRY_URL, isMainFrame: true }, input);
    if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`);
    return result.value as T;
  };
  await call('saveProfile', { profile: { kind: 'localstack', id: 'bench', name: 'Bench', env: ENV, readOnly: false, endpoint: backend.info.endpoint, region: backend.info.region } });
  await call('selectProfile', { id: 'bench' });
  const opened = await call<{ opened: boolean; source?: { sourceId: string; keys: number } }>('openImportSource', { kind: 'file' });
  if (!opened.source || opened.source.keys !== KEYS) throw new Error(`the .env file did not open with ${KEYS} keys`);
  return {
    call,
    sourceId: opened.source.sourceId,
    finished: (jobId) => (ended.has(jobId) ? Promise.resolve() : new Promise<void>((resolve) => done.set(jobId, resolve))),
    async close() {
      await services.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

async function appRun(backend: Backend, app: App, orgId: string, rateLimit: number | null): Promise<Run> {
  await backend.command({ cmd: 'reset', rateLimit, burst: BURST });
  const cpu = process.cpuUsage();
  const started = performance.now();
  const report = await app.call<JobReport>('startImport', { sourceId: app.sourceId, orgId, domainId: DOMAIN, includeCustom: true });
  await app.finished(report.jobId);
  const wallMs = performance.now() - started;
  const cpuMs = cpuSince(cpu);
  const end = await app.call<JobReport>('getJob', { jobId: report.jobId });
  return {
    wallMs,
    written: end.counts.written,
    failed: end.counts.failed,
    throttledFailures: end.items.filter((item) => item.code === 'THROTTLED').length,
    cpuMs,
    stats: await stats(backend),
  };
}

// --- Scenarios and output ------------------------------------------------------------------------

interface Scenario {
  readonly label: string;
  readonly kind: 'sequential' | 'app';
  readonly concurrency?: number;
  readonly rateLimit: number | null;
}

const variants = (counts: readonly number[]): number[] => (QUICK ? [] : counts.filter((count) => count !== DEFAULT_JOB_CONCURRENCY));

const SCENARIOS: readonly Scenario[] = [
  { label: '(a) sequential SDK loop (the seed script)', kind: 'sequential', rateLimit: null },
  { label: `(b) the app's import, ${DEFAULT_JOB_CONCURRENCY} in flight [default]`, kind: 'app', rateLimit: null },
  ...variants([8, 16, 32, 64]).map((concurrency): Scenario => ({ label: `    the app's import, ${concurrency} in flight`, kind: 'app', concurrency, rateLimit: null })),
  { label: `(c) the app's import, ${LIMIT} writes/s limit [default]`, kind: 'app', rateLimit: LIMIT },
  ...variants([4, 16, 64]).map(
    (concurrency): Scenario => ({ label: `    the app's import, ${LIMIT} writes/s limit, ${concurrency} in flight`, kind: 'app', concurrency, rateLimit: LIMIT }),
  ),
  ...(QUICK ? [] : [{ label: `    sequential SDK loop, ${LIMIT} writes/s limit`, kind: 'sequential', rateLimit: LIMIT } satisfies Scenario]),
];

function median(runs: readonly Run[]): Run {
  const sorted = [...runs].sort((a, b) => a.wallMs - b.wallMs);
  return sorted[Math.floor(sorted.length / 2)] as Run;
}

const COLUMNS = ['scenario'.padEnd(52), 'keys'.padStart(5), 'wall'.padStart(9), 'writes/s'.padStart(9), 'speed-up'.padStart(9), '% limit'.padStart(8), 'in flt'.padStart(7), 'thrott'.padStart(7), 'failed'.padStart(7), 'CPU/key'.padStart(8), 'runs (s)'.padStart(12)];

function row(label: string, runs: readonly Run[], baselineMs: number | undefined, rateLimit: number | null): string {
  const run = median(runs);
  const walls = runs.map((each) => each.wallMs / 1000);
  const rate = run.written / (run.wallMs / 1000);
  return [
    label.padEnd(52),
    String(run.written).padStart(5),
    `${(run.wallMs / 1000).toFixed(2)} s`.padStart(9),
    rate.toFixed(1).padStart(9),
    (baselineMs === undefined ? '–' : `${(baselineMs / run.wallMs).toFixed(1)}×`).padStart(9),
    (rateLimit === null ? '–' : `${((100 * rate) / rateLimit).toFixed(0)}%`).padStart(8),
    String(run.stats.maxInFlight).padStart(7),
    String(run.stats.throttled).padStart(7),
    String(run.failed).padStart(7),
    `${(run.cpuMs / KEYS).toFixed(2)} ms`.padStart(8),
    `${Math.min(...walls).toFixed(1)}–${Math.max(...walls).toFixed(1)}`.padStart(12),
  ].join(' ');
}

async function main(): Promise<void> {
  console.log(
    `Migration bench: ${KEYS} keys from a .env file, vault over HTTP (SigV4) behind a proxy adding ${RTT} ms per round trip; median of ${RUNS} runs (wall time).`,
  );
  console.log(`Targets: (b) ≥ 10× faster than (a); (c) ≥ 90% of the ${LIMIT} writes/s limit (token bucket, burst ${BURST}) sustained, 0 items failed.`);
  console.log('in flt = most writes in flight at once, thrott = ThrottlingException answers (both as the proxy saw them); failed = items not written.\n');
  console.log(COLUMNS.join(' '));
  const dir = await mkdtemp(path.join(os.tmpdir(), 'migration-bench-'));
  const file = path.join(dir, 'bench.env');
  await writeFile(file, envFile(KEYS), { mode: 0o600 });
  const backend = await startBackend();
  let baselineMs: number | undefined;
  let org = 0;
  const problems: string[] = [];
  try {
    for (const scenario of SCENARIOS) {
      if (ONLY !== undefined && !ONLY.some((text) => scenario.label.includes(text))) continue;
      const runs: Run[] = [];
      let app: App | undefined;
      if (scenario.kind === 'app') app = await startApp(backend, scenario.concurrency, file);
      try {
        // One warm-up (connections, JIT, the audit identity), then the measured runs.
        if (app) await appRun(backend, app, `bench-warm-${(org += 1)}`, null);
        else await sequentialRun(backend, `bench-warm-${(org += 1)}`, null, 20);
        for (let index = 0; index < RUNS; index += 1) {
          const orgId = `bench-${(org += 1)}`;
          runs.push(app ? await appRun(backend, app, orgId, scenario.rateLimit) : await sequentialRun(backend, orgId, scenario.rateLimit));
        }
      } finally {
        await app?.close();
      }
      const run = median(runs);
      if (scenario.kind === 'sequential' && scenario.rateLimit === null) baselineMs = run.wallMs;
      // Speed-up over the sequential loop without a limit; under a limit, the share of the limit says more.
      console.log(row(scenario.label, runs, scenario.kind === 'sequential' || scenario.rateLimit !== null ? undefined : baselineMs, scenario.rateLimit));
      for (const each of runs) {
        if (each.stats.accepted !== each.written) problems.push(`${scenario.label.trim()}: the backend accepted ${each.stats.accepted} writes for ${each.written} keys written`);
        if (each.written !== KEYS) problems.push(`${scenario.label.trim()}: a run wrote ${each.written} of ${KEYS} keys (${each.failed} failed, ${each.throttledFailures} of them THROTTLED)`);
      }
      if (scenario.rateLimit !== null) {
        const seconds = run.stats.perSecond.slice(0, -1); // the last second is partial
        console.log(`${''.padEnd(6)}accepted writes per second (median run): ${seconds.join(' ')}`);
      }
    }
  } finally {
    await backend.stop();
    await rm(dir, { recursive: true, force: true });
  }
  if (problems.length > 0) {
    console.log(`\nNOT as expected:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
    process.exitCode = 1;
  }
}

await main();
