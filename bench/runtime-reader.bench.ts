/**
 * The runtime reader's cost (prints numbers; not a test). Run: npm run bench:runtime
 *   [-- --keys=20 --delay=0,20]
 * Against the embedded vault served over HTTP (SigV4, test/test), behind the loopback latency proxy
 * of the fleet bench (bench/latency-proxy.ts) adding `delay` ms per round trip (0 = loopback; ~20 =
 * an agent host a region away from Secrets Manager). For an org of `keys` catalog-style keys:
 *   - a cold read (GetSecretValue, with the domain → shared fallback: two requests),
 *   - a cached read (no request),
 *   - reading every key one by one cold, versus warm(org) (BatchGetSecretValue, 20 a page) then every key.
 */
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { startLatencyProxy } from './latency-proxy';
import { openVault, envKeyProtector } from '../src/main/vault/index';
import { createSecretReader } from '../src/runtime/index';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const arg = (name: string, fallback: string): string => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const keys = Number(arg('keys', '20'));
const delays = arg('delay', '0,20').split(',').map(Number);

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'foundry-runtime-bench-'));
const vault = await openVault({ dataDir, keyProtector: envKeyProtector('runtime-bench-key-0123456789abcdef') });
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const hosts = new Set<string>();
const server = await vault.serve({ port: 0, credentials, alsoAcceptHosts: hosts });
const proxy = await startLatencyProxy({ target: server.endpoint, delayMs: 0 });
hosts.add(new URL(proxy.endpoint).host);
const admin = new SecretsManagerClient({ ...vault.clientConfig(), maxAttempts: 1 });
const names = Array.from({ length: keys }, (_, n) => `key_${n}`);
for (const name of names) await admin.send(new CreateSecretCommand({ Name: `agentfoundry/dev/bench-org/shared/${name}`, SecretString: `bench-throwaway-${name}` }));

const ms = (from: number): string => (performance.now() - from).toFixed(2);
try {
  console.log(`org of ${keys} keys; times in ms (wall), requests counted at the proxy`);
  console.log('delay  cold read (fallback)  cached read  all keys one by one (reqs)  warm + all keys (reqs)');
  for (const delay of delays) {
    proxy.setDelay(delay);
    const reader = createSecretReader({ environment: {}, endpoint: proxy.endpoint });
    let t = performance.now();
    await reader.getSecret({ orgId: 'bench-org', domainId: 'card', secretName: 'key_0' });
    const cold = ms(t);
    t = performance.now();
    const rounds = 10_000;
    for (let n = 0; n < rounds; n++) await reader.getSecret({ orgId: 'bench-org', domainId: 'card', secretName: 'key_0' });
    const cached = ((performance.now() - t) / rounds).toFixed(4);
    reader.invalidate();

    let before = proxy.count();
    t = performance.now();
    for (const name of names) await reader.getSecret({ orgId: 'bench-org', secretName: name });
    const oneByOne = `${ms(t)} (${proxy.count() - before})`;
    reader.invalidate();

    before = proxy.count();
    t = performance.now();
    await reader.warm('bench-org');
    for (const name of names) await reader.getSecret({ orgId: 'bench-org', secretName: name });
    const warmed = `${ms(t)} (${proxy.count() - before})`;
    reader.close();
    console.log(`${String(delay).padStart(5)}  ${cold.padStart(20)}  ${cached.padStart(11)}  ${oneByOne.padStart(26)}  ${warmed.padStart(22)}`);
  }
} finally {
  admin.destroy();
  await proxy.close();
  await server.close();
  await vault.close();
  await rm(dataDir, { recursive: true, force: true });
}
