/**
 * The embedded vault's durable storage under sustained writes (prints numbers; not a test).
 * Run: node --expose-gc --import tsx bench/vault-storage.bench.ts [-- --quick]
 *  - the disk's cost of what a group commit does: append + fdatasync of the journal, then the
 *    in-place head update + fdatasync (the second sync is what the sealed head adds to each commit)
 *  - 16 writers that never pause (PutSecretValue and CreateSecret through the SDK, in process)
 *    against the default 8 MiB compaction threshold: the largest journal seen (it must stay within
 *    twice the threshold), how many compactions ran, and write latency p50 / p99 / max — the writes
 *    that wait for a compaction are the slow tail
 *  - bytes a typical write takes in the journal (padded to its size bucket)
 * Wall-clock figures on a shared machine: note the load printed with them, and compare runs made
 * under similar load.
 */
import { randomUUID } from 'node:crypto';
import { promises as fs, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateSecretCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { envKeyProtector, openVault, withoutUserAgent } from '../src/main/vault/index';
import { HEAD_FILE, JOURNAL_FILE, SNAPSHOT_FILE } from '../src/main/vault/store';

const QUICK = process.argv.includes('--quick');
const KEY = 'bench-vault-key-0123456789abcdef';
const THRESHOLD = 8 * 1024 * 1024;
const WRITERS = 16;
const SUSTAINED_WRITES = QUICK ? 8_000 : 20_000;

const percentile = (sorted: readonly number[], fraction: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
const ms = (value: number): string => `${value.toFixed(2)} ms`;

async function withDir<T>(run: (dir: string) => Promise<T>): Promise<T> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vault-storage-bench-'));
  try {
    return await run(dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** What one group commit costs the disk, without the vault around it. */
async function syncCost(): Promise<void> {
  await withDir(async (dir) => {
    const journal = await fs.open(path.join(dir, JOURNAL_FILE), 'a');
    const head = await fs.open(path.join(dir, HEAD_FILE), 'w+');
    await head.write(Buffer.alloc(1024), 0, 1024, 0);
    await head.sync();
    const line = Buffer.alloc(1405, 0x41);
    const rounds = QUICK ? 300 : 1000;
    const journalOnly: number[] = [];
    const withHead: number[] = [];
    for (let i = 0; i < rounds; i += 1) {
      let started = performance.now();
      await journal.write(line);
      await journal.datasync();
      journalOnly.push(performance.now() - started);
      started = performance.now();
      await journal.write(line);
      await journal.datasync();
      await head.write(Buffer.alloc(512, i), 0, 512, (i % 2) * 512);
      await head.datasync();
      withHead.push(performance.now() - started);
    }
    await journal.close();
    await head.close();
    journalOnly.sort((a, b) => a - b);
    withHead.sort((a, b) => a - b);
    console.log(`group commit, journal append + fdatasync          p50 ${ms(percentile(journalOnly, 0.5))}  p99 ${ms(percentile(journalOnly, 0.99))}`);
    console.log(`group commit, + head update + fdatasync (sealed)  p50 ${ms(percentile(withHead, 0.5))}  p99 ${ms(percentile(withHead, 0.99))}`);
  });
}

async function sustainedWrites(): Promise<void> {
  await withDir(async (dataDir) => {
    const vault = await openVault({ dataDir, keyProtector: envKeyProtector(KEY), compactAfterBytes: THRESHOLD });
    const client = withoutUserAgent(new SecretsManagerClient(vault.clientConfig()));
    // A vault of some size first, so each compaction writes a real snapshot.
    for (let batch = 0; batch < 20; batch += 1) {
      await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          client.send(new CreateSecretCommand({ Name: `agentfoundry/dev/org${batch}/shared/key_${i}`, SecretString: `sk-${'x'.repeat(48)}-${batch}-${i}` })),
        ),
      );
    }
    const journal = path.join(dataDir, JOURNAL_FILE);
    const snapshot = path.join(dataDir, SNAPSHOT_FILE);
    let largest = 0;
    const snapshots = new Set<string>(); // each compaction renames a new snapshot file into place
    const sample = (): void => {
      largest = Math.max(largest, statSync(journal).size);
      const written = statSync(snapshot, { throwIfNoEntry: false });
      if (written) snapshots.add(`${written.ino}:${written.mtimeMs}`);
    };
    const sampler = setInterval(sample, 2);
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: WRITERS }, async () => {
        while (next < SUSTAINED_WRITES) {
          next += 1;
          const n = next;
          const t0 = performance.now();
          if (n % 5 === 0) await client.send(new CreateSecretCommand({ Name: `agentfoundry/dev/load/shared/key_${n}`, SecretString: `sk-${randomUUID()}` }));
          else await client.send(new PutSecretValueCommand({ SecretId: `agentfoundry/dev/org${n % 20}/shared/key_${n % 100}`, SecretString: `sk-${randomUUID()}` }));
          latencies.push(performance.now() - t0);
          sample();
        }
      }),
    );
    const elapsed = performance.now() - started;
    clearInterval(sampler);
    client.destroy();
    await vault.close();
    latencies.sort((a, b) => a - b);
    const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
    console.log(
      `${SUSTAINED_WRITES} writes, ${WRITERS} writers never pausing: ${((SUSTAINED_WRITES / elapsed) * 1000).toFixed(0)} writes/s; ` +
        `largest journal ${mib(largest)} (threshold ${mib(THRESHOLD)}, bound ${mib(2 * THRESHOLD)}); snapshots seen ${snapshots.size}; ` +
        `snapshot ${mib(statSync(snapshot, { throwIfNoEntry: false })?.size ?? 0)}`,
    );
    console.log(`write latency under load: p50 ${ms(percentile(latencies, 0.5))}  p99 ${ms(percentile(latencies, 0.99))}  max ${ms(latencies.at(-1) ?? 0)}`);
  });
}

async function bytesPerWrite(): Promise<void> {
  await withDir(async (dataDir) => {
    const vault = await openVault({ dataDir, keyProtector: envKeyProtector(KEY) });
    const client = withoutUserAgent(new SecretsManagerClient(vault.clientConfig()));
    await client.send(new CreateSecretCommand({ Name: 'agentfoundry/dev/org1/shared/openai_api_key', SecretString: 'sk-0' }));
    const sizes: string[] = [];
    for (const length of [20, 164, 600, 3000]) {
      const before = statSync(path.join(dataDir, JOURNAL_FILE)).size;
      await client.send(new PutSecretValueCommand({ SecretId: 'agentfoundry/dev/org1/shared/openai_api_key', SecretString: 'k'.repeat(length) }));
      sizes.push(`${length}-char value: ${statSync(path.join(dataDir, JOURNAL_FILE)).size - before} B`);
    }
    client.destroy();
    await vault.close();
    console.log(`journal bytes per PutSecretValue (one write per group commit): ${sizes.join(', ')}`);
  });
}

console.log(`node ${process.version}, ${os.cpus().length} cpus, load ${os.loadavg().map((load) => load.toFixed(1)).join(' ')}, tmpdir ${os.tmpdir()}${QUICK ? ', --quick' : ''}`);
await syncCost();
await bytesPerWrite();
await sustainedWrites();
