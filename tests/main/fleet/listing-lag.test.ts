/**
 * AWS: "ListSecrets might not reflect changes from the last five minutes" (API_ListSecrets). The
 * fleet snapshot keeps this app's own changes of the last LISTING_LAG_MS over a listing that has not
 * caught up, across refreshes; a listing that shows a later change wins; after the window the
 * listing is believed again (review finding: a key written and then reloaded showed as missing, a
 * key deleted came back). The listing here is a stand-in that answers as a lagging ListSecrets does.
 */
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { createFleetService, LISTING_LAG_MS, type FleetService } from '../../../src/main/fleet/service';
import type { FleetListing } from '../../../src/main/fleet/list';
import type { ListedSecret } from '../../../src/main/secrets/listing';
import type { SecretMetadata } from '../../../src/main/secrets/status';
import { buildSecretId } from '../../../src/shared/naming';
import type { Profile } from '../../../src/shared/profiles';

const profile: Profile = { kind: 'embedded', id: 'lag-test', name: 'Lag test', env: 'dev', readOnly: false };
const T0 = Date.parse('2026-11-30T12:00:00Z');

function listed(orgId: string, secretName: string, meta: Partial<SecretMetadata> = {}): ListedSecret {
  const secretId = buildSecretId({ env: 'dev', orgId, domainId: 'shared', secretName });
  return { id: { secretId, env: 'dev', orgId, domainId: 'shared', secretName }, meta: { name: secretId, stages: { 'v-1': ['AWSCURRENT'] }, lastChangedAt: new Date(T0 - 86_400_000), ...meta } };
}

function setUp(): { fleet: FleetService; clock: { now: number }; answer: { secrets: ListedSecret[] }; load(): Promise<Map<string, string[]>> } {
  const clock = { now: T0 };
  const answer = { secrets: [] as ListedSecret[] };
  const list: FleetListing = async ({ onProgress, now = Date.now }) => {
    onProgress({ secrets: answer.secrets, shardsDone: 1, shardsTotal: 1, pending: [], requests: 1, listedAt: now() });
  };
  const fleet = createFleetService({ clientFor: async () => ({}) as SecretsManagerClient, send: () => undefined, now: () => clock.now, list });
  return {
    fleet,
    clock,
    answer,
    async load() {
      fleet.load(profile, [], true);
      await fleet.settled(profile);
      const snapshot = fleet.load(profile, [], false);
      return new Map(snapshot.orgs.map((org) => [org.orgId, org.secrets.map((secret) => `${secret.secretName}${secret.hasValue ? '' : ' (no value)'}${secret.deletionDate ? ' (scheduled)' : ''}`).sort()]));
    },
  };
}

const written = (orgId: string, secretName: string, at: number): SecretMetadata => ({
  name: buildSecretId({ env: 'dev', orgId, domainId: 'shared', secretName }),
  stages: { 'v-2': ['AWSCURRENT'] },
  lastChangedAt: new Date(at),
});

