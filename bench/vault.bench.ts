/**
 * Embedded vault benchmarks (prints numbers; not a test). Run: npm run bench:vault
 *  - 1,000 sequential PutSecretValue, and 1,000 with 16 in flight, in process and over HTTP (SigV4)
 *  - open time and memory with 10,000 secrets
 * Every write is fsync'ed before it is acknowledged, so the disk's fsync latency dominates.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CreateSecretCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { envKeyProtector, openVault, type Vault } from '../src/main/vault/index';

const KEY = 'bench-vault-key-0123456789abcdef';
const CREDENTIALS = { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' };

async function withVault<T>(run: (vault: Vault, dataDir: string) => Promise<T>): Promise<T> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'vault-bench-'));
  const vault = await openVault({ dataDir, keyProtector: envKeyProtector(KEY) });
  try {
    return await run(vault, dataDir);
  } finally {
    await vault.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function timedPuts(client: SecretsManagerClient, total: number, concurrency: number): Promise<number> {
  await client.send(new CreateSecretCommand({ Name: 'bench/rotating', SecretString: 'v0' }));
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next += 1;
        await client.send(new PutSecretValueCommand({ SecretId: 'bench/rotating', SecretString: `sk-bench-${next}` }));
      }
    }),
  );
  return performance.now() - started;
}

function report(label: string, total: number, ms: number): void {
  console.log(`${label.padEnd(44)} ${String(total).padStart(6)} puts  ${ms.toFixed(0).padStart(7)} ms  ${((total / ms) * 1000).toFixed(0).padStart(6)} puts/s  ${(ms / total).toFixed(2)} ms/put`);
}

async function writeBenchmarks(): Promise<void> {
  for (const transport of ['in-process', 'http'] as const) {
    for (const concurrency of [1, 16]) {
      await withVault(async (vault) => {
        let client: SecretsManagerClient;
        let close = async (): Promise<void> => undefined;
        if (transport === 'in-process') {
          client = new SecretsManagerClient(vault.clientConfig());
        } else {
          const server = await vault.serve({ port: 0, credentials: CREDENTIALS });
          close = () => server.close();
          client = new SecretsManagerClient({ endpoint: server.endpoint, region: vault.region, credentials: CREDENTIALS });
        }
        const ms = await timedPuts(client, 1000, concurrency);
        report(`PutSecretValue ${transport}, concurrency ${concurrency}`, 1000, ms);
        client.destroy();
        await close();
      });
    }
  }
}

async function openBenchmark(count: number): Promise<void> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'vault-bench-'));
  try {
    const vault = await openVault({ dataDir, keyProtector: envKeyProtector(KEY) });
    const client = new SecretsManagerClient(vault.clientConfig());
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < count) {
          next += 1;
          await client.send(new CreateSecretCommand({ Name: `agentfoundry/dev/org${next % 500}/shared/key_${next}`, SecretString: `sk-${'x'.repeat(48)}-${next}` }));
        }
      }),
    );
    console.log(`created ${count} secrets (16 in flight)`.padEnd(44), `${(performance.now() - started).toFixed(0).padStart(7)} ms`);
    client.destroy();
    await vault.close();

    for (const phase of ['journal replay', 'after compaction']) {
      global.gc?.();
      const heapBefore = process.memoryUsage().heapUsed;
      const t0 = performance.now();
      const reopened = await openVault({ dataDir, keyProtector: envKeyProtector(KEY) });
      const openMs = performance.now() - t0;
      global.gc?.();
      const mib = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);
      const heapAfter = process.memoryUsage().heapUsed;
      console.log(`open with ${count} secrets (${phase})`.padEnd(44), `${openMs.toFixed(0).padStart(7)} ms  heap ${mib(heapAfter)} MiB (${mib(heapBefore)} before open)`);
      if (phase === 'journal replay') await reopened.compact();
      await reopened.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

console.log(`node ${process.version}, ${os.cpus().length} cpus, tmpdir ${os.tmpdir()}${global.gc ? '' : ' (run with --expose-gc for steadier memory figures)'}`);
await writeBenchmarks();
await openBenchmark(10_000);
