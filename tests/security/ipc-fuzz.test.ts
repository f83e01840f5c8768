/**
 * IPC fuzzing (issue 11, part 8): every channel of the contract gets at least 10,000 payloads
 * through the real router and the real services on a real embedded vault — random JSON and
 * anything structured clone can carry (with `__proto__` / `constructor` / `prototype` keys), huge,
 * deep and broken-Unicode strings, wrong types, and near-valid payloads (valid inputs with small
 * mutations, a good share left valid so they reach the services). Then stateful sequences: profile,
 * org and secret calls interleaved, checked against a model, and concurrent bursts of them.
 *
 * For every answer: the router answers (never rejects), never INTERNAL, the answer is plain data
 * matching the channel's declared output or the wire error shape, and holds no value (every value
 * written carries one canary token) nor the vault key. After each run: no log line, event, file or
 * export holds the canary; every secret name in both vaults is a valid id; every file is where the
 * app keeps files; the audit chain verifies; no built-in prototype changed.
 *
 * Scale: FOUNDRY_FUZZ_RUNS (payloads per channel, default 10,000); replay: FOUNDRY_FUZZ_SEED.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelHandlers } from '../../src/main/ipc/router';
import { CHANNEL_NAMES, type ChannelName } from '../../src/shared/channels';
import { AppError } from '../../src/shared/errors';
import { answerProblem, count, newStats, type ChannelStats } from './ipc-fuzz/answer-checks';
import { TOKEN } from './ipc-fuzz/canary';
import { BATCH, BURST_RUNS, POOL_SIZE, RUNS_PER_CHANNEL, SEED, SEQUENCE_RUNS } from './ipc-fuzz/config';
import { drawHostilePools, fromPool } from './ipc-fuzz/hostile';
import { startFuzzHarness, type FuzzHarness } from './ipc-fuzz/harness';
import { burstCalls, checkConsistent } from './ipc-fuzz/burst';
import { modelCommands, startSequence } from './ipc-fuzz/model';
import { nearValid } from './ipc-fuzz/mutate';
import { ensureBaseline } from './ipc-fuzz/seed';
import { validInputs, type Pools } from './ipc-fuzz/valid-inputs';

/**
 * The share of near-valid payloads (the rest are random), per channel, by what a call that passes
 * validation costs: channels that change something write two fsync'ed audit entries (and often a
 * vault record), so fewer of their payloads are sent valid, to keep the file near a minute.
 */
const NEAR_VALID_SHARE: Readonly<Record<ChannelName, number>> = {
  listCatalog: 0.5,
  listProfiles: 0.5,
  selectProfile: 0.1,
  saveProfile: 0.12,
  removeProfile: 0.3,
  testConnection: 0.04,
  checkBlindAccess: 0.2,
  // A full diagnostics run (several calls, a LocalStack health round trip): few valid ones.
  runDiagnostics: 0.04,
  listOrgs: 0.3,
  addOrg: 0.2,
  removeOrg: 0.3,
  loadFleet: 0.1,
  cancelFleet: 0.5,
  exportFleet: 0.1,
  compareDrift: 0.02,
  cancelDrift: 0.5,
  exportDrift: 0.3,
  getSecretStatus: 0.15,
  listSecretStatus: 0.2,
  pickValueFile: 0.3,
  discardValueFile: 0.5,
  writeSecret: 0.15,
  removeSecret: 0.2,
  restoreSecret: 0.2,
  listAudit: 0.02,
  exportAudit: 0.03,
  getKeyCheckSettings: 0.5,
  saveKeyCheckSettings: 0.2,
  getFleetSettings: 0.5,
  saveFleetSettings: 0.2,
  openImportSource: 0.3,
  forgetImportSource: 0.5,
  previewImport: 0.3,
  startImport: 0.05,
  startBulk: 0.04,
  cancelJob: 0.3,
  getJob: 0.3,
  exportJobReport: 0.15,
  saveIamPolicy: 0.3,
};

const hostilePools = drawHostilePools(SEED, POOL_SIZE);

/** Random payloads and near-valid ones (valid inputs drawn now, with the harness's real handles in them). */
function payloads(channel: ChannelName, pools: Pools): fc.Arbitrary<unknown> {
  const near = Math.round(NEAR_VALID_SHARE[channel] * 100);
  const valid = fc.sample(validInputs(pools)[channel] as fc.Arbitrary<unknown>, { seed: SEED + CHANNEL_NAMES.indexOf(channel), numRuns: 1024 });
  return fc.oneof({ weight: 100 - near, arbitrary: fromPool(hostilePools.random) }, { weight: near, arbitrary: nearValid(valid, hostilePools.hostile) });
}

