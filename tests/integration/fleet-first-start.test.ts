/**
 * A first start: the window asks for the org list before it asks for the fleet. The org list then
 * comes from the fleet snapshot that request starts (and loadFleet joins), so the env is listed
 * once, in parallel shards — not also page by page beside it. A listing the person cancelled is
 * not started again for an org list. And the active profile's backend (the embedded vault) is made
 * ready as main starts, not in the window's first call.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetSecrets, orgIds, seed } from '../../bench/fleet-fixtures';
import { deny, startLatencyProxy, type LatencyProxy } from '../../bench/latency-proxy';
import { LOCALSTACK_CREDENTIALS } from '../../src/main/backends/localstack';
import { VAULT_DIR } from '../../src/main/composition';
import { createSecretsService } from '../../src/main/secrets/service';
import type { FleetProgress, OrgList } from '../../src/shared/contract';
import type { Profile } from '../../src/shared/profiles';
import { startHarness, type Harness } from '../main/audit/harness';
import { startVault } from '../vault/helpers';

describe('the first org list of a start comes from the fleet snapshot', () => {
  let h: Harness;
  let proxy: LatencyProxy;
  let vault: Awaited<ReturnType<typeof startVault>>['vault'];
  let backendOrgs: OrgList;
  const sent: FleetProgress[] = [];
  const orgs = orgIds('natural', 60);
  const profile = (endpoint: string): Profile => ({ kind: 'localstack', id: 'remote', name: 'Remote', env: 'dev', readOnly: false, endpoint, region: 'us-east-1' });
  const clients: SecretsManagerClient[] = [];
  /** Set: the proxy refuses ListSecrets as IAM would. */
  let refuse = false;
  const refusedInputs: string[] = [];

  beforeAll(async () => {
    ({ vault } = await startVault({ clock: () => new Date() }));
    const direct = new SecretsManagerClient({ ...vault.clientConfig(), maxAttempts: 1 });
    clients.push(direct);
    await seed(direct, fleetSecrets('dev', orgs, 6, 12).map((secret) => secret.name));
    const proxyHosts = new Set<string>();
    const server = await vault.serve({ port: 0, credentials: { ...LOCALSTACK_CREDENTIALS }, alsoAcceptHosts: proxyHosts });
    proxy = await startLatencyProxy({ target: server.endpoint, delayMs: 5, intercept: (request) => {
        if (!refuse) return undefined;
        refusedInputs.push(JSON.stringify(request.input));
        return deny('ListSecrets')(request);
      },
    });
    proxyHosts.add(new URL(proxy.endpoint).host);
    proxyHosts.add(`localhost:${new URL(proxy.endpoint).port}`);
    backendOrgs = await createSecretsService(direct, profile(proxy.endpoint)).listOrgs([]);
    h = await startHarness({ emit: (channel, payload) => channel === 'foundry-event:fleetProgress' && sent.push(payload as FleetProgress) });
    await h.ok('saveProfile', { profile: profile(proxy.endpoint) });
    await h.ok('selectProfile', { id: 'remote' });
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await h.close();
    await proxy.close();
  });

  it('lists the env once: listOrgs starts the snapshot, answers from it, and loadFleet joins it', async () => {
    const calls = proxy.count();
    expect(await h.ok('listOrgs')).toEqual<OrgList>(backendOrgs);
    const snapshot = await h.ok('loadFleet', { refresh: false });
    expect(snapshot.state).toBe('complete');
    expect(snapshot.orgs.map((org) => org.orgId).sort()).toEqual([...orgs].sort());
    // Every ListSecrets call since was one of the snapshot's: no page-by-page listing beside it.
    expect(proxy.count() - calls).toBe(snapshot.requests);
    expect(new Set(sent.map((event) => event.snapshotId))).toEqual(new Set([snapshot.snapshotId]));
  });

  it('answers with the error of the snapshot it waited for, without listing the env again (before-stop read)', async () => {
    // Another env: another backend, so no snapshot of it yet; and the backend refuses ListSecrets.
    await h.ok('saveProfile', { profile: { ...profile(proxy.endpoint), env: 'staging' } });
    refuse = true;
    try {
      refusedInputs.length = 0;
      expect((await h.failure('listOrgs')).code).toBe('ACCESS_DENIED');
      // Only the snapshot's shard requests were refused: no page-by-page listing of the whole env after them.
      const filters = refusedInputs.map((input) => (JSON.parse(input) as { Filters: { Values: string[] }[] }).Filters[0]?.Values ?? []);
      expect(filters.length).toBeGreaterThan(0);
      expect(filters.filter((values) => values.length === 1 && values[0] === 'agentfoundry/staging/')).toEqual([]);
    } finally {
      refuse = false;
      await h.ok('saveProfile', { profile: profile(proxy.endpoint) });
    }
  });

  it('does not start again a listing the person cancelled; the org list then comes from a listing of its own', async () => {
    // The profile saved with another endpoint (the same vault by another name): another backend, so no snapshot of it yet.
    const elsewhere = new URL(proxy.endpoint);
    elsewhere.hostname = 'localhost';
    await h.ok('saveProfile', { profile: profile(elsewhere.origin) });
    const started = await h.ok('loadFleet', { refresh: false });
    expect(started.state).toBe('loading');
    expect(await h.ok('cancelFleet', { snapshotId: started.snapshotId })).toEqual({ cancelled: true });
    const before = new Set(sent.map((event) => event.snapshotId));

    expect(await h.ok('listOrgs')).toEqual<OrgList>(backendOrgs);
    expect(new Set(sent.map((event) => event.snapshotId))).toEqual(before);
  });
});

describe('the active profile is made ready as main starts', () => {
  it('opens the embedded vault without waiting for a first call, and the first call finds it open', async () => {
    const h = await startHarness();
    try {
      const vaultDir = path.join(h.userDataDir, VAULT_DIR);
      const until = Date.now() + 5_000;
      while (!existsSync(vaultDir) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(existsSync(vaultDir)).toBe(true);
      expect(await h.ok('listOrgs')).toMatchObject({ orgs: [] });
    } finally {
      await h.close();
    }
  });
});
