/**
 * The fleet bench's backend, run as its own process so that its CPU time (the vault's, SigV4
 * checks, the proxy's) does not queue behind the listing being measured, as with a real remote
 * backend: a vault in a temp directory, seeded with a fleet, served over HTTP (SigV4) behind the
 * latency proxy. Prints one JSON line (where to connect, what was seeded) and serves until its
 * stdin closes; then it removes the temp directory.
 *
 *   node --import tsx bench/fleet-backend.ts '{"shape":"natural","orgs":1000,"rtt":50}'
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { envKeyProtector, openVault } from '../src/main/vault/index';
import { fleetSecrets, foreignNames, orgIds, seed, type FleetShape } from './fleet-fixtures';
import { rateLimit, startLatencyProxy } from './latency-proxy';

export interface FleetBackendRequest {
  readonly shape: FleetShape;
  readonly orgs: number;
  readonly rtt: number;
  readonly env?: string;
  readonly foreign?: number;
  /** Throttle ListSecrets as AWS does: a token bucket of this many requests per second. */
  readonly rateLimit?: number;
  readonly burst?: number;
}

export interface FleetBackendInfo {
  /** The proxy's endpoint (with the added round trip). */
  readonly endpoint: string;
  /** The vault's own endpoint (no added delay). */
  readonly direct: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** App secrets of the env (each must be listed exactly once). */
  readonly secrets: number;
  readonly orgs: number;
  readonly sampleOrgs: readonly string[];
  /** The most common first characters of the org ids, with their counts. */
  readonly firstCharacters: readonly (readonly [string, number])[];
  readonly seedSeconds: number;
}

const CREDENTIALS = { accessKeyId: 'AKIDFLEETBENCH', secretAccessKey: 'fleet-bench-secret' };

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '{}') as FleetBackendRequest;
  const env = request.env ?? 'dev';
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'fleet-bench-'));
  const vault = await openVault({ dataDir, keyProtector: envKeyProtector('bench-fleet-key-0123456789abcdef') });
  const orgs = orgIds(request.shape, request.orgs);
  const secrets = fleetSecrets(env, orgs, 6, 12);
  const seeding = new SecretsManagerClient({ ...vault.clientConfig(), maxAttempts: 1 });
  const started = performance.now();
  await seed(seeding, [...secrets.map((secret) => secret.name), ...foreignNames(request.foreign ?? 200)]);
  seeding.destroy();
  await vault.compact();
  // Clients sign for the proxy's address: the vault accepts it once told (it checks the signed Host).
  const proxyHosts = new Set<string>();
  const server = await vault.serve({ port: 0, credentials: CREDENTIALS, alsoAcceptHosts: proxyHosts });
  const proxy = await startLatencyProxy({
    target: server.endpoint,
    delayMs: request.rtt,
    ...(request.rateLimit !== undefined && { intercept: rateLimit(request.rateLimit, { burst: request.burst ?? request.rateLimit }) }),
  });
  proxyHosts.add(new URL(proxy.endpoint).host);
  const counts = new Map<string, number>();
  for (const orgId of orgs) counts.set(orgId[0] as string, (counts.get(orgId[0] as string) ?? 0) + 1);
  const info: FleetBackendInfo = {
    endpoint: proxy.endpoint,
    direct: server.endpoint,
    region: vault.region,
    credentials: CREDENTIALS,
    secrets: secrets.length,
    orgs: orgs.length,
    sampleOrgs: orgs.slice(0, 3),
    firstCharacters: [...counts].sort((a, b) => b[1] - a[1]).slice(0, 3),
    seedSeconds: (performance.now() - started) / 1000,
  };
  process.stdout.write(`${JSON.stringify(info)}\n`);
  const stop = async (): Promise<void> => {
    await proxy.close();
    await vault.close();
    await rm(dataDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.stdin.on('end', () => void stop());
  process.stdin.on('close', () => void stop());
  process.stdin.resume();
  process.on('SIGTERM', () => void stop());
}

await main();