/** The property for one channel: batches of payloads sent at once, every answer checked. */
function fuzzChannel(h: FuzzHarness, channel: ChannelName, stats: ChannelStats) {
  return fc.asyncProperty(fc.array(payloads(channel, h.pools), { minLength: BATCH, maxLength: BATCH }), async (batch) => {
    const results = await Promise.all(batch.map((payload) => h.dispatch(channel, payload)));
    for (const result of results) {
      count(stats, channel, result);
      const problem = answerProblem(channel, result);
      if (problem) throw new Error(problem);
    }
    if (h.problems.length > 0) throw new Error(h.problems.join('; '));
  });
}

const figures: string[] = [];
afterAll(() => {
  // The counts and timings the report quotes (vitest shows this output with --reporter=verbose or on failure).
  console.info(`IPC fuzz (seed ${SEED}: FOUNDRY_FUZZ_SEED=${SEED} replays it; ${RUNS_PER_CHANNEL} payloads per channel, batches of ${BATCH}):\n${figures.join('\n')}`);
});

function describeStats(channel: ChannelName, stats: ChannelStats, ms: number): string {
  const codes = Object.entries(stats.codes).map(([code, n]) => `${code} ${n}`).join(', ');
  return `${channel.padEnd(20)} ${String(stats.payloads).padStart(6)} payloads, ${String(stats.reached).padStart(5)} reached a handler (${String(stats.ok).padStart(5)} ok${codes ? `; ${codes}` : ''}), ${(ms / 1000).toFixed(1)} s`;
}

