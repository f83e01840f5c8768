/**
 * Drift through its channels, on the real router, services, SDK and vaults: the app's embedded
 * vault (profile "embedded", left) against a second vault served over HTTP behind the latency
 * proxy as a LocalStack-kind profile ("remote", right), with planted differences — every kind
 * found on each side, nothing else. Also two envs of one backend, the reuse of a complete fleet
 * snapshot, cancel, a side that cannot be listed, the same side twice, and the CSV export (status
 * only: no value canary anywhere).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { CreateSecretCommand, DeleteSecretCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deny, startLatencyProxy, type LatencyProxy } from '../../bench/latency-proxy';
import { LOCALSTACK_CREDENTIALS } from '../../src/main/backends/localstack';
import { driftReportSchema, type DriftReport, type FleetProgress } from '../../src/shared/contract';
import type { Profile } from '../../src/shared/profiles';
import { closedEndpoint } from '../fakes/fake-localstack';
import { startHarness, type Harness } from '../main/audit/harness';
import { TOKEN } from '../security/ipc-fuzz/canary';
import { startVault, tempDir } from '../vault/helpers';

const DAY = 86_400_000;
const T0 = Date.parse('2026-09-01T10:00:00.000Z');

describe('drift between two vault-backed profiles', () => {
  let h: Harness;
  let proxy: LatencyProxy;
  let denying: LatencyProxy;
  let remote: SecretsManagerClient;
  let exportDir: string;
  const clock = { now: T0 };
  const sent: FleetProgress[] = [];
  let canaries = 0;
  const canary = (): string => `${TOKEN}-${(canaries += 1)}`;
  const remoteProfile = (endpoint: string): Profile => ({ kind: 'localstack', id: 'remote', name: 'Remote LS', env: 'dev', readOnly: false, endpoint, region: 'us-east-1' });

  /** Writes through the app to the embedded vault (left, dev), at `at`. */
  async function writeLeft(orgId: string, secretName: string, at: number, domainId = 'shared'): Promise<void> {
    clock.now = at;
    await h.ok('writeSecret', { orgId, domainId, secretName, value: canary() });
  }
  /** Writes straight to the remote vault (right) under `env`, at `at`; no value when `value` is false. */
  async function writeRight(id: string, at: number, value = true): Promise<void> {
    clock.now = at;
    const name = `agentfoundry/${id}`;
    try {
      await remote.send(new CreateSecretCommand({ Name: name, ...(value && { SecretString: canary() }) }));
    } catch (error) {
      if ((error as Error).name !== 'ResourceExistsException') throw error;
      await remote.send(new PutSecretValueCommand({ SecretId: name, SecretString: canary() }));
    }
  }
  async function scheduleRight(id: string): Promise<void> {
    await remote.send(new DeleteSecretCommand({ SecretId: `agentfoundry/${id}`, RecoveryWindowInDays: 30 }));
  }

  const compare = (input: Record<string, unknown>): Promise<DriftReport> => h.ok('compareDrift', { requestId: randomUUID(), ...input });
  const brief = (report: DriftReport): string[] =>
    report.findings.map((f) => `${f.orgId}/${f.domainId}/${f.secretName} ${f.kind}@${f.side}${f.skewDays === undefined ? '' : ` +${f.skewDays}`}`);

  beforeAll(async () => {
    const { vault } = await startVault({ clock: () => new Date(clock.now) });
    remote = new SecretsManagerClient({ ...vault.clientConfig(), maxAttempts: 1 });
    const proxyHosts = new Set<string>();
    const server = await vault.serve({ port: 0, credentials: { ...LOCALSTACK_CREDENTIALS }, alsoAcceptHosts: proxyHosts });
    proxy = await startLatencyProxy({ target: server.endpoint, delayMs: 0 });
    proxyHosts.add(new URL(proxy.endpoint).host);
    // The same backend behind a proxy that refuses ListSecrets as IAM would (AccessDeniedException).
    denying = await startLatencyProxy({ target: server.endpoint, delayMs: 0, intercept: deny('ListSecrets') });
    proxyHosts.add(new URL(denying.endpoint).host);
    exportDir = await tempDir('foundry-drift-export-');
    h = await startHarness({
      clock: () => new Date(clock.now),
      emit: (channel, payload) => channel === 'foundry-event:fleetProgress' && sent.push(payload as FleetProgress),
      chooseSavePath: async (name) => path.join(exportDir, name),
    });
    await h.ok('saveProfile', { profile: remoteProfile(proxy.endpoint) });
    await h.ok('saveProfile', { profile: { ...remoteProfile(await closedEndpoint()), id: 'down', name: 'Down' } });
    await h.ok('saveProfile', { profile: { ...remoteProfile(denying.endpoint), id: 'denied', name: 'Denied' } });

    // Identical on both sides (same day): not drift.
    await writeLeft('acme', 'openai_api_key', T0);
    await writeRight('dev/acme/shared/openai_api_key', T0);
    // Configured on the left only (and a right one without a value): missing on the right.
    await writeLeft('acme', 'github_token', T0);
    await writeLeft('acme', 'slack_bot_token', T0);
    await writeRight('dev/acme/shared/slack_bot_token', T0, false);
    // Configured on the right only, in an org the left does not have: missing on the left.
    await writeRight('dev/globex/shared/stripe_api_key', T0);
    // Scheduled on the left, configured on the right.
    await writeLeft('acme', 'anthropic_api_key', T0);
    await writeRight('dev/acme/shared/anthropic_api_key', T0);
    // Scheduled on the right, absent on the left (another domain).
    await writeRight('dev/acme/cards/notion_api_token', T0);
    // Scheduled on both: not drift.
    await writeLeft('initech', 'n8n_api_key', T0);
    await writeRight('dev/initech/shared/n8n_api_key', T0);
    // Changed on the right 40 days after the left: skew on the right.
    await writeLeft('globex', 'openai_api_key', T0);
    await writeRight('dev/globex/shared/openai_api_key', T0 + 40 * DAY);
    // 20 days apart: within the threshold, not drift.
    await writeLeft('initech', 'openai_api_key', T0 + 20 * DAY);
    await writeRight('dev/initech/shared/openai_api_key', T0);
    // An org added by hand on the left, with no secret: nothing to compare.
    await h.ok('addOrg', { orgId: 'hooli' });

    // prod of the same remote backend: one like dev, one only there, one 31 days later.
    await writeRight('prod/acme/shared/openai_api_key', T0);
    await writeRight('prod/acme/shared/prod_only', T0);
    await writeRight('prod/globex/shared/openai_api_key', T0 + 71 * DAY);
    // Deletions last, at "now" (the vault purges a secret once its recovery window has passed).
    clock.now = T0 + 72 * DAY;
    await h.ok('removeSecret', { orgId: 'acme', secretName: 'anthropic_api_key', mode: { kind: 'recoverable', recoveryWindowDays: 30 } });
    await scheduleRight('dev/acme/cards/notion_api_token');
    await h.ok('removeSecret', { orgId: 'initech', secretName: 'n8n_api_key', mode: { kind: 'recoverable', recoveryWindowDays: 30 } });
    await scheduleRight('dev/initech/shared/n8n_api_key');
  });
  afterAll(async () => {
    remote.destroy();
    await h.close();
    await proxy.close();
    await denying.close();
  });

  it('finds every planted difference between two profiles, and nothing else', async () => {
    const report = await compare({ left: { profileId: 'embedded' }, right: { profileId: 'remote' }, skewDays: 30 });
    expect(driftReportSchema.safeParse(report).success).toBe(true);
    expect(report.state).toBe('complete');
    expect(brief(report)).toEqual([
      'acme/cards/notion_api_token scheduled@right',
      'acme/shared/anthropic_api_key scheduled@left',
      'acme/shared/github_token missing@right',
      'acme/shared/slack_bot_token missing@right',
      'globex/shared/openai_api_key skew@right +40',
      'globex/shared/stripe_api_key missing@left',
    ]);
    expect(report.counts).toEqual({ left: { missing: 1, scheduled: 1, skew: 0 }, right: { missing: 2, scheduled: 1, skew: 1 } });
    // Union: 7 on the left (hooli has none), 8 on the right, 6 on both.
    expect(report.compared).toBe(9);
    expect(report.left).toMatchObject({ profileId: 'embedded', kind: 'embedded', env: 'dev', ownEnv: true, orgCount: 3, secretCount: 7 });
    expect(report.right).toMatchObject({ profileId: 'remote', profileName: 'Remote LS', kind: 'localstack', env: 'dev', ownEnv: true, readOnly: false, orgCount: 3, secretCount: 8 });
    expect(report.findings.find((f) => f.secretName === 'slack_bot_token')?.right).toEqual({ hasValue: false, lastChangedAt: expect.any(Number) });
    expect(JSON.stringify(report)).not.toContain(TOKEN);
    // The threshold is the caller's: at 45 days the skew is gone; at 10 the 20-day one appears.
    expect(brief(await compare({ left: { profileId: 'embedded' }, right: { profileId: 'remote' }, skewDays: 45 }))).not.toContain('globex/shared/openai_api_key skew@right +40');
    expect(brief(await compare({ left: { profileId: 'embedded' }, right: { profileId: 'remote' }, skewDays: 10 }))).toContain('initech/shared/openai_api_key skew@left +20');
  });

  it('compares two envs of one backend without changing the saved profile', async () => {
    const report = await compare({ left: { profileId: 'remote' }, right: { profileId: 'remote', env: 'prod' } });
    expect(report.state).toBe('complete');
    expect(report.skewDays).toBe(30); // the default
    expect(brief(report)).toEqual([
      'acme/cards/notion_api_token scheduled@left',
      'acme/shared/anthropic_api_key missing@right',
      'acme/shared/prod_only missing@left',
      'globex/shared/openai_api_key skew@right +31',
      'globex/shared/stripe_api_key missing@right',
      'initech/shared/n8n_api_key scheduled@left',
      'initech/shared/openai_api_key missing@right',
    ]);
    expect(report.right).toMatchObject({ profileId: 'remote', env: 'prod', ownEnv: false });
    const { profiles } = await h.ok('listProfiles');
    expect(profiles.find((p) => p.id === 'remote')).toMatchObject({ env: 'dev', endpoint: proxy.endpoint });
  });

  it("reuses a side's complete fleet snapshot (no backend call) unless asked to refresh", async () => {
    await h.ok('selectProfile', { id: 'remote' });
    const first = await h.ok('loadFleet', { refresh: true });
    for (let i = 0; i < 500 && !sent.some((e) => e.snapshotId === first.snapshotId && e.state !== 'loading'); i += 1) await new Promise((r) => setTimeout(r, 10));
    const calls = proxy.count();
    const cached = await compare({ left: { profileId: 'embedded' }, right: { profileId: 'remote' } });
    expect(proxy.count()).toBe(calls);
    const fresh = await compare({ left: { profileId: 'embedded' }, right: { profileId: 'remote' }, refresh: true });
    expect(proxy.count()).toBeGreaterThan(calls);
    expect(brief(cached)).toEqual(brief(fresh));
    await h.ok('selectProfile', { id: 'embedded' });
  });

  it('lists both sides at once', async () => {
    // Each side's listing sends its first wave of 16 requests at once; with a delay on every round
    // trip, the two sides' waves are in flight together only when the sides are listed in parallel.
    proxy.setDelay(500);
    try {
      const from = proxy.log.length;
      const report = await compare({ left: { profileId: 'remote', env: 'staging' }, right: { profileId: 'remote', env: 'prod' }, refresh: true });
      expect(report.state).toBe('complete');
      const requests = proxy.log.slice(from);
      const inFlight = (at: number): number => requests.filter((r) => r.startedAt <= at && (r.endedAt ?? Infinity) > at).length;
      expect(Math.max(...requests.map((r) => inFlight(r.startedAt)))).toBeGreaterThan(16);
    } finally {
      proxy.setDelay(0);
    }
  });

  it('refuses the same side twice and an unknown profile, saying what to do', async () => {
    const same = await h.failure('compareDrift', { requestId: randomUUID(), left: { profileId: 'remote' }, right: { profileId: 'remote', env: 'dev' } });
    expect(same.code).toBe('VALIDATION');
    expect(same.message).toMatch(/choose another profile or another env/);
    const unknown = await h.failure('compareDrift', { requestId: randomUUID(), left: { profileId: 'embedded' }, right: { profileId: 'gone' } });
    expect(unknown.code).toBe('NOT_FOUND');
    expect(unknown.message).toMatch(/"gone".*Refresh the profile list/);
  });

  it('answers failed, naming the side that could not be listed and why', async () => {
    const report = await compare({ left: { profileId: 'embedded' }, right: { profileId: 'down' } });
    expect(driftReportSchema.safeParse(report).success).toBe(true);
    expect(report).toMatchObject({ state: 'failed', failedSide: 'right', findings: [], compared: 0, error: { code: 'UNREACHABLE' } });
    expect(report.left).toMatchObject({ profileId: 'embedded' });
    expect(report.right).toBeUndefined();
    expect(report.error?.message).toMatch(/endpoint|running/i);
    const flipped = await compare({ left: { profileId: 'down' }, right: { profileId: 'embedded' } });
    expect(flipped).toMatchObject({ state: 'failed', failedSide: 'left' });
    // A side that fails stops the other side's listing at once (here a slow one).
    proxy.setDelay(6_000);
    try {
      const started = Date.now();
      expect(await compare({ left: { profileId: 'remote', env: 'staging' }, right: { profileId: 'down' }, refresh: true })).toMatchObject({ state: 'failed', failedSide: 'right' });
      expect(Date.now() - started).toBeLessThan(4_500);
    } finally {
      proxy.setDelay(0);
    }
    const denied = await compare({ left: { profileId: 'embedded', env: 'prod' }, right: { profileId: 'denied', env: 'prod' } });
    expect(denied).toMatchObject({ state: 'failed', failedSide: 'right', error: { code: 'ACCESS_DENIED' } });
    // Nothing to export from a failed comparison.
    const refused = await h.failure('exportDrift', { driftId: report.driftId });
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toMatch(/compare the two sides again/);
  });

  it('stops on cancel by the request id, and a cancel of nothing says so', async () => {
    proxy.setDelay(6_000);
    try {
      const requestId = randomUUID();
      const started = Date.now();
      const pending = h.ok('compareDrift', { requestId, left: { profileId: 'embedded' }, right: { profileId: 'remote', env: 'staging' } });
      await new Promise((r) => setTimeout(r, 100));
      expect(await h.ok('cancelDrift', { requestId })).toEqual({ cancelled: true });
      const report = await pending;
      expect(report).toMatchObject({ requestId, state: 'cancelled', findings: [], compared: 0 });
      expect(Date.now() - started).toBeLessThan(4_500);
      expect(await h.ok('cancelDrift', { requestId })).toEqual({ cancelled: false });
    } finally {
      proxy.setDelay(0);
    }
  });

  it('a new compare of the same sides cancels the one in flight; one of other sides runs alongside', async () => {
    proxy.setDelay(400);
    try {
      const sides = { left: { profileId: 'remote', env: 'staging' }, right: { profileId: 'remote', env: 'prod' }, refresh: true };
      const first = h.ok('compareDrift', { requestId: randomUUID(), ...sides });
      await new Promise((r) => setTimeout(r, 100));
      // Another tab of the browser host comparing other sides: not cancelled by this one.
      const other = h.ok('compareDrift', { requestId: randomUUID(), left: { profileId: 'embedded' }, right: { profileId: 'remote' }, refresh: true });
      const second = await compare(sides);
      expect(second.state).toBe('complete');
      expect(await first).toMatchObject({ state: 'cancelled', findings: [], compared: 0 });
      expect((await other).state).toBe('complete');
    } finally {
      proxy.setDelay(0);
    }
  });

  it('answers an identical comparison in flight (same sides and threshold, no refresh) with that one, listing once', async () => {
    const sides = { left: { profileId: 'remote', env: 'staging' }, right: { profileId: 'remote', env: 'prod' }, skewDays: 30 };
    const alone = proxy.count();
    await compare(sides);
    const once = proxy.count() - alone;
    proxy.setDelay(300);
    try {
      const before = proxy.count();
      const ids = [randomUUID(), randomUUID()];
      const first = h.ok('compareDrift', { requestId: ids[0], ...sides });
      await new Promise((r) => setTimeout(r, 50));
      const [a, b] = await Promise.all([first, h.ok('compareDrift', { requestId: ids[1], ...sides })]);
      expect(a).toMatchObject({ requestId: ids[0], state: 'complete' });
      expect(b).toMatchObject({ requestId: ids[1], state: 'complete', driftId: a.driftId });
      expect(proxy.count() - before).toBe(once);
    } finally {
      proxy.setDelay(0);
    }
  });

  it('exports the report as CSV (status only, filtered by kind), audited', async () => {
    const report = await compare({ left: { profileId: 'embedded' }, right: { profileId: 'remote' } });
    const all = await h.ok('exportDrift', { driftId: report.driftId });
    expect(all).toMatchObject({ saved: true, count: 6 });
    expect(path.basename(all.path ?? '')).toMatch(/^foundry-drift-dev-vs-dev-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}\.csv$/);
    const csv = await fs.readFile(all.path ?? '', 'utf8');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('org_id,domain_id,secret_name,kind,lacking_or_scheduled_side,changed_later_side,left_state,left_last_changed,right_state,right_last_changed,skew_days,falls_back_to_shared');
    expect(lines).toHaveLength(7);
    expect(lines).toContain(
      `"globex","shared","openai_api_key","skew",,"Remote LS (dev)","configured","${new Date(T0).toISOString()}","configured","${new Date(T0 + 40 * DAY).toISOString()}",40,`,
    );
    expect(lines).toContain(`"acme","shared","slack_bot_token","missing","Remote LS (dev)",,"configured","${new Date(T0).toISOString()}","no-value","${new Date(T0).toISOString()}",,`);
    expect(lines).toContain('"globex","shared","stripe_api_key","missing","Embedded vault (dev)",,"absent",,"configured","' + new Date(T0).toISOString() + '",,');
    expect(csv).not.toContain(TOKEN);

    const skewOnly = await h.ok('exportDrift', { driftId: report.driftId, kinds: ['skew'] });
    expect(skewOnly.count).toBe(1);
    expect((await fs.readFile(skewOnly.path ?? '', 'utf8')).trimEnd().split('\r\n')).toHaveLength(2);

    const { entries } = await h.ok('listAudit', { filters: { actions: ['drift.export'] } });
    expect(entries.map((e) => e.outcome)).toEqual(['success', 'attempt', 'success', 'attempt']);
    // No value anywhere: answers, log lines, files.
    expect(JSON.stringify(h.answers)).not.toContain(TOKEN);
    expect(h.logLines.join('\n')).not.toContain(TOKEN);
    expect((await h.failure('exportDrift', { driftId: randomUUID() })).code).toBe('NOT_FOUND');
  });

  it('files the export in the audit log under the left side, with both sides, the file, the kinds and the count', async () => {
    // The active profile (embedded) is on neither side: the entry must name the sides compared.
    await h.ok('saveProfile', { profile: { ...remoteProfile(proxy.endpoint), id: 'rprod', name: 'Remote prod', env: 'prod' } });
    const report = await compare({ left: { profileId: 'remote' }, right: { profileId: 'rprod' } });
    expect(report.state).toBe('complete');
    const saved = await h.ok('exportDrift', { driftId: report.driftId, kinds: ['missing', 'skew'] });
    expect(saved.saved).toBe(true);
    const fileName = path.basename(saved.path ?? '');
    const drift = {
      left: { profileId: 'remote', profileKind: 'localstack', env: 'dev' },
      right: { profileId: 'rprod', profileKind: 'localstack', env: 'prod' },
      kinds: ['missing', 'skew'],
    };
    const { entries } = await h.ok('listAudit', { filters: { actions: ['drift.export'], profileId: 'remote' } });
    const [success, attempt] = entries;
    expect(attempt).toMatchObject({ outcome: 'attempt', profileId: 'remote', profileKind: 'localstack', env: 'dev', export: { format: 'csv', fileName, drift } });
    expect(attempt?.export?.count).toBeUndefined();
    expect(success).toMatchObject({ outcome: 'success', attemptSeq: attempt?.seq, profileId: 'remote', env: 'dev', export: { format: 'csv', fileName, drift, count: saved.count } });

    // A left side in another env of its profile is filed under that env.
    const staging = await compare({ left: { profileId: 'remote', env: 'staging' }, right: { profileId: 'rprod' } });
    await h.ok('exportDrift', { driftId: staging.driftId });
    const latest = (await h.ok('listAudit', { filters: { actions: ['drift.export'] } })).entries[0];
    expect(latest).toMatchObject({ outcome: 'success', profileId: 'remote', env: 'staging', export: { drift: { left: { profileId: 'remote', env: 'staging' }, right: { profileId: 'rprod', env: 'prod' } } } });
    expect(latest?.export?.drift?.kinds).toBeUndefined();
    await h.ok('removeProfile', { id: 'rprod' });
  });

  it('keeps the latest five reports for export', async () => {
    const reports: DriftReport[] = [];
    for (let i = 0; i < 6; i += 1) reports.push(await compare({ left: { profileId: 'embedded' }, right: { profileId: 'remote' } }));
    const evicted = await h.failure('exportDrift', { driftId: reports[0]?.driftId });
    expect(evicted).toMatchObject({ code: 'NOT_FOUND' });
    expect(evicted.message).toMatch(/compare the two sides again/);
    expect(await h.ok('exportDrift', { driftId: reports[1]?.driftId, kinds: ['scheduled'] })).toMatchObject({ saved: true, count: 2 });
  });
});