describe('the fleet snapshot and a lagging ListSecrets', () => {
  it('a key written, then a reload whose listing does not show it yet: still configured', async () => {
    const { fleet, clock, answer, load } = setUp();
    answer.secrets = [listed('acme', 'github_token')];
    await load();
    clock.now += 1_000;
    fleet.applyChange(profile, { orgId: 'acme', domainId: 'shared', secretName: 'openai_api_key', meta: written('acme', 'openai_api_key', clock.now) });
    clock.now += 30_000;
    expect((await load()).get('acme')).toEqual(['github_token', 'openai_api_key']);
  });

  it('a key deleted without recovery, then a reload whose listing still has it: stays gone', async () => {
    const { fleet, clock, answer, load } = setUp();
    answer.secrets = [listed('acme', 'github_token'), listed('acme', 'openai_api_key')];
    await load();
    clock.now += 1_000;
    fleet.applyChange(profile, { orgId: 'acme', domainId: 'shared', secretName: 'openai_api_key', meta: null });
    clock.now += 60_000;
    expect((await load()).get('acme')).toEqual(['github_token']);
  });

  it('a deletion scheduled, then a reload whose listing shows the secret unscheduled and older: stays scheduled', async () => {
    const { fleet, clock, answer, load } = setUp();
    answer.secrets = [listed('acme', 'openai_api_key')];
    await load();
    clock.now += 1_000;
    fleet.applyChange(profile, { orgId: 'acme', domainId: 'shared', secretName: 'openai_api_key', meta: { ...written('acme', 'openai_api_key', clock.now), deletedDate: new Date(clock.now + 7 * 86_400_000) } });
    clock.now += 60_000;
    expect((await load()).get('acme')).toEqual(['openai_api_key (scheduled)']);
  });

  it('a listing that shows a later change (someone else wrote after this app) wins', async () => {
    const { fleet, clock, answer, load } = setUp();
    answer.secrets = [];
    await load();
    const ours = clock.now + 1_000;
    clock.now = ours;
    fleet.applyChange(profile, { orgId: 'acme', domainId: 'shared', secretName: 'openai_api_key', meta: written('acme', 'openai_api_key', ours) });
    // Scheduled for deletion by someone else two minutes later, and already listed so.
    answer.secrets = [listed('acme', 'openai_api_key', { lastChangedAt: new Date(ours + 120_000), deletedDate: new Date(ours + 8 * 86_400_000) })];
    clock.now += 180_000;
    expect((await load()).get('acme')).toEqual(['openai_api_key (scheduled)']);
  });

  it(`after ${LISTING_LAG_MS / 60_000} minutes the listing is believed again`, async () => {
    const { fleet, clock, answer, load } = setUp();
    answer.secrets = [];
    await load();
    fleet.applyChange(profile, { orgId: 'acme', domainId: 'shared', secretName: 'openai_api_key', meta: written('acme', 'openai_api_key', clock.now) });
    clock.now += LISTING_LAG_MS + 1;
    // Deleted elsewhere since, and the listing has caught up: gone.
    expect((await load()).get('acme')).toBeUndefined();
  });

  it('a profile saved with another backend does not inherit the old one’s changes; one only renamed or made read-only keeps them', async () => {
    const { fleet, answer, load } = setUp();
    answer.secrets = [];
    await load();
    fleet.applyChange(profile, { orgId: 'acme', domainId: 'shared', secretName: 'openai_api_key', meta: written('acme', 'openai_api_key', T0) });
    const renamed: Profile = { ...profile, name: 'Renamed', readOnly: true };
    fleet.load(renamed, [], true);
    await fleet.settled(renamed);
    expect(fleet.load(renamed, [], false).orgs.map((org) => org.orgId)).toEqual(['acme']);
    const elsewhere: Profile = { kind: 'localstack', id: profile.id, name: profile.name, env: profile.env, readOnly: false, endpoint: 'http://localhost:4566', region: 'us-east-1' };
    fleet.load(elsewhere, [], true);
    await fleet.settled(elsewhere);
    expect(fleet.load(elsewhere, [], false).orgs).toEqual([]);
  });

  it('keeps the day it was last accessed: from the listing once it has caught up, and meanwhile from before the change (review finding)', async () => {
    const { fleet, clock, answer, load } = setUp();
    const accessed = new Date(T0 - 86_400_000);
    answer.secrets = [listed('acme', 'openai_api_key', { lastAccessedAt: accessed })];
    await load();
    const at = clock.now + 1_000;
    clock.now = at;
    fleet.applyChange(profile, { orgId: 'acme', domainId: 'shared', secretName: 'openai_api_key', meta: written('acme', 'openai_api_key', at) });
    clock.now += 30_000;
    const accessedOf = () => fleet.load(profile, [], false).orgs.find((org) => org.orgId === 'acme')?.secrets[0]?.lastAccessedAt;
    // Not caught up yet: this app's facts, with the day it was last accessed kept.
    await load();
    expect(accessedOf()).toBe(accessed.getTime());
    // Caught up (the same change date as the write's answer), and read today: the listing's facts.
    const today = new Date(T0);
    answer.secrets = [listed('acme', 'openai_api_key', { stages: { 'v-2': ['AWSCURRENT'] }, lastChangedAt: new Date(at), lastAccessedAt: today })];
    await load();
    expect(accessedOf()).toBe(today.getTime());
  });

  it('remembering changes costs the same per change however many there are (a 20,000-item job; review finding)', () => {
    const { fleet, clock } = setUp();
    const apply = (from: number, count: number): number => {
      const started = performance.now();
      for (let i = from; i < from + count; i += 1) {
        clock.now += 1;
        const orgId = `org-${String(i).padStart(5, '0')}`;
        fleet.applyChange(profile, { orgId, domainId: 'shared', secretName: 'openai_api_key', meta: written(orgId, 'openai_api_key', clock.now) });
      }
      return performance.now() - started;
    };
    const first = apply(0, 2_000);
    apply(2_000, 16_000);
    const last = apply(18_000, 2_000);
    // Quadratic, the last 2,000 took about ten times the first 2,000; linear, about the same.
    expect(last).toBeLessThan(Math.max(first * 4, 200));
  });
});
