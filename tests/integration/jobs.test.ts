/**
 * Bulk jobs through their channels, on the real router, job service and embedded vault: a tricky
 * `.env` corpus previewed blind, run, and read back byte for byte; a second run that writes only
 * what is missing (and, overwriting, adds no version); cancel then resume; one refused item among
 * many with an exact report; one value across 50 orgs, then deleted and restored; the prod
 * confirmation and read-only profiles; progress events valid against the contract.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CreateSecretCommand, ListSecretVersionIdsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VAULT_DIR } from '../../src/main/composition';
import { defaultKeyProtector, openVault } from '../../src/main/vault/index';
import { events, type ImportPreview, type JobProgress, type JobReport } from '../../src/shared/contract';
import { ENV, startHarness, type Harness } from '../main/audit/harness';
import { readStoredValues } from '../fixtures/stored-value';
import { tempDir } from '../vault/helpers';

const TRICKY = path.resolve(import.meta.dirname, '../fixtures/env/tricky.env');
const id = (orgId: string, secretName: string, domainId = 'shared') => `agentfoundry/dev/${orgId}/${domainId}/${secretName}`;

/** Versions of each secret, read straight from the vault (the app must be closed). */
async function versionCounts(userDataDir: string, secretIds: readonly string[]): Promise<number[]> {
  const dataDir = path.join(userDataDir, VAULT_DIR);
  const vault = await openVault({ dataDir, keyProtector: defaultKeyProtector(dataDir, ENV) });
  const client = new SecretsManagerClient({ ...vault.clientConfig(), maxAttempts: 1 });
  try {
    const counts: number[] = [];
    for (const secretId of secretIds) counts.push((await client.send(new ListSecretVersionIdsCommand({ SecretId: secretId, IncludeDeprecated: true }))).Versions?.length ?? 0);
    return counts;
  } finally {
    client.destroy();
    await vault.close();
  }
}

