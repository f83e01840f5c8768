/**
 * Fleet snapshot benchmark (prints numbers; not a test). Run: npm run bench:fleet
 *
 * The embedded vault, served over HTTP (SigV4), behind a loopback proxy that adds a fixed round
 * trip (50 ms), holds 1,000 orgs × 6–12 secrets (plus foreign names). For each fleet shape and
 * listing strategy it prints: ListSecrets requests, "rounds" (the critical path: the longest chain
 * of requests where each waited for the one before, for its answer or for its slot), wall time,
 * wall time in round trips, and the time until the first org was listed. Every run must list
 * every app secret exactly once, or the bench stops.
 *
 * Options: --rtt <ms> (50) --orgs <n> (1000) --runs <n> (3, the median is shown) --quick (fewer strategies)
 *          --shapes natural,uniform,skewed --only <text in a strategy label>
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { addAnswerGuard } from '../src/main/backends/answer-guard';
import { retrySettings, withRetries } from '../src/main/backends/client-factory';
import { listFleetSequentially, shardedListing, type FleetListing, type FleetRequestTrace, type ShardedListingOptions } from '../src/main/fleet/list';
import { createFleetService } from '../src/main/fleet/service';
import type { Profile } from '../src/shared/profiles';
import type { FleetBackendInfo, FleetBackendRequest } from './fleet-backend';
import type { FleetShape } from './fleet-fixtures';

const ENV = 'dev';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}
const RTT = option('rtt', 50);
const ORGS = option('orgs', 1000);
const RUNS = option('runs', 3);
const QUICK = process.argv.includes('--quick');
const ONLY = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const SHAPES = (process.argv.includes('--shapes') ? (process.argv[process.argv.indexOf('--shapes') + 1] ?? '') : 'natural,uniform,skewed').split(',') as FleetShape[];

interface Run {
  requests: number;
  rounds: number;
  wallMs: number;
  firstOrgMs: number;
  secrets: number;
  maxInFlight: number;
  attempts: number;
}

interface Strategy {
  readonly label: string;
  readonly listing: (traces: FleetRequestTrace[]) => FleetListing;
  readonly sequential?: boolean;
}

const sharded = (label: string, options: ShardedListingOptions): Strategy => ({
  label,
  listing: (traces) => shardedListing({ ...options, onRequest: (trace) => traces.push(trace) }),
});

const STRATEGIES: readonly Strategy[] = [
  { label: '(a) sequential scan (today)', listing: () => listFleetSequentially, sequential: true },
  sharded('keep paging', { split: 'never' }),
  sharded('split after page 1', { split: 1 }),
  sharded('split after page 2', { split: 2 }),
  sharded('split when a slot is idle (no estimate)', { estimate: false }),
  sharded('(b) adaptive [default]', {}),
  ...(QUICK
    ? []
    : [
        sharded('adaptive, no jump', { jump: false }),
        sharded('adaptive, 8 in flight', { concurrency: 8 }),
        sharded('adaptive, 12 in flight', { concurrency: 12 }),
        sharded('adaptive, 24 in flight', { concurrency: 24 }),
        sharded('adaptive, first wave 36 requests', { firstWave: 36 }),
        sharded('adaptive, first wave 4 requests', { firstWave: 4 }),
      ]),
];

async function runOnce(client: SecretsManagerClient, strategy: Strategy, expected: number): Promise<Run> {
  const traces: FleetRequestTrace[] = [];
  const listing = strategy.listing(traces);
  const names = new Set<string>();
  let duplicates = 0;
  let firstOrgMs = Number.NaN;
  let requests = 0;
  const started = performance.now();
  await listing({
    client,
    env: ENV,
    signal: new AbortController().signal,
    onProgress: (progress) => {
      requests = progress.requests;
      for (const secret of progress.secrets) {
        if (names.has(secret.id.secretId)) duplicates += 1;
        names.add(secret.id.secretId);
      }
      if (Number.isNaN(firstOrgMs) && progress.secrets.length > 0) firstOrgMs = performance.now() - started;
    },
  });
  const wallMs = performance.now() - started;
  if (names.size !== expected || duplicates > 0) throw new Error(`${strategy.label}: listed ${names.size} secrets (${duplicates} twice), expected ${expected} once each`);
  const rounds = strategy.sequential ? requests : Math.max(...traces.map((trace) => trace.depth));
  const attempts = strategy.sequential ? requests : traces.reduce((sum, trace) => sum + trace.attempts, 0);
  let maxInFlight = 0;
  const events = traces.flatMap((trace) => [[trace.startedAt, 1] as const, [trace.endedAt, -1] as const]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let current = 0;
  for (const [, delta] of events) maxInFlight = Math.max(maxInFlight, (current += delta));
  return { requests, rounds, wallMs, firstOrgMs, secrets: names.size, maxInFlight, attempts };
}

function median(runs: readonly Run[]): Run {
  const sorted = [...runs].sort((a, b) => a.wallMs - b.wallMs);
  return sorted[Math.floor(sorted.length / 2)] as Run;
}

function row(label: string, run: Run): string {
  return [
    label.padEnd(48),
    String(run.requests).padStart(5),
    String(run.rounds).padStart(7),
    `${run.wallMs.toFixed(0)} ms`.padStart(10),
    (run.wallMs / RTT).toFixed(1).padStart(8),
    `${run.firstOrgMs.toFixed(0)} ms`.padStart(10),
    String(run.maxInFlight).padStart(7),
  ].join(' ');
}

/** Starts the backend process (vault + proxy) and waits for its JSON line. */
async function startBackend(request: FleetBackendRequest): Promise<{ info: FleetBackendInfo; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./fleet-backend.ts', import.meta.url).pathname, JSON.stringify(request)], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const [line] = (await once(lines, 'line')) as [string];
  return { info: JSON.parse(line) as FleetBackendInfo, child };
}

