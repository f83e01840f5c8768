/**
 * Key health must not move a key's age. `foundry-secrets verify` records its verdict with
 * TagResource, and Secrets Manager (and the vault, as AWS) moves LastChangedDate on any change,
 * tagging included. Through the real CLI, SDK, vault and main: a key written 120 days ago and
 * verified today still shows as changed 120 days ago (stale under a 90-day policy), drift between
 * dev and a verified prod finds no skew, and a rewrite right after the check is outdated at once.
 */
import { CreateSecretCommand, DescribeSecretCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCALSTACK_CREDENTIALS } from '../../src/main/backends/localstack';
import type { DriftReport, FleetProgress, FleetSnapshot, SecretStatusList } from '../../src/shared/contract';
import { isStale } from '../../src/shared/coverage';
import type { FleetSecret } from '../../src/shared/fleet';
import { HEALTH_VERSION_TAG_KEY, VALUE_CHANGED_TAG_KEY } from '../../src/shared/key-health';
import type { Profile } from '../../src/shared/profiles';
import { runCli } from '../cli/helpers';
import { startFakeProvider, status, type FakeProvider } from '../fakes/fake-provider';
import { startHarness, type Harness } from '../main/audit/harness';
import { startVault } from '../vault/helpers';

const DAY = 86_400_000;
const STALE_AFTER_DAYS = 90;
const NAME = 'openai_api_key';
const DEV_ID = `agentfoundry/dev/acme/shared/${NAME}`;
const PROD_ID = `agentfoundry/prod/acme/shared/${NAME}`;

