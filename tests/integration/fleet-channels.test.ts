/**
 * The fleet through its channels and events, on the real router, service and embedded vault:
 * loadFleet streams batches as fleetProgress events (each valid against the contract), writes of
 * this app follow into the snapshot, the per-org view and the org list agree with it, the coverage
 * CSV holds status only, and hand-added orgs can be removed again.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { events, type FleetProgress, type FleetSnapshot, type OrgList, type SecretStatusList } from '../../src/shared/contract';
import { startHarness, type Harness } from '../main/audit/harness';
import { tempDir } from '../vault/helpers';

describe('the fleet through its channels', () => {
  let h: Harness;
  let exportDir: string;
  const sent: { channel: string; payload: unknown }[] = [];

  const progress = (): FleetProgress[] => sent.filter((e) => e.channel === 'foundry-event:fleetProgress').map((e) => e.payload as FleetProgress);

  async function loaded(refresh = false): Promise<FleetSnapshot> {
    const first = await h.ok('loadFleet', { refresh });
    // Wait for the build to end (its last event says complete), then read the whole snapshot.
    for (let i = 0; i < 200 && !progress().some((p) => p.snapshotId === first.snapshotId && p.state !== 'loading'); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return h.ok('loadFleet', { refresh: false });
  }

  beforeEach(async () => {
    sent.length = 0;
    exportDir = await tempDir('foundry-fleet-export-');
    h = await startHarness({ emit: (channel, payload) => sent.push({ channel, payload }), chooseSavePath: async (name) => path.join(exportDir, name) });
    for (const orgId of ['acme', 'globex', 'initech']) await h.ok('writeSecret', { orgId, secretName: 'openai_api_key', value: `sk-${orgId}` });
    await h.ok('writeSecret', { orgId: 'acme', domainId: 'cards', secretName: 'github_token', value: 'ghp_cards' });
    await h.ok('writeSecret', { orgId: 'globex', secretName: 'stripe_api_key', value: 'sk_live_x' });
    await h.ok('removeSecret', { orgId: 'initech', secretName: 'openai_api_key', mode: { kind: 'recoverable', recoveryWindowDays: 7 } });
  });
  afterEach(async () => {
    await h.close();
  });

  it('builds the snapshot from the listing, streamed as valid events, each secret once', async () => {
    const snapshot = await loaded();
    expect(snapshot.state).toBe('complete');
    const byOrg = Object.fromEntries(snapshot.orgs.map((org) => [org.orgId, org.secrets.map((s) => `${s.domainId}/${s.secretName}${s.deletionDate ? ' (scheduled)' : ''}`).sort()]));
    expect(byOrg).toEqual({
      acme: ['cards/github_token', 'shared/openai_api_key'],
      globex: ['shared/openai_api_key', 'shared/stripe_api_key'],
      initech: ['shared/openai_api_key (scheduled)'],
    });
    expect(progress().length).toBeGreaterThan(0);
    for (const payload of progress()) expect(events.fleetProgress.payload.safeParse(payload).success).toBe(true);
    // Nothing in a batch but metadata.
    expect(JSON.stringify(sent)).not.toMatch(/sk-acme|ghp_cards|sk_live_x/);
  });

  it('follows a write, a delete and a restore of this app without a rebuild, and tells the window', async () => {
    const before = await loaded();
    sent.length = 0;
    await h.ok('writeSecret', { orgId: 'initech', domainId: 'ops', secretName: 'notion_api_token', value: 'ntn_new' });
    await h.ok('removeSecret', { orgId: 'globex', secretName: 'stripe_api_key', mode: { kind: 'force' } });
    await h.ok('restoreSecret', { orgId: 'initech', secretName: 'openai_api_key' });
    const after = await h.ok('loadFleet', { refresh: false });
    expect(after.snapshotId).toBe(before.snapshotId);
    const names = (orgId: string) => after.orgs.find((o) => o.orgId === orgId)?.secrets.map((s) => `${s.domainId}/${s.secretName}${s.deletionDate ? ' (scheduled)' : ''}`).sort();
    expect(names('initech')).toEqual(['ops/notion_api_token', 'shared/openai_api_key']);
    expect(names('globex')).toEqual(['shared/openai_api_key']);
    const changes = progress();
    expect(changes.map((p) => p.orgs.map((o) => o.orgId))).toEqual([['initech'], ['globex'], ['initech']]);
    expect(changes[1]?.removed).toEqual([{ orgId: 'globex', domainId: 'shared', secretName: 'stripe_api_key' }]);
  });

  it('answers the per-org view and the org list as the backend would', async () => {
    const fromBackend = { status: await h.ok('listSecretStatus', { orgId: 'acme', domainId: 'cards' }), orgs: await h.ok('listOrgs') };
    await loaded();
    expect(await h.ok('listSecretStatus', { orgId: 'acme', domainId: 'cards' })).toEqual<SecretStatusList>(fromBackend.status);
    expect(await h.ok('listOrgs')).toEqual<OrgList>(fromBackend.orgs);
  });

  it('exports the coverage matrix as CSV: status words, no value', async () => {
    // Not before every org is listed: a partial matrix would read as missing keys.
    await h.restart();
    expect(await h.failure('exportFleet', {})).toMatchObject({ code: 'CONFLICT' });
    await loaded();
    const result = await h.ok('exportFleet', { orgIds: ['globex', 'acme'] });
    expect(result).toMatchObject({ saved: true, count: 2 });
    const csv = await fs.readFile(result.path ?? '', 'utf8');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^org_id,domain_id,covered,total,custom_secrets,openai_api_key,/);
    // The cell words carry the screen's marks (these keys were never read); coverage is two numbers.
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 6).join(','))).toEqual([
      '"globex","shared",1,9,1,"configured (never accessed)"',
      '"acme","shared",1,9,0,"configured (never accessed)"',
      '"acme","cards",2,9,0,"inherited (never accessed)"',
    ]);
    expect(csv).not.toMatch(/sk-acme|ghp_cards|sk_live_x/);
  });

  it('exports the whole matrix in the screen\'s order: by code point, not by locale (review finding)', async () => {
    await h.ok('addOrg', { orgId: 'a_b' });
    await h.ok('addOrg', { orgId: 'a-b' });
    await loaded();
    const result = await h.ok('exportFleet', {});
    const ids = (await fs.readFile(result.path ?? '', 'utf8')).trimEnd().split('\r\n').slice(1).map((line) => line.split(',')[0]);
    const shown = [...new Set(ids)];
    expect(shown).toEqual([...shown].sort((x = '', y = '') => (x < y ? -1 : x > y ? 1 : 0)));
    expect(shown.indexOf('"a-b"')).toBeLessThan(shown.indexOf('"a_b"'));
  });

  it('removes an org added by hand, and refuses one found in secret names', async () => {
    await h.ok('addOrg', { orgId: 'newco' });
    expect((await h.ok('listOrgs')).orgs.map((o) => o.orgId)).toContain('newco');
    const after = await h.ok('removeOrg', { orgId: 'newco' });
    expect(after.orgs.map((o) => o.orgId)).not.toContain('newco');
    expect(await h.failure('removeOrg', { orgId: 'acme' })).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('keeps the stale policy, audited', async () => {
    expect(await h.ok('getFleetSettings')).toEqual({ settings: { staleAfterDays: 90 } });
    await h.ok('saveFleetSettings', { settings: { staleAfterDays: 30 } });
    await h.restart();
    expect(await h.ok('getFleetSettings')).toEqual({ settings: { staleAfterDays: 30 } });
    expect(await h.failure('saveFleetSettings', { settings: { staleAfterDays: 0 } })).toMatchObject({ code: 'VALIDATION' });
    const entries = (await h.ok('listAudit', { filters: { actions: ['settings.fleet'], outcomes: ['success'] } })).entries;
    expect(entries).toHaveLength(1);
  });

  it('cancels a build: the snapshot says so, and no more batches follow', async () => {
    const started = await h.ok('loadFleet', { refresh: true });
    expect(await h.ok('cancelFleet', { snapshotId: started.snapshotId })).toEqual({ cancelled: true });
    const cancelled = await h.ok('loadFleet', { refresh: false });
    // A cancelled build is not reused: loading again starts a new one.
    expect(cancelled.snapshotId).not.toBe(started.snapshotId);
    const ofCancelled = progress().filter((p) => p.snapshotId === started.snapshotId);
    expect(ofCancelled.at(-1)?.state).toBe('cancelled');
  });
});