/** Time from `load()` to the first fleetProgress event carrying an org, through the fleet service. */
async function firstOrgThroughService(client: SecretsManagerClient, list: FleetListing): Promise<{ firstOrgMs: number; completeMs: number }> {
  const profile: Profile = { kind: 'embedded', id: 'bench', name: 'Bench', env: ENV, readOnly: false };
  let firstOrgMs = Number.NaN;
  let started = 0;
  const service = createFleetService({
    clientFor: async () => client,
    list,
    send: (_name, payload) => {
      if (Number.isNaN(firstOrgMs) && 'orgs' in payload && payload.orgs.length > 0) firstOrgMs = performance.now() - started;
    },
  });
  started = performance.now();
  service.load(profile, [], true);
  await service.settled(profile);
  const completeMs = performance.now() - started;
  service.close();
  return { firstOrgMs, completeMs };
}

async function benchShape(shape: FleetShape): Promise<void> {
  const { info, child } = await startBackend({ shape, orgs: ORGS, rtt: RTT });
  const biggest = info.firstCharacters.map(([char, count]) => `${char}:${count}`).join(' ');
  console.log(
    `\n${shape} fleet: ${info.orgs} orgs, ${info.secrets} secrets (+200 foreign), e.g. ${info.sampleOrgs.join(', ')}; biggest first characters ${biggest}; seeded in ${info.seedSeconds.toFixed(1)} s`,
  );
  console.log(`${'strategy'.padEnd(48)} ${'reqs'.padStart(5)} ${'rounds'.padStart(7)} ${'wall'.padStart(10)} ${'wall/RTT'.padStart(8)} ${'first org'.padStart(10)} ${'in flt'.padStart(7)}`);
  // With the app's answer guard (every page's shape checked, as the app's clients do).
  const client = addAnswerGuard(withRetries(new SecretsManagerClient({ region: info.region, endpoint: info.endpoint, credentials: info.credentials, ...retrySettings() })));
  try {
    for (const strategy of STRATEGIES) {
      if (ONLY !== undefined && !strategy.label.includes(ONLY)) continue;
      const runs: Run[] = [];
      // One warm-up (connections, JIT), then the measured runs.
      await runOnce(client, strategy, info.secrets);
      for (let index = 0; index < (strategy.sequential ? 1 : RUNS); index += 1) runs.push(await runOnce(client, strategy, info.secrets));
      console.log(row(strategy.label, median(runs)));
    }
    // The same listing without the proxy: what is left is the time the vault (one process) and the
    // client spend computing, which no listing strategy can go below.
    const direct = addAnswerGuard(withRetries(new SecretsManagerClient({ region: info.region, endpoint: info.direct, credentials: info.credentials, ...retrySettings() })));
    const directRuns: Run[] = [];
    for (let index = 0; index <= RUNS; index += 1) directRuns.push(await runOnce(direct, sharded('', {}), info.secrets));
    direct.destroy();
    console.log(row('(b) straight to the vault, no added delay', median(directRuns.slice(1))));
    const viaService = await firstOrgThroughService(client, shardedListing());
    console.log(`through the fleet service (default listing): first org event after ${viaService.firstOrgMs.toFixed(0)} ms, complete after ${viaService.completeMs.toFixed(0)} ms`);
  } finally {
    client.destroy();
    child.stdin?.end();
    await once(child, 'exit');
  }
}

