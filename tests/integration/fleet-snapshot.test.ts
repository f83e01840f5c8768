/**
 * The fleet snapshot behind the channels, against a backend reached over HTTP (a LocalStack-kind
 * profile pointed at the vault behind the latency proxy, which counts every call): once the
 * snapshot is complete, the org list and the per-org view come from it without a backend call,
 * follow this app's writes, and a refresh picks up what changed behind the app's back.
 */
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetSecrets, orgIds, seed } from '../../bench/fleet-fixtures';
import { startLatencyProxy, type LatencyProxy } from '../../bench/latency-proxy';
import { LOCALSTACK_CREDENTIALS } from '../../src/main/backends/localstack';
import { createSecretsService, type SecretsService } from '../../src/main/secrets/service';
import { events, type FleetProgress, type FleetSnapshot, type OrgList, type SecretStatusList } from '../../src/shared/contract';
import type { Profile } from '../../src/shared/profiles';
import { startHarness, type Harness } from '../main/audit/harness';
import { startVault } from '../vault/helpers';

describe('the fleet snapshot serves the org list and the per-org view', () => {
  let h: Harness;
  let proxy: LatencyProxy;
  let vault: Awaited<ReturnType<typeof startVault>>['vault'];
  let local: SecretsService;
  const sent: FleetProgress[] = [];
  const orgs = orgIds('natural', 80);
  const profile = (endpoint: string): Profile => ({ kind: 'localstack', id: 'remote', name: 'Remote', env: 'dev', readOnly: false, endpoint, region: 'us-east-1' });

  /** A client straight to the vault (in process): the backend's own answer, and changes made elsewhere. */
  const clients: SecretsManagerClient[] = [];
  function direct(): SecretsManagerClient {
    const client = new SecretsManagerClient({ ...vault.clientConfig(), maxAttempts: 1 });
    clients.push(client);
    return client;
  }

  async function loaded(refresh: boolean): Promise<FleetSnapshot> {
    const first = await h.ok('loadFleet', { refresh });
    const started = Date.now();
    while (!sent.some((event) => event.snapshotId === first.snapshotId && event.state !== 'loading')) {
      if (Date.now() - started > 20_000) throw new Error('the build did not end');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return h.ok('loadFleet', { refresh: false });
  }

  beforeAll(async () => {
    ({ vault } = await startVault({ clock: () => new Date() }));
    const seeding = direct();
    await seed(seeding, fleetSecrets('dev', orgs, 6, 12).map((secret) => secret.name));
    // LocalStack's credentials: a LocalStack-kind profile signs with them.
    // The profile's endpoint is the proxy: the vault accepts requests signed for it once told.
    const proxyHosts = new Set<string>();
    const server = await vault.serve({ port: 0, credentials: { ...LOCALSTACK_CREDENTIALS }, alsoAcceptHosts: proxyHosts });
    proxy = await startLatencyProxy({ target: server.endpoint, delayMs: 10 });
    proxyHosts.add(new URL(proxy.endpoint).host);
    h = await startHarness({ emit: (channel, payload) => channel === 'foundry-event:fleetProgress' && sent.push(payload as FleetProgress) });
    await h.ok('saveProfile', { profile: profile(proxy.endpoint) });
    await h.ok('selectProfile', { id: 'remote' });
    local = createSecretsService(direct(), profile(proxy.endpoint));
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await h.close();
    await proxy.close();
  });

  it('builds the snapshot over HTTP in parallel, every event valid', async () => {
    const snapshot = await loaded(false);
    expect(snapshot.state).toBe('complete');
    expect(snapshot.orgs.map((org) => org.orgId).sort()).toEqual([...orgs].sort());
    for (const event of sent) expect(events.fleetProgress.payload.safeParse(event).success).toBe(true);
    expect(proxy.maxInFlight).toBeGreaterThan(1);
  });

  it('answers listOrgs and listSecretStatus from it, with no backend call, as the backend would', async () => {
    const backend = { orgs: await local.listOrgs([]), status: await local.listStatus(orgs[0] as string, 'cards') };
    const calls = proxy.count();
    expect(await h.ok('listOrgs')).toEqual<OrgList>(backend.orgs);
    expect(await h.ok('listSecretStatus', { orgId: orgs[0], domainId: 'cards' })).toEqual<SecretStatusList>(backend.status);
    expect(await h.ok('listSecretStatus', { orgId: 'not-listed-anywhere' })).toMatchObject({ orgId: 'not-listed-anywhere', secrets: expect.any(Array) });
    expect(proxy.count()).toBe(calls);
  });

  it('keeps serving a profile saved with only a new name or read-only flag: writes reach the matrix, no listing (review finding)', async () => {
    const before = await h.ok('loadFleet', { refresh: false });
    await h.ok('saveProfile', { profile: { ...profile(proxy.endpoint), name: 'Remote, renamed' } });
    const orgId = orgs[2] as string;
    const events = sent.length;
    await h.ok('writeSecret', { orgId, domainId: 'shared', secretName: 'openai_api_key', value: 'sk-after-rename' });
    expect(sent.slice(events).some((event) => event.snapshotId === before.snapshotId && event.orgs.some((org) => org.orgId === orgId))).toBe(true);
    const calls = proxy.count();
    expect((await h.ok('listSecretStatus', { orgId })).secrets.find((secret) => secret.secretName === 'openai_api_key')).toMatchObject({ state: 'configured' });
    expect(await h.ok('listOrgs')).toEqual<OrgList>(await local.listOrgs([]));
    expect(proxy.count()).toBe(calls);
    const after = await h.ok('loadFleet', { refresh: false });
    expect(after).toMatchObject({ snapshotId: before.snapshotId, state: 'complete' });
    await h.ok('saveProfile', { profile: profile(proxy.endpoint) });
  });

  it("follows this app's writes without a rebuild; a refresh picks up changes made elsewhere", async () => {
    const orgId = orgs[1] as string;
    await h.ok('writeSecret', { orgId, domainId: 'cards', secretName: 'openai_api_key', value: 'sk-cards-only' });
    const calls = proxy.count();
    const view = await h.ok('listSecretStatus', { orgId, domainId: 'cards' });
    expect(view.secrets.find((secret) => secret.secretName === 'openai_api_key')).toMatchObject({ state: 'configured', domainId: 'cards' });
    expect(proxy.count()).toBe(calls);
    // Behind the app's back: the snapshot does not know until it is rebuilt.
    const outside = direct();
    await outside.send(new CreateSecretCommand({ Name: 'agentfoundry/dev/made-elsewhere/shared/openai_api_key', SecretString: 'x' }));
    expect((await h.ok('listOrgs')).orgs.map((org) => org.orgId)).not.toContain('made-elsewhere');
    await loaded(true);
    expect((await h.ok('listOrgs')).orgs.map((org) => org.orgId)).toContain('made-elsewhere');
    expect(await h.ok('listSecretStatus', { orgId, domainId: 'cards' })).toEqual(await local.listStatus(orgId, 'cards'));
  });
});