describe('bulk jobs through their channels', () => {
  let h: Harness;
  let importFile: string;
  let exportDir: string;
  const sent: { channel: string; payload: unknown }[] = [];
  const progress = (jobId: string): JobProgress[] => sent.filter((e) => e.channel === 'foundry-event:jobProgress').map((e) => e.payload as JobProgress).filter((p) => p.jobId === jobId);

  async function finish(job: JobReport): Promise<JobReport> {
    for (let i = 0; i < 1000; i += 1) {
      const report = await h.ok('getJob', { jobId: job.jobId });
      if (report.state !== 'running') return report;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`job ${job.jobId} did not finish`);
  }

  async function open(file = TRICKY): Promise<string> {
    importFile = file;
    const opened = await h.ok('openImportSource', { kind: 'file' });
    if (!opened.opened) throw new Error('nothing opened');
    return opened.source.sourceId;
  }

  beforeEach(async () => {
    sent.length = 0;
    exportDir = await tempDir('foundry-jobs-export-');
    h = await startHarness({
      emit: (channel, payload) => sent.push({ channel, payload }),
      chooseImportFile: async () => importFile,
      chooseSavePath: async (name) => path.join(exportDir, name),
    });
  });
  afterEach(async () => {
    await h.close();
  });

  it('previews the tricky corpus blind: plans, duplicates, bad lines by number, nothing of a value', async () => {
    await h.ok('writeSecret', { orgId: 'acme', secretName: 'github_token', value: 'ghp_existing' });
    importFile = TRICKY;
    const opened = await h.ok('openImportSource', { kind: 'file' });
    if (!opened.opened) throw new Error('nothing opened');
    expect(opened.source).toMatchObject({ name: 'tricky.env', kind: 'file', keys: 8, badLines: [10, 12] });
    const preview: ImportPreview = await h.ok('previewImport', { sourceId: opened.source.sourceId, orgId: 'acme', domainId: 'shared', includeCustom: true, skipKeys: ['UNICODE_NOTE'] });
    const rows = Object.fromEntries(preview.items.map((item) => [item.key, [item.plan, item.line, item.secretName ?? null, item.overriddenLines ?? []]]));
    expect(rows).toEqual({
      ANTHROPIC_API_KEY: ['create', 3, 'anthropic_api_key', []],
      GITHUB_TOKEN: ['skip-existing', 4, 'github_token', []],
      STRIPE_API_KEY: ['create', 5, 'stripe_api_key', []],
      MULTI_LINE_PEM: ['create', 6, 'multi_line_pem', []],
      EMPTY_VALUE: ['skip-empty', 9, 'empty_value', []],
      OPENAI_API_KEY: ['create', 11, 'openai_api_key', [2]],
      UNICODE_NOTE: ['skip-chosen', 13, 'unicode_note', []],
      'db.url': ['invalid-name', 14, null, []],
    });
    expect(preview.items.find((item) => item.key === 'GITHUB_TOKEN')).toMatchObject({ exists: true, lastChangedAt: expect.any(Number) });
    expect(preview.badLines).toEqual([10, 12]);
    // Without custom keys, the non-catalog ones are skipped, not guessed.
    const catalogOnly = await h.ok('previewImport', { sourceId: opened.source.sourceId, orgId: 'acme', domainId: 'shared' });
    expect(catalogOnly.items.filter((item) => item.plan === 'skip-unmapped').map((item) => item.key)).toEqual(['STRIPE_API_KEY', 'MULTI_LINE_PEM', 'EMPTY_VALUE', 'UNICODE_NOTE', 'db.url']);
    const text = JSON.stringify(h.answers);
    for (const value of ['sk-first-value', 'sk-second-value-wins', 'sk-ant-quoted', 'ghp_single', 'BEGIN KEY', 'héllo', 'postgres://', 'not an assignment', 'café']) expect(text).not.toContain(value);
  });

  it('runs an import, stores every value byte for byte, and a second run writes only what is missing', async () => {
    const sourceId = await open();
    const options = { sourceId, orgId: 'acme', domainId: 'cards', includeCustom: true };
    const report = await finish(await h.ok('startImport', options));
    expect(report.state).toBe('done');
    expect(report.counts).toEqual({ total: 8, done: 8, written: 6, skipped: 2, failed: 0, cancelled: 0 });
    expect(report.items.filter((item) => item.state === 'skipped').map((item) => [item.key, item.reason])).toEqual([
      ['EMPTY_VALUE', 'The value is empty: nothing to store.'],
      ['db.url', expect.stringContaining('cannot be a secret name')],
    ]);
    // Progress came as events that fit the contract, and ended with the final counts.
    const events_ = progress(report.jobId);
    expect(events_.length).toBeGreaterThan(0);
    for (const payload of events_) expect(events.jobProgress.payload.safeParse(payload).success).toBe(true);
    expect(events_.at(-1)).toMatchObject({ state: 'done', counts: report.counts });
    // Written again: all exist now, so nothing is written.
    const again = await finish(await h.ok('startImport', options));
    expect(again.counts).toMatchObject({ written: 0, skipped: 8, failed: 0 });
    // Overwriting adds a version: each job has tokens of its own, so no run is taken for a repeat of an
    // older one (AWS ignores a request whose token and value it has seen, which would be a false "written").
    await h.ok('writeSecret', { orgId: 'acme', domainId: 'cards', secretName: 'openai_api_key', value: 'sk-rotated-meanwhile' });
    const overwrite = await finish(await h.ok('startImport', { ...options, overwrite: true }));
    expect(overwrite.counts).toMatchObject({ written: 6, failed: 0 });
    await h.close();
    const ids = ['anthropic_api_key', 'github_token', 'stripe_api_key', 'multi_line_pem', 'openai_api_key', 'unicode_note'].map((name) => id('acme', name, 'cards'));
    expect(await readStoredValues(h.userDataDir, ENV, ids)).toEqual(
      [
        'sk-ant-quoted value with # not a comment',
        'ghp_single=quoted=with=equals',
        'sk_test_trailing',
        '-----BEGIN KEY-----\nline two\n-----END KEY-----',
        'sk-second-value-wins',
        'héllo wörld ✓',
      ].map((text) => ({ kind: 'string', text })),
    );
    // The first write, the overwrite (and for openai_api_key the rotation in between): the overwrite really stored the file's value.
    expect(await versionCounts(h.userDataDir, ids)).toEqual([2, 2, 2, 2, 3, 2]);
    await h.restart();
  });

  it('reads CRLF files and a UTF-8 BOM, and refuses binary and oversized files with a clear error', async () => {
    const dir = await tempDir('foundry-jobs-env-');
    const crlf = path.join(dir, 'crlf.env');
    await fs.writeFile(crlf, 'OPENAI_API_KEY=sk-crlf\r\nANTHROPIC_API_KEY=sk-ant-crlf\r\n');
    const bom = path.join(dir, 'bom.env');
    await fs.writeFile(bom, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('GITHUB_TOKEN=ghp_bom\n')]));
    for (const file of [crlf, bom]) await finish(await h.ok('startImport', { sourceId: await open(file), orgId: 'acme', domainId: 'shared' }));
    const binary = path.join(dir, 'image.png');
    await fs.writeFile(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]));
    importFile = binary;
    expect(await h.failure('openImportSource', { kind: 'file' })).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('binary file') });
    const big = path.join(dir, 'big.env');
    await fs.writeFile(big, 'A=b\n'.repeat(300_000));
    importFile = big;
    expect(await h.failure('openImportSource', { kind: 'file' })).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('larger than 1 MiB') });
    await h.close();
    expect(await readStoredValues(h.userDataDir, ENV, [id('acme', 'openai_api_key'), id('acme', 'anthropic_api_key'), id('acme', 'github_token')])).toEqual([
      { kind: 'string', text: 'sk-crlf' },
      { kind: 'string', text: 'sk-ant-crlf' },
      { kind: 'string', text: 'ghp_bom' },
    ]);
    await h.restart();
  });

  it('cancels a run (what is in flight finishes, the rest is reported cancelled), and running it again completes it', async () => {
    const dir = await tempDir('foundry-jobs-env-');
    const file = path.join(dir, 'many.env');
    await fs.writeFile(file, Array.from({ length: 1000 }, (_, i) => `KEY_${String(i).padStart(4, '0')}=value-${i}`).join('\n'));
    const sourceId = await open(file);
    const options = { sourceId, orgId: 'acme', domainId: 'shared', includeCustom: true };
    const started = await h.ok('startImport', options);
    // Cancel as soon as a few are written.
    for (let i = 0; i < 500 && (await h.ok('getJob', { jobId: started.jobId })).counts.written < 5; i += 1) await new Promise((resolve) => setTimeout(resolve, 2));
    expect(await h.ok('cancelJob', { jobId: started.jobId })).toEqual({ cancelled: true });
    const cancelled = await finish(started);
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.counts.cancelled).toBeGreaterThan(0);
    expect(cancelled.counts.written + cancelled.counts.cancelled).toBe(1000);
    expect(cancelled.items.filter((item) => item.state === 'cancelled').every((item) => item.reason?.includes('nothing was written'))).toBe(true);
    expect(await h.ok('cancelJob', { jobId: started.jobId })).toEqual({ cancelled: false });
    const resumed = await finish(await h.ok('startImport', options));
    expect(resumed.counts).toMatchObject({ written: cancelled.counts.cancelled, skipped: cancelled.counts.written, failed: 0, cancelled: 0 });
  });

  it('reports a refused item exactly and writes the others; the report exports without values', async () => {
    await h.ok('writeSecret', { orgId: 'acme', secretName: 'openai_api_key', value: 'sk-old' });
    await h.ok('removeSecret', { orgId: 'acme', secretName: 'openai_api_key', mode: { kind: 'recoverable', recoveryWindowDays: 7 } });
    const sourceId = await open();
    const preview = await h.ok('previewImport', { sourceId, orgId: 'acme', domainId: 'shared', overwrite: true });
    expect(preview.items.find((item) => item.key === 'OPENAI_API_KEY')?.warning).toContain('Scheduled for deletion');
    const report = await finish(await h.ok('startImport', { sourceId, orgId: 'acme', domainId: 'shared', overwrite: true }));
    expect(report.counts).toMatchObject({ written: 2, failed: 1 });
    expect(report.items.find((item) => item.state === 'failed')).toMatchObject({ key: 'OPENAI_API_KEY', code: 'SCHEDULED_FOR_DELETION', secretId: id('acme', 'openai_api_key') });
    const saved = await h.ok('exportJobReport', { jobId: report.jobId, format: 'csv' });
    if (!saved.saved) throw new Error('not saved');
    const csv = await fs.readFile(saved.path, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('index,key,orgId,domainId,secretId,state,code,reason');
    expect(csv).toContain('"SCHEDULED_FOR_DELETION"');
    expect(csv).not.toMatch(/sk-ant-quoted|ghp_single|sk-second/);
    // Every item left an attempt and an outcome in the audit log.
    const audit = await h.ok('listAudit', { filters: { orgId: 'acme' }, limit: 100 });
    expect(audit.entries.filter((entry) => entry.secretId === id('acme', 'openai_api_key') && entry.outcome === 'failure')).toHaveLength(1);
    expect((await h.ok('listAudit', { filters: { actions: ['job.export'] }, limit: 10 })).entries.map((entry) => entry.outcome).sort()).toEqual(['attempt', 'success']);
  });

  it('sets one value across 50 orgs (a version each, an audit entry each), then schedules deletion and restores', async () => {
    const orgIds = Array.from({ length: 50 }, (_, i) => `org-${String(i).padStart(2, '0')}`);
    const bulk = { orgIds, domainId: 'shared', secretName: 'openai_api_key' };
    const set = await finish(await h.ok('startBulk', { ...bulk, action: { kind: 'set', value: 'sk-bulk-value' } }));
    expect(set).toMatchObject({ kind: 'bulk-set', state: 'done', counts: { total: 50, written: 50, failed: 0 } });
    const fleet = await h.ok('listOrgs', {});
    expect(fleet.orgs.map((org) => org.orgId)).toEqual(expect.arrayContaining(orgIds));
    const removed = await finish(await h.ok('startBulk', { ...bulk, orgIds: [...orgIds, 'no-such-org'], action: { kind: 'schedule-deletion', recoveryWindowDays: 7 } }));
    expect(removed.counts).toMatchObject({ total: 51, written: 50, skipped: 1 });
    expect((await h.ok('getSecretStatus', { orgId: 'org-07', secretName: 'openai_api_key' })).state).toBe('scheduled-for-deletion');
    const restored = await finish(await h.ok('startBulk', { ...bulk, action: { kind: 'restore' } }));
    expect(restored.counts).toMatchObject({ written: 50, failed: 0 });
    expect((await h.ok('getSecretStatus', { orgId: 'org-07', secretName: 'openai_api_key' })).state).toBe('configured');
    const audit = await h.ok('listAudit', { filters: { actions: ['secret.write'], outcomes: ['success'] }, limit: 200 });
    expect(audit.total).toBe(50);
    await h.close();
    expect(new Set((await readStoredValues(h.userDataDir, ENV, orgIds.map((org) => id(org, 'openai_api_key')))).map((v) => JSON.stringify(v)))).toEqual(
      new Set([JSON.stringify({ kind: 'string', text: 'sk-bulk-value' })]),
    );
    await h.restart();
  });

  it('fills a secret that exists without a value (created by infrastructure code) instead of skipping it', async () => {
    await h.close();
    const dataDir = path.join(h.userDataDir, VAULT_DIR);
    const vault = await openVault({ dataDir, keyProtector: defaultKeyProtector(dataDir, ENV) });
    const client = new SecretsManagerClient({ ...vault.clientConfig(), maxAttempts: 1 });
    await client.send(new CreateSecretCommand({ Name: id('acme', 'openai_api_key') }));
    client.destroy();
    await vault.close();
    await h.restart();
    const sourceId = await open();
    const report = await finish(await h.ok('startImport', { sourceId, orgId: 'acme', domainId: 'shared' }));
    expect(report.items.find((item) => item.key === 'OPENAI_API_KEY')).toMatchObject({ state: 'written', reason: 'Its first value stored.' });
    expect((await h.ok('getSecretStatus', { orgId: 'acme', secretName: 'openai_api_key' })).state).toBe('configured');
  });

  it('stops writing when its profile is made read-only while it runs', async () => {
    await h.restart();
    await h.close();
    h = await startHarness({ userDataDir: h.userDataDir, jobConcurrency: 1, emit: (channel, payload) => sent.push({ channel, payload }) });
    const orgIds = Array.from({ length: 1000 }, (_, i) => `ro-${String(i).padStart(4, '0')}`);
    const started = await h.ok('startBulk', { orgIds, domainId: 'shared', secretName: 'openai_api_key', action: { kind: 'set', value: 'sk-ro' } });
    for (let i = 0; i < 500 && (await h.ok('getJob', { jobId: started.jobId })).counts.written < 3; i += 1) await new Promise((resolve) => setTimeout(resolve, 2));
    await h.ok('saveProfile', { profile: { id: 'embedded', name: 'Embedded vault', kind: 'embedded', env: 'dev', readOnly: true } });
    const report = await finish(started);
    expect(report.counts.failed).toBeGreaterThan(0);
    expect(report.counts.written).toBeLessThan(1000);
    expect(report.items.filter((item) => item.state === 'failed').every((item) => item.code === 'READ_ONLY_PROFILE')).toBe(true);
  });

  it('asks for the env name on prod, and refuses on a read-only profile, before anything is written', async () => {
    const bulk = { orgIds: ['acme'], domainId: 'shared', secretName: 'openai_api_key', action: { kind: 'set', value: 'sk-prod' } };
    // A new prod profile starts read-only; the second save unlocks it (both confirmed by the harness).
    await h.ok('saveProfile', { profile: { id: 'prod', name: 'Prod', kind: 'embedded', env: 'prod', readOnly: false } });
    await h.ok('saveProfile', { profile: { id: 'prod', name: 'Prod', kind: 'embedded', env: 'prod', readOnly: false } });
    await h.ok('selectProfile', { id: 'prod' });
    expect(await h.failure('startBulk', bulk)).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('type the env name "prod"') });
    expect(await h.failure('startBulk', { ...bulk, confirmEnv: 'dev' })).toMatchObject({ code: 'VALIDATION' });
    expect((await finish(await h.ok('startBulk', { ...bulk, confirmEnv: 'prod' }))).counts.written).toBe(1);
    // An import into prod asks the same, whatever the plan (main does not trust the window's preview).
    const prodSource = await open();
    expect(await h.failure('startImport', { sourceId: prodSource, orgId: 'acme', domainId: 'shared' })).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('type the env name "prod"') });
    expect((await finish(await h.ok('startImport', { sourceId: prodSource, orgId: 'acme', domainId: 'shared', confirmEnv: 'prod' }))).counts.written).toBe(2); // openai_api_key exists (the bulk set above)
    await h.ok('saveProfile', { profile: { id: 'ro', name: 'RO', kind: 'embedded', env: 'dev', readOnly: true } });
    await h.ok('selectProfile', { id: 'ro' });
    expect(await h.failure('startBulk', bulk)).toMatchObject({ code: 'READ_ONLY_PROFILE' });
    const sourceId = await open();
    expect(await h.failure('startImport', { sourceId, orgId: 'acme', domainId: 'shared' })).toMatchObject({ code: 'READ_ONLY_PROFILE' });
    // A preview is status only: it works on a read-only profile (support staff can see what would change).
    expect((await h.ok('previewImport', { sourceId, orgId: 'acme', domainId: 'shared' })).items.length).toBe(8);
  });
});
