/**
 * The fleet snapshot service against the real vault: batches as valid fleetProgress events, the
 * per-org view and the org list from the snapshot equal to the backend-built ones, writes made
 * while a build is under way win over the listing, cancel, a refused listing, a rebuild.
 */
import { randomUUID } from 'node:crypto';
import { CreateSecretCommand, DeleteSecretCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { beforeAll, describe, expect, it } from 'vitest';
import { deny } from '../../../bench/latency-proxy';
import { metadataFromStatus } from '../../../src/main/fleet/changes';
import { createFleetService, type FleetService } from '../../../src/main/fleet/service';
import { createEventSender } from '../../../src/main/ipc/events';
import { createSecretsService } from '../../../src/main/secrets/service';
import { fleetProgressSchema, fleetSnapshotSchema, type FleetProgress } from '../../../src/shared/fleet';
import type { Profile } from '../../../src/shared/profiles';
import type { SecretStatusList } from '../../../src/shared/secrets';
import { SecretValue } from '../../../src/shared/secret-value';
import { inProcess, proxied, seededFleet, type SeededFleet } from './helpers';

const profile: Profile = { kind: 'embedded', id: 'fleet-test', name: 'Fleet test', env: 'dev', readOnly: false };

function capture(): { events: FleetProgress[]; withheld: string[]; service: (client: SecretsManagerClient) => FleetService } {
  const events: FleetProgress[] = [];
  const withheld: string[] = [];
  const send = createEventSender(
    (channel, payload) => {
      expect(channel).toBe('foundry-event:fleetProgress');
      events.push(payload as FleetProgress);
    },
    (message) => withheld.push(message),
  );
  return { events, withheld, service: (client) => createFleetService({ clientFor: async () => client, send }) };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > 20_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('the fleet snapshot of 250 orgs', () => {
  let fleet: SeededFleet;
  beforeAll(async () => {
    fleet = await seededFleet('natural', 250, { foreign: 60 });
    // Some variety for the per-org view: a secret without a value, one scheduled for deletion, a custom name.
    const [first, second] = fleet.secrets;
    await fleet.local.send(new CreateSecretCommand({ Name: `agentfoundry/dev/${first?.orgId}/cards/no_value_yet` }));
    await fleet.local.send(new DeleteSecretCommand({ SecretId: second?.name, RecoveryWindowInDays: 7 }));
  });

  it('streams every secret once as valid events, then the complete snapshot', async () => {
    const { events, withheld, service: make } = capture();
    const service = make(inProcess(fleet.vault));
    const loading = service.load(profile, ['added-by-hand'], false);
    expect(fleetSnapshotSchema.safeParse(loading).success).toBe(true);
    expect(loading.state).toBe('loading');
    await service.settled(profile);
    expect(withheld).toEqual([]);
    for (const event of events) expect(fleetProgressSchema.safeParse(event).success).toBe(true);
    expect(events.every((event) => event.snapshotId === loading.snapshotId)).toBe(true);
    const last = events.at(-1);
    expect(last).toMatchObject({ state: 'complete', orgs: [] });
    expect(last?.shardsDone).toBe(last?.shardsTotal);
    // The first org went out with the first answers, long before the last request.
    const first = events.find((event) => event.orgs.length > 0);
    expect(first?.requests).toBeLessThanOrEqual(16);
    expect(last?.requests).toBeGreaterThan(first?.requests ?? 0);

    const names = (orgs: readonly { orgId: string; secrets: readonly { domainId: string; secretName: string }[] }[]) =>
      orgs.flatMap((org) => org.secrets.map((secret) => `agentfoundry/dev/${org.orgId}/${secret.domainId}/${secret.secretName}`));
    const expected = [...fleet.secrets.map((secret) => secret.name), `agentfoundry/dev/${fleet.secrets[0]?.orgId}/cards/no_value_yet`].sort();
    const streamed = names(events.flatMap((event) => event.orgs));
    // Batches are upserts of whole orgs: every secret arrived, none that is not ours.
    expect([...new Set(streamed)].sort()).toEqual(expected);
    const snapshot = service.load(profile, ['added-by-hand'], false);
    expect(snapshot.snapshotId).toBe(loading.snapshotId);
    expect(snapshot.state).toBe('complete');
    expect(snapshot.addedOrgs).toEqual(['added-by-hand']);
    expect(names(snapshot.orgs).sort()).toEqual(expected);
    expect(fleetSnapshotSchema.safeParse(snapshot).success).toBe(true);
    const noValue = snapshot.orgs.find((org) => org.orgId === fleet.secrets[0]?.orgId)?.secrets.find((secret) => secret.secretName === 'no_value_yet');
    expect(noValue?.hasValue).toBe(false);
    service.close();
  });

  it('answers the per-org view and the org list from the complete snapshot exactly as the backend does', async () => {
    const client = inProcess(fleet.vault);
    const { service: make } = capture();
    const service = make(client);
    expect(service.statusList(profile, 'x')).toBeUndefined();
    expect(service.orgList(profile, [])).toBeUndefined();
    service.load(profile, [], false);
    await service.settled(profile);
    const backend = createSecretsService(client, profile);
    const orgs = [...new Set(fleet.secrets.slice(0, 40).map((secret) => secret.orgId)), 'not-an-org'];
    for (const orgId of orgs) {
      for (const domainId of [undefined, 'cards', 'support']) {
        expect(service.statusList(profile, orgId, domainId)).toEqual(await backend.listStatus(orgId, domainId));
      }
    }
    for (const added of [[], ['added-by-hand', orgs[0] as string]]) expect(service.orgList(profile, added)).toEqual(await backend.listOrgs(added));
    // The same profile saved with another env (another fleet) gets nothing from this snapshot; renamed, it keeps it.
    expect(service.statusList({ ...profile, env: 'prod' }, orgs[0] as string)).toBeUndefined();
    expect(service.statusList({ ...profile, name: 'Renamed', readOnly: true }, orgs[0] as string)).toEqual(service.statusList(profile, orgs[0] as string));
    service.close();
  });

  it('a rebuild starts a new snapshot; the complete one keeps answering until it ends', async () => {
    const { service: make } = capture();
    const service = make(inProcess(fleet.vault));
    const first = service.load(profile, [], false);
    await service.settled(profile);
    const second = service.load(profile, [], true);
    expect(second.snapshotId).not.toBe(first.snapshotId);
    expect(second.state).toBe('loading');
    expect(service.complete(profile)?.snapshotId).toBe(first.snapshotId);
    await service.settled(profile);
    expect(service.complete(profile)?.snapshotId).toBe(second.snapshotId);
    expect(service.load(profile, [], false).snapshotId).toBe(second.snapshotId);
    service.close();
  });
});

describe('while a build is under way', () => {
  let fleet: SeededFleet;
  beforeAll(async () => {
    // Small enough that every page goes out in the first wave: all are in flight during the writes.
    fleet = await seededFleet('natural', 60, { foreign: 10 });
  });

  it('writes of this app made after a page was sent win over that page', async () => {
    // The vault answers at once and the proxy holds the answers back: each page is older than the changes.
    const { proxy, client } = await proxied(fleet.vault, { delayMs: 400, inbound: 0 });
    const { events, withheld, service: make } = capture();
    const service = make(client);
    const writer = createSecretsService(fleet.local, profile);
    const [rewritten, removed] = fleet.secrets;
    if (!rewritten || !removed) throw new Error('fixture');
    const newOrg = `zz-new-${randomUUID().slice(0, 8)}`;

    const build = service.load(profile, [], false);
    await until(() => proxy.count() >= 16, 'the first wave');
    // Three changes while every listing request is in flight (each answer is older than them).
    const write = await writer.write({ orgId: rewritten.orgId, domainId: rewritten.domainId, secretName: rewritten.secretName, value: new SecretValue('sk-rotated'), description: 'rotated mid-build' });
    service.applyChange(profile, { ...rewritten, meta: metadataFromStatus(write.status) });
    const gone = await writer.remove({ orgId: removed.orgId, domainId: removed.domainId, secretName: removed.secretName, mode: { kind: 'force' } });
    service.applyChange(profile, { ...removed, meta: metadataFromStatus(gone) });
    const created = await writer.write({ orgId: newOrg, domainId: 'shared', secretName: 'openai_api_key', value: new SecretValue('sk-new') });
    service.applyChange(profile, { orgId: newOrg, domainId: 'shared', secretName: 'openai_api_key', meta: metadataFromStatus(created.status) });
    expect(proxy.log.filter((entry) => entry.endedAt !== undefined)).toHaveLength(0);
    await service.settled(profile);

    expect(withheld).toEqual([]);
    const snapshot = service.load(profile, [], false);
    expect(snapshot).toMatchObject({ snapshotId: build.snapshotId, state: 'complete' });
    const secretsOf = (orgId: string) => snapshot.orgs.find((org) => org.orgId === orgId)?.secrets ?? [];
    expect(secretsOf(removed.orgId).some((secret) => secret.domainId === removed.domainId && secret.secretName === removed.secretName)).toBe(false);
    expect(secretsOf(newOrg).map((secret) => secret.secretName)).toEqual(['openai_api_key']);
    // The per-org view (from the snapshot) says what the backend says now, not what the older pages
    // said. (Except by milliseconds: a rewrite's answer carries the change date of its describe,
    // read just before AWSPREVIOUS is taken off, which moves it again.)
    const backend = createSecretsService(fleet.local, profile);
    const settledDates = (list: SecretStatusList | undefined) => ({
      ...list,
      secrets: list?.secrets.map((secret) => (secret.secretId === rewritten.name ? { ...secret, lastChangedAt: secret.lastChangedAt?.slice(0, 16) } : secret)),
    });
    for (const orgId of [rewritten.orgId, removed.orgId, newOrg]) {
      expect(settledDates(service.statusList(profile, orgId, rewritten.domainId))).toEqual(settledDates(await backend.listStatus(orgId, rewritten.domainId)));
    }
    const view = service.statusList(profile, rewritten.orgId, rewritten.domainId)?.secrets.find((secret) => secret.secretName === rewritten.secretName);
    expect(view).toMatchObject({ description: 'rotated mid-build', currentVersionId: write.versionId });
    expect(service.orgList(profile, [])).toEqual(await backend.listOrgs([]));
    // The window heard of each change as it happened, as well as of the pages.
    expect(events.filter((event) => event.removed !== undefined).map((event) => event.removed)).toEqual([[{ orgId: removed.orgId, domainId: removed.domainId, secretName: removed.secretName }]]);
    service.close();
  });

  it('cancel: the snapshot says cancelled, no request starts after the build settles, and loading again starts over', async () => {
    const { proxy, client } = await proxied(fleet.vault, { delayMs: 150 });
    const { events, service: make } = capture();
    const service = make(client);
    const build = service.load(profile, [], true);
    await until(() => proxy.count() >= 1, 'the first request');
    expect(service.cancel(build.snapshotId)).toBe(true);
    expect(service.cancel(build.snapshotId)).toBe(false);
    await service.settled(profile);
    // A request already on the wire when it was aborted may still reach the proxy just after.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const sent = proxy.count();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(proxy.count()).toBe(sent);
    expect(sent).toBeLessThanOrEqual(16);
    const ofBuild = events.filter((event) => event.snapshotId === build.snapshotId);
    expect(ofBuild.at(-1)).toMatchObject({ state: 'cancelled' });
    expect(ofBuild.filter((event) => event.state !== 'loading')).toHaveLength(1);
    for (const event of ofBuild) expect(fleetProgressSchema.safeParse(event).success).toBe(true);
    const again = service.load(profile, [], false);
    expect(again.snapshotId).not.toBe(build.snapshotId);
    await service.settled(profile);
    expect(service.load(profile, [], false).state).toBe('complete');
    service.close();
  });

  it('a listing the backend refuses ends in state failed, with the mapped error', async () => {
    const { client } = await proxied(fleet.vault, { delayMs: 5, intercept: deny('ListSecrets', { allowFirst: 3 }) });
    const { events, withheld, service: make } = capture();
    const service = make(client);
    const build = service.load(profile, [], true);
    await service.settled(profile);
    expect(withheld).toEqual([]);
    const last = events.at(-1);
    expect(last).toMatchObject({ snapshotId: build.snapshotId, state: 'failed', error: { code: 'ACCESS_DENIED' } });
    expect(fleetProgressSchema.safeParse(last).success).toBe(true);
    expect(service.load(profile, [], false).snapshotId).not.toBe(build.snapshotId); // a failed build is not reused
    expect(service.statusList(profile, 'any')).toBeUndefined(); // nothing complete to answer from
    service.close();
  });
});
