/**
 * The fleet suites' setting: a real vault (real clock, so creation dates differ as on AWS), seeded
 * with a fleet, reached through the real SDK in process or over HTTP through the loopback latency
 * proxy (which can also throttle or refuse), with the app's own retry settings.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll } from 'vitest';
import { fleetSecrets, foreignNames, orgIds, seed, type FleetShape, type FleetSecretSpec } from '../../../bench/fleet-fixtures';
import { startLatencyProxy, type LatencyProxy, type LatencyProxyOptions } from '../../../bench/latency-proxy';
import { retrySettings, withRetries } from '../../../src/main/backends/client-factory';
import type { FleetListing, FleetListProgress } from '../../../src/main/fleet/list';
import type { Vault } from '../../../src/main/vault/index';
import { HTTP_CREDENTIALS, startVault } from '../../vault/helpers';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

export interface SeededFleet {
  readonly vault: Vault;
  readonly secrets: readonly FleetSecretSpec[];
  /** Names no listing may report (other envs and apps, upper case, malformed). */
  readonly foreign: readonly string[];
  /** A client in process (no socket), for seeding and for writes during a build. */
  readonly local: SecretsManagerClient;
}

/** A vault holding `orgs` orgs of `shape` with `min`–`max` secrets each, plus foreign names. */
export async function seededFleet(shape: FleetShape, orgs: number, options: { min?: number; max?: number; foreign?: number; clock?: () => Date } = {}): Promise<SeededFleet> {
  const { vault } = await startVault({ clock: options.clock ?? (() => new Date()) });
  const secrets = fleetSecrets('dev', orgIds(shape, orgs), options.min ?? 6, options.max ?? 12);
  const foreign = foreignNames(options.foreign ?? 120);
  const local = new SecretsManagerClient({ ...vault.clientConfig(), maxAttempts: 1 });
  cleanups.push(async () => local.destroy());
  await seed(local, [...secrets.map((secret) => secret.name), ...foreign]);
  return { vault, secrets, foreign, local };
}

/** The vault over HTTP behind the proxy, and a client to it with the app's retry settings. */
export async function proxied(vault: Vault, options: Omit<LatencyProxyOptions, 'target'>): Promise<{ proxy: LatencyProxy; client: SecretsManagerClient }> {
  // The client signs for the proxy's address: the vault accepts it once told (it checks the signed Host).
  const proxyHosts = new Set<string>();
  const server = await vault.serve({ port: 0, credentials: HTTP_CREDENTIALS, alsoAcceptHosts: proxyHosts });
  const proxy = await startLatencyProxy({ target: server.endpoint, ...options });
  proxyHosts.add(new URL(proxy.endpoint).host);
  const client = withRetries(new SecretsManagerClient({ region: vault.region, endpoint: proxy.endpoint, credentials: HTTP_CREDENTIALS, ...retrySettings() }));
  cleanups.push(async () => {
    client.destroy();
    await proxy.close();
    await server.close();
  });
  return { proxy, client };
}

/** An in-process client with the app's retry settings. */
export function inProcess(vault: Vault): SecretsManagerClient {
  const client = withRetries(new SecretsManagerClient({ ...vault.clientConfig(), ...retrySettings() }));
  cleanups.push(async () => client.destroy());
  return client;
}

/** Runs a listing to its end and returns every report, plus each listed name and how often. */
export async function listAll(
  listing: FleetListing,
  client: SecretsManagerClient,
  signal: AbortSignal = new AbortController().signal,
): Promise<{ reports: FleetListProgress[]; counts: Map<string, number> }> {
  const reports: FleetListProgress[] = [];
  const counts = new Map<string, number>();
  await listing({
    client,
    env: 'dev',
    signal,
    onProgress: (progress) => {
      reports.push(progress);
      for (const secret of progress.secrets) counts.set(secret.id.secretId, (counts.get(secret.id.secretId) ?? 0) + 1);
    },
  });
  return { reports, counts };
}