describe('verify’s tags leave a key’s age alone (stale, drift) and make outdated exact', () => {
  let h: Harness;
  let provider: FakeProvider;
  let direct: SecretsManagerClient;
  let endpoint: string;
  /** The vault's clock: a fixed time while seeding, real time after (the CLI checks in real time). */
  const clock: { at: number | undefined } = { at: undefined };
  let writtenAt: number;
  const sent: FleetProgress[] = [];
  const profile = (id: string, env: Profile['env']): Profile => ({ kind: 'localstack', id, name: id, env, readOnly: false, endpoint, region: 'us-east-1' });

  async function loaded(refresh: boolean): Promise<FleetSnapshot> {
    const first = await h.ok('loadFleet', { refresh });
    const started = Date.now();
    while (!sent.some((event) => event.snapshotId === first.snapshotId && event.state !== 'loading')) {
      if (Date.now() - started > 20_000) throw new Error('the build did not end');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return h.ok('loadFleet', { refresh: false });
  }
  const fleetKey = (snapshot: FleetSnapshot): FleetSecret | undefined =>
    snapshot.orgs.find((org) => org.orgId === 'acme')?.secrets.find((secret) => secret.domainId === 'shared' && secret.secretName === NAME);
  const statusKey = async () => ((await h.ok('listSecretStatus', { orgId: 'acme' })) as SecretStatusList).secrets.find((secret) => secret.secretName === NAME);
  const skews = (report: DriftReport): string[] => report.findings.filter((finding) => finding.kind === 'skew').map((finding) => `${finding.orgId}/${finding.secretName}`);
  const verifyProd = () =>
    runCli(['verify', '--env', 'prod', '--org', 'acme', '--endpoint', endpoint, '--provider-url', `openai=${provider.baseUrl}`, '--json'], {
      env: { AWS_ACCESS_KEY_ID: LOCALSTACK_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: LOCALSTACK_CREDENTIALS.secretAccessKey, AWS_REGION: 'us-east-1' },
    });

  beforeAll(async () => {
    const { vault } = await startVault({ clock: () => new Date(clock.at ?? Date.now()) });
    direct = new SecretsManagerClient({ ...vault.clientConfig(), maxAttempts: 1 });
    endpoint = (await vault.serve({ port: 0, credentials: { ...LOCALSTACK_CREDENTIALS } })).endpoint;
    provider = await startFakeProvider();
    provider.answer(status(200));

    // The same key in dev and prod, both written 120 days ago.
    writtenAt = Date.now() - 120 * DAY;
    clock.at = writtenAt;
    await direct.send(new CreateSecretCommand({ Name: DEV_ID, SecretString: `sk-dev-${randomUUID()}` }));
    await direct.send(new CreateSecretCommand({ Name: PROD_ID, SecretString: `sk-prod-${randomUUID()}` }));
    clock.at = undefined;

    h = await startHarness({ emit: (channel, payload) => channel === 'foundry-event:fleetProgress' && sent.push(payload as FleetProgress) });
    await h.ok('saveProfile', { profile: profile('remote', 'dev') });
    await h.ok('saveProfile', { profile: profile('remote-prod', 'prod') });
    await h.ok('selectProfile', { id: 'remote-prod' });
  });
  afterAll(async () => {
    direct.destroy();
    await h.close();
    await provider.close();
  });

  it('verify on prod tags the checked version and its date, and moves LastChangedDate (as AWS)', async () => {
    const run = await verifyProd();
    expect(run.code, run.stderr).toBe(0);
    const described = await direct.send(new DescribeSecretCommand({ SecretId: PROD_ID }));
    const current = Object.entries(described.VersionIdsToStages ?? {}).find(([, stages]) => stages.includes('AWSCURRENT'))?.[0];
    const tag = (key: string) => described.Tags?.find((entry) => entry.Key === key)?.Value;
    expect(tag(HEALTH_VERSION_TAG_KEY)).toBe(current);
    expect(tag(VALUE_CHANGED_TAG_KEY)).toBe(new Date(writtenAt).toISOString());
    // The premise of the fix: the tagging itself is a change to AWS.
    expect(described.LastChangedDate?.getTime()).toBeGreaterThan(Date.now() - DAY);
  }, 30_000);

  it('status and the fleet still date the key 120 days back: stale under a 90-day policy, verdict current', async () => {
    const own = await statusKey();
    expect(own?.lastChangedAt).toBe(new Date(writtenAt).toISOString());
    expect(own?.health).toMatchObject({ verdict: 'valid', outdated: false });

    const snapshot = await loaded(true);
    expect(snapshot.state).toBe('complete');
    const secret = fleetKey(snapshot);
    expect(secret?.lastChangedAt).toBe(writtenAt);
    expect(secret && isStale(secret, Date.now(), STALE_AFTER_DAYS)).toBe(true);
    expect(secret?.health).toMatchObject({ verdict: 'valid', outdated: false });
  }, 30_000);

  it('drift between dev and the verified prod finds no skew', async () => {
    const report = await h.ok('compareDrift', { requestId: randomUUID(), left: { profileId: 'remote-prod', env: 'dev' }, right: { profileId: 'remote-prod' }, skewDays: 30, refresh: true });
    expect(report.state).toBe('complete');
    expect(skews(report)).toEqual([]);
  }, 30_000);

  it('a rewrite right after the check is outdated at once, and dated by AWS', async () => {
    await direct.send(new PutSecretValueCommand({ SecretId: PROD_ID, SecretString: `sk-prod-${randomUUID()}` }));
    const snapshot = await loaded(true);
    const secret = fleetKey(snapshot);
    expect(secret?.health).toMatchObject({ verdict: 'valid', outdated: true });
    expect(secret?.lastChangedAt).toBeGreaterThan(Date.now() - DAY);
    expect(secret && isStale(secret, Date.now(), STALE_AFTER_DAYS)).toBe(false);
    expect((await statusKey())?.health).toMatchObject({ verdict: 'valid', outdated: true });
    // No version id reaches the renderer through the fleet snapshot.
    const described = await direct.send(new DescribeSecretCommand({ SecretId: PROD_ID }));
    for (const versionId of Object.keys(described.VersionIdsToStages ?? {})) expect(JSON.stringify(snapshot)).not.toContain(versionId);
  }, 30_000);
});