describe('IPC fuzz: every channel, random and near-valid payloads', () => {
  // One app for every channel (composing and seeding one per channel would cost more than the fuzz);
  // ensureBaseline repairs before each channel what the previous one changed.
  let h: FuzzHarness;
  beforeAll(async () => {
    h = await startFuzzHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it.each(CHANNEL_NAMES)('%s answers every payload, typed, without a value', async (channel) => {
    const started = performance.now();
    await ensureBaseline(h);
    const stats = newStats();
    await fc.assert(fuzzChannel(h, channel, stats), { numRuns: Math.ceil(RUNS_PER_CHANNEL / BATCH), seed: SEED });
    // Jobs started by this channel's payloads finish before the next channel (their cost is this one's).
    await h.settle();
    figures.push(describeStats(channel, stats, performance.now() - started));
    expect(stats.payloads).toBeGreaterThanOrEqual(RUNS_PER_CHANNEL);
    // The fuzz must not degenerate into schema checks only: a share reaches the handler, and some succeed.
    expect(stats.reached / stats.payloads).toBeGreaterThan(NEAR_VALID_SHARE[channel] / 10);
    expect(stats.ok).toBeGreaterThan(0);
  }, 300_000);

  it('leaves only valid ids, the app\'s own files and no value behind; the audit chain verifies', async () => {
    const started = performance.now();
    await h.verifyAfter();
    figures.push(`verification after ${CHANNEL_NAMES.length} channels: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }, 120_000);
});

describe('IPC fuzz: stateful sequences of profile, org and secret calls', () => {
  let h: FuzzHarness;
  beforeAll(async () => {
    h = await startFuzzHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('every sequence leaves the app as a model of it expects (constructor and prototype ids included)', async () => {
    const started = performance.now();
    let commands = 0;
    await fc.assert(
      fc.asyncProperty(modelCommands(h.pools), async (sequence) => {
        await fc.asyncModelRun(() => startSequence(h), sequence);
        commands += [...sequence].length;
        if (h.problems.length > 0) throw new Error(h.problems.join('; '));
      }),
      { numRuns: SEQUENCE_RUNS, seed: SEED },
    );
    figures.push(`stateful: ${SEQUENCE_RUNS} sequences, ${commands} commands, ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }, 300_000);

  it('concurrent bursts leave what main answers equal to what it stored, and the audit chain whole', async () => {
    const started = performance.now();
    let calls = 0;
    let bursts = 0;
    await fc.assert(
      fc.asyncProperty(burstCalls(h.pools), async (burst) => {
        const activeBefore = (await h.ok('listProfiles', {})).activeId;
        await Promise.all(burst.map(({ channel, input }) => h.call(channel, input))).catch((error: unknown) => {
          // Bursts share one app: the profile active when it started explains a shrunk counterexample.
          throw new Error(`${error instanceof Error ? error.message : String(error)} — active profile before the burst: ${activeBefore}`, { cause: error });
        });
        calls += burst.length;
        bursts += 1;
        await checkConsistent(h);
        // Now and then the app restarts: what it answers afterwards must be what it answered before.
        if (bursts % 10 === 0) {
          const before = await h.ok('listProfiles', {});
          await h.restart();
          expect(await h.ok('listProfiles', {})).toEqual(before);
        }
        if (h.problems.length > 0) throw new Error(h.problems.join('; '));
      }),
      { numRuns: BURST_RUNS, seed: SEED },
    );
    figures.push(`bursts: ${bursts} bursts, ${calls} concurrent calls, ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }, 300_000);

  it('leaves only valid ids, the app\'s own files and no value behind', async () => {
    await h.verifyAfter();
  }, 120_000);
});

describe('IPC fuzz: its checks catch what they look for', () => {
  /** Fuzzes one channel of an app with a planted bug; answers the failure fast-check reports. */
  async function failureWith(channel: ChannelName, wrapHandlers: (handlers: ChannelHandlers) => ChannelHandlers): Promise<string> {
    const h = await startFuzzHarness({ wrapHandlers });
    try {
      const details = await fc.check(fuzzChannel(h, channel, newStats()), { numRuns: 200, seed: SEED });
      return details.failed ? String(details.errorInstance) : 'no failure';
    } finally {
      await h.close();
    }
  }

  it('a handler failing unexpectedly (INTERNAL)', async () => {
    const failure = await failureWith('addOrg', (handlers) => ({
      ...handlers,
      addOrg: async (input, ctx) => {
        if (input.orgId === 'globex') throw new TypeError('a planted bug');
        return handlers.addOrg(input, ctx);
      },
    }));
    expect(failure).toContain('addOrg: answered INTERNAL');
  }, 60_000);

  it('a value quoted in an error message', async () => {
    const failure = await failureWith('writeSecret', (handlers) => ({
      ...handlers,
      writeSecret: async (input) => {
        const typed = input.value?.reveal();
        throw new AppError('VALIDATION', `Not accepted: ${typeof typed === 'string' ? typed : 'a file'}`);
      },
    }));
    expect(failure).toContain('writeSecret: the answer contains the canary value or the vault key');
  }, 60_000);

  it('an org that is answered as added but never stored (the model notices)', async () => {
    const h = await startFuzzHarness({
      // addOrg answers the list as if it had added the org, without adding it (a read-only
      // profile still refuses, so what the model notices is the list, not the refusal).
      wrapHandlers: (handlers) => ({
        ...handlers,
        addOrg: async (input, ctx) => {
          const { activeId, profiles } = await handlers.listProfiles({}, { ...ctx, channel: 'listProfiles', class: 'status' });
          if (profiles.find((profile) => profile.id === activeId)?.readOnly) return handlers.addOrg(input, ctx);
          return handlers.listOrgs({}, { ...ctx, channel: 'listOrgs', class: 'status' });
        },
      }),
    });
    try {
      const details = await fc.check(
        fc.asyncProperty(modelCommands(h.pools), async (sequence) => fc.asyncModelRun(() => startSequence(h), sequence)),
        { numRuns: 100, seed: SEED },
      );
      expect(String(details.errorInstance)).toMatch(/orgs added under profile .* are \[.*\], expected \[/);
    } finally {
      await h.close();
    }
  }, 120_000);

  it('a file written beside the data directory, a stray file holding a value, a foreign secret name, a polluted prototype', async () => {
    const h = await startFuzzHarness();
    try {
      await fs.writeFile(path.join(h.userDataDir, '..', 'escaped.txt'), 'x');
      await fs.writeFile(path.join(h.userDataDir, 'notes.txt'), `${TOKEN}-stray`);
      const client = new SecretsManagerClient({ ...h.standin.clientConfig(), maxAttempts: 1 });
      await client.send(new CreateSecretCommand({ Name: 'not-ours/x', SecretString: `${TOKEN}-foreign` }));
      client.destroy();
      Object.defineProperty(Object.prototype, 'fuzzPlanted', { value: true, configurable: true });
      const failure = await h.verifyAfter().then(
        () => 'no failure',
        (error: unknown) => String(error),
      );
      expect(failure).toContain('something was written beside the user-data directory');
      expect(failure).toContain('an unexpected file in the user-data directory: notes.txt');
      expect(failure).toContain('notes.txt contains the canary value or the vault key');
      expect(failure).toContain('the LocalStack stand-in holds a secret name that is not a valid id');
      expect(failure).toContain('a built-in prototype was changed');
    } finally {
      delete (Object.prototype as Record<string, unknown>)['fuzzPlanted'];
      await h.close();
    }
  }, 60_000);
});
