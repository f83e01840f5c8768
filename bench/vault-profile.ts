/**
 * Profiling harness for the embedded vault (prints numbers; not a test): grows a vault to N secrets
 * with raw in-process calls, then runs one phase under measurement so `node --cpu-prof` sees only it.
 * Run: node --expose-gc --import tsx bench/vault-profile.ts --size=50000 --phase=walk|put|open
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Session } from 'node:inspector/promises';
import { writeFile } from 'node:fs/promises';
import { HttpRequest } from '@smithy/protocol-http';
import { ListSecretsCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { keyFileProtector, openVault, type Vault } from '../src/main/vault/index';

const arg = (name: string, fallback: string): string => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const SIZE = Number(arg('size', '50000'));
const PHASE = arg('phase', 'walk');
const PROFILE = arg('profile', '');

const secretName = (index: number): string => `agentfoundry/dev/org${String(Math.floor(index / 20)).padStart(5, '0')}/${['shared', 'support', 'sales', 'cards'][index % 4]}/key_${index}`;

async function rawCall(vault: Vault, operation: string, body: Record<string, unknown>): Promise<void> {
  const { response } = await vault.clientConfig().requestHandler.handle(
    new HttpRequest({ method: 'POST', protocol: 'http:', hostname: 'vault', path: '/', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `secretsmanager.${operation}` }, body: JSON.stringify(body) }),
  );
  if (response.statusCode !== 200) throw new Error(`${operation} failed with HTTP ${response.statusCode}`);
}

const parent = await mkdtemp(path.join(os.tmpdir(), 'vault-profile-'));
const dataDir = path.join(parent, 'vault');
const open = (): Promise<Vault> => openVault({ dataDir, keyProtector: keyFileProtector(path.join(parent, 'vault.key')) });
let vault = await open();
let next = 0;
await Promise.all(
  Array.from({ length: 64 }, async () => {
    while (next < SIZE) {
      const index = next;
      next += 1;
      await rawCall(vault, 'CreateSecret', { Name: secretName(index), SecretString: `sk-${'x'.repeat(48)}-${index}`, ClientRequestToken: randomUUID() });
    }
  }),
);
await vault.compact();
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
if (PROFILE) await session.post('Profiler.start');
let label: string;
if (PHASE === 'open') {
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
} else {
  vault = await open();
  const client = new SecretsManagerClient(vault.clientConfig());
  await client.send(new ListSecretsCommand({ MaxResults: 100 }));
  if (PHASE === 'walk') {
    for (let round = 0; round < 3; round += 1) {
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
    label = 'walk x3';
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