/** AWS-like throttling (a token bucket per account): the SDK's retry modes, and the listing's own backoff. */
async function benchThrottled(perSecond: number, burst: number): Promise<void> {
  const { info, child } = await startBackend({ shape: 'natural', orgs: ORGS, rtt: RTT, rateLimit: perSecond, burst });
  console.log(`\nnatural fleet, ListSecrets throttled as AWS does: ${perSecond} requests/s, burst ${burst}`);
  console.log(`${'retries'.padEnd(48)} ${'reqs'.padStart(5)} ${'retried'.padStart(7)} ${'wall'.padStart(10)}`);
  const variants = [
    { label: "SDK 'adaptive', 10 attempts", mode: 'adaptive', backoff: false },
    { label: "SDK 'standard', 10 attempts on throttling", mode: 'standard', backoff: false },
    { label: 'the app: standard + fewer in flight when throttled', mode: 'standard', backoff: true },
  ] as const;
  try {
    for (const variant of variants) {
      const walls: number[] = [];
      let requests = 0;
      let retried = 0;
      for (let index = 0; index < RUNS; index += 1) {
        // A fresh client that sat idle first, as the app's does before a load; the bucket refills meanwhile.
        const client = addAnswerGuard(withRetries(new SecretsManagerClient({ region: info.region, endpoint: info.endpoint, credentials: info.credentials, retryMode: variant.mode, maxAttempts: 10 })));
        await new Promise((resolve) => setTimeout(resolve, 1500));
        const traces: FleetRequestTrace[] = [];
        const started = performance.now();
        let listed = 0;
        await shardedListing({ backoff: variant.backoff, onRequest: (trace) => traces.push(trace) })({
          client,
          env: ENV,
          signal: new AbortController().signal,
          onProgress: (progress) => (listed += progress.secrets.length),
        });
        walls.push(performance.now() - started);
        client.destroy();
        if (listed !== info.secrets) throw new Error(`${variant.label}: listed ${listed} of ${info.secrets}`);
        requests = traces.length;
        retried = traces.reduce((sum, trace) => sum + trace.attempts - 1, 0);
      }
      const wall = [...walls].sort((a, b) => a - b)[Math.floor(walls.length / 2)] as number;
      console.log(`${variant.label.padEnd(48)} ${String(requests).padStart(5)} ${String(retried).padStart(7)} ${`${wall.toFixed(0)} ms`.padStart(10)}`);
    }
  } finally {
    child.stdin?.end();
    await once(child, 'exit');
  }
}

async function main(): Promise<void> {
  console.log(`Fleet snapshot bench: ${ORGS} orgs × 6–12 secrets, vault over HTTP (SigV4) behind a proxy adding ${RTT} ms per round trip; median of ${RUNS} runs.`);
  console.log('rounds = longest chain of requests each waiting on the one before (its answer or its slot); target for (b): ≤ 10 rounds, ≤ 700 ms.');
  for (const shape of SHAPES) await benchShape(shape);
  // Half AWS's quota: the vault here answers only ~130 ListSecrets/s itself, so 100/s would rarely bite.
  if (!QUICK) await benchThrottled(50, 10);
}

await main();
