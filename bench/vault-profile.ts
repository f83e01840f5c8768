/**
 * Profiling harness for the embedded vault (prints numbers; not a test): grows a vault to N secrets
 * with raw in-process calls, then runs one phase under measurement so `node --cpu-prof` sees only it.
 * Run: node --expose-gc --import tsx bench/vault-profile.ts --size=50000 --phase=walk|put|open|compact [--rounds=3] [--journal] [--profile=file.cpuprofile]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Session } from 'node:inspector/promises';
import { writeFile } from 'node:fs/promises';
import { ListSecretsCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { keyFileProtector, openVault, withoutUserAgent, type Vault } from '../src/main/vault/index';
import { benchSecretName, growVault } from './vault-raw-call';

const arg = (name: string, fallback: string): string => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const SIZE = Number(arg('size', '50000'));
const PHASE = arg('phase', 'walk');
const PROFILE = arg('profile', '');
const ROUNDS = Number(arg('rounds', '3'));

const secretName = benchSecretName;


const parent = await mkdtemp(path.join(os.tmpdir(), 'vault-profile-'));
const dataDir = path.join(parent, 'vault');
const open = (): Promise<Vault> => openVault({ dataDir, keyProtector: keyFileProtector(path.join(parent, 'vault.key')) });
let vault = await open();
await growVault(vault, 0, SIZE, secretName);
// --journal: opened as the writes left it (snapshot + journal), not compacted first.
if (!process.argv.includes('--journal')) await vault.compact();
await vault.close();
const session = new Session();
session.connect();
if (PROFILE) {
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
}
global.gc?.();
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let label: string;
if (PHASE === 'open') {
  if (PROFILE) await session.post('Profiler.start');
  for (let round = 0; round < 5; round += 1) {
    const c = process.cpuUsage();
    const t = performance.now();
    vault = await open();
    const u = process.cpuUsage(c);
    console.log(`open ${SIZE}: ${(performance.now() - t).toFixed(0)} ms (cpu ${((u.user + u.system) / 1000).toFixed(0)})`);
    if (round < 4) await vault.close();
    global.gc?.();
  }
  label = 'open x5';
} else if (PHASE === 'compact') {
  vault = await open();
  if (PROFILE) await session.post('Profiler.start');
  for (let round = 0; round < ROUNDS; round += 1) {
    const c = process.cpuUsage();
    const t = performance.now();
    await vault.compact();
    const u = process.cpuUsage(c);
    console.log(`compact ${SIZE}: ${(performance.now() - t).toFixed(0)} ms (cpu ${((u.user + u.system) / 1000).toFixed(0)})`);
  }
  label = `compact x${ROUNDS}`;
} else {
  vault = await open();
  const client = withoutUserAgent(new SecretsManagerClient(vault.clientConfig()));
  await client.send(new ListSecretsCommand({ MaxResults: 100 }));
  // Profiled from here: the walks or writes alone, not opening the vault.
  if (PROFILE) await session.post('Profiler.start');
  if (PHASE === 'walk') {
    for (let round = 0; round < ROUNDS; round += 1) {
      const c = process.cpuUsage();
      const t = performance.now();
      let NextToken: string | undefined;
      let pages = 0;
      do {
        const page = await client.send(new ListSecretsCommand({ MaxResults: 100, NextToken }));
        NextToken = page.NextToken;
        pages += 1;
      } while (NextToken);
      const u = process.cpuUsage(c);
      console.log(`walk ${SIZE}: ${(performance.now() - t).toFixed(0)} ms (cpu ${((u.user + u.system) / 1000).toFixed(0)}) ${pages} pages`);
    }
    label = `walk x${ROUNDS}`;
  } else {
    const times: number[] = [];
    for (let sample = 0; sample < 1000; sample += 1) {
      const t = performance.now();
      await client.send(new PutSecretValueCommand({ SecretId: secretName((sample * 7919) % SIZE), SecretString: `sk-rotated-${sample}` }));
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    console.log(`put ${SIZE}: p50 ${times[500]?.toFixed(2)} p95 ${times[950]?.toFixed(2)} ms`);
    label = 'put x1000';
  }
}
const used = process.cpuUsage(cpu0);
console.log(`${label}: ${(performance.now() - t0).toFixed(0)} ms wall, ${((used.user + used.system) / 1000).toFixed(0)} ms cpu`);
if (PROFILE) {
  const { profile } = await session.post('Profiler.stop');
  await writeFile(PROFILE, JSON.stringify(profile));
}
await vault.close();
await rm(parent, { recursive: true, force: true });
