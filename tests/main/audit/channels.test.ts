import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUDIT_DIR, CSV_COLUMNS, auditFileName } from '../../../src/main/audit/index';
import { csvCell } from '../../../src/main/audit/export';
import type { AuditEntry } from '../../../src/shared/audit';
import { TestClock, tempDir } from '../../vault/helpers';
import { startHarness, type Harness } from './harness';

const ref = { orgId: 'acme', secretName: 'openai_api_key' };
const SECRET_ID = 'agentfoundry/dev/acme/shared/openai_api_key';
const summary = (entries: readonly AuditEntry[]) => entries.map((e) => `${e.action}:${e.outcome}${e.errorCode ? `:${e.errorCode}` : ''}`);

/** A minimal RFC 4180 reader, for checking what the export wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endCell();
    else if (c === '\r' && text[i + 1] === '\n') {
      endCell();
      rows.push(row);
      row = [];
      i++;
    } else cell += c;
  }
  return rows;
}

describe('audit through the channels (embedded vault, real SDK)', () => {
  let h: Harness;
  let clock: TestClock;
  let saveTo: string | null;
  beforeEach(async () => {
    clock = new TestClock();
    saveTo = null;
    h = await startHarness({ clock: clock.read, chooseSavePath: async () => saveTo });
  });
  afterEach(() => h.close());

  const all = async () => (await h.ok('listAudit', { limit: 500 })).entries.slice().reverse();

  it('records every write-class operation: attempt, then outcome, with actor, profile, secret and version', async () => {
    await h.ok('saveProfile', { profile: { id: 'ro', name: 'RO', kind: 'embedded', env: 'dev', readOnly: true } });
    await h.ok('saveProfile', { profile: { id: 'ro', name: 'Read only', kind: 'embedded', env: 'dev', readOnly: true } });
    const created = await h.ok('writeSecret', { ...ref, value: 'sk-one' });
    const rotated = await h.ok('writeSecret', { ...ref, value: 'sk-two' });
    await h.ok('removeSecret', { ...ref, mode: { kind: 'recoverable', recoveryWindowDays: 7 } });
    await h.ok('restoreSecret', ref);
    await h.ok('removeSecret', { ...ref, mode: { kind: 'force' } });
    await h.ok('addOrg', { orgId: 'globex' });
    await h.ok('selectProfile', { id: 'ro' });
    await h.failure('writeSecret', { ...ref, value: 'sk-three' });
    await h.ok('selectProfile', { id: 'embedded' });
    await h.ok('removeProfile', { id: 'ro' });
    await h.failure('selectProfile', { id: 'ghost' });

    const entries = await all();
    expect(summary(entries)).toEqual([
      'profile.create:attempt', 'profile.create:success',
      'profile.update:attempt', 'profile.update:success',
      'secret.write:attempt', 'secret.write:success',
      'secret.write:attempt', 'secret.rotate:success',
      'secret.remove:attempt', 'secret.remove:success',
      'secret.restore:attempt', 'secret.restore:success',
      'secret.force-remove:attempt', 'secret.force-remove:success',
      'org.add:attempt', 'org.add:success',
      'profile.select:attempt', 'profile.select:success',
      'secret.write:attempt', 'secret.write:failure:READ_ONLY_PROFILE',
      'profile.select:attempt', 'profile.select:success',
      'profile.remove:attempt', 'profile.remove:success',
      'profile.select:attempt', 'profile.select:failure:NOT_FOUND',
    ]);
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
    for (const entry of entries) {
      if (entry.outcome !== 'attempt') expect(entries[(entry.attemptSeq ?? 0) - 1]).toMatchObject({ outcome: 'attempt', profileId: entry.profileId });
    }
    const vaultArn = expect.stringMatching(/^arn:aws:iam::\d{12}:user\/foundry-embedded-vault$/);
    expect(entries[5]).toMatchObject({ actor: { osUser: 'ana', callerArn: vaultArn }, profileId: 'embedded', profileKind: 'embedded', env: 'dev', orgId: 'acme', secretId: SECRET_ID, versionId: created.versionId });
    expect(entries[7]).toMatchObject({ versionId: rotated.versionId });
    expect(entries[15]).toMatchObject({ action: 'org.add', orgId: 'globex' });
    expect(entries[15]).not.toHaveProperty('secretId');
    expect(entries[19]).toMatchObject({ profileId: 'ro', errorCode: 'READ_ONLY_PROFILE', secretId: SECRET_ID });
    expect(entries[25]).toMatchObject({ profileId: 'ghost' });
    expect(entries[25]).not.toHaveProperty('profileKind');
    expect(entries[25]).not.toHaveProperty('env');
    expect((await h.ok('listAudit')).verification).toMatchObject({ ok: true, entries: 26, lastSeq: 26 });
  });

  it('does not audit calls refused before a handler runs (bad input, foreign sender)', async () => {
    await h.failure('writeSecret', { ...ref, orgId: 'Bad Org', value: 'x' });
    await h.router.dispatch('foundry:writeSecret', { url: 'https://evil.example/', isMainFrame: true }, { ...ref, value: 'x' });
    expect((await h.ok('listAudit')).total).toBe(0);
  });

  it('filters by org, secret, action, outcome, profile and time, and pages newest first', async () => {
    await h.ok('writeSecret', { ...ref, value: 'a' });
    clock.advanceDays(1);
    await h.ok('writeSecret', { ...ref, secretName: 'github_token', value: 'b' });
    await h.ok('writeSecret', { orgId: 'globex', secretName: 'github_token', value: 'c' });
    clock.advanceDays(1);
    await h.ok('writeSecret', { ...ref, value: 'd' });

    const list = (input: unknown) => h.ok('listAudit', input);
    expect((await list({})).total).toBe(8);
    expect((await list({ filters: { orgId: 'globex' } })).total).toBe(2);
    expect((await list({ filters: { secretId: SECRET_ID } })).entries.map((e) => e.seq)).toEqual([8, 7, 2, 1]);
    expect((await list({ filters: { actions: ['secret.rotate'] } })).entries.map((e) => e.seq)).toEqual([8]);
    expect((await list({ filters: { outcomes: ['success'], orgId: 'acme' } })).total).toBe(3);
    expect((await list({ filters: { profileId: 'other' } })).total).toBe(0);
    const day2 = new Date(Date.parse('2026-11-25T00:00:00.000Z')).toISOString();
    const day3 = new Date(Date.parse('2026-11-26T00:00:00.000Z')).toISOString();
    expect((await list({ filters: { from: day2, to: day3 } })).entries.map((e) => e.seq)).toEqual([6, 5, 4, 3]);
    expect((await list({ filters: { from: day3 } })).total).toBe(2);

    const page1 = await list({ limit: 3 });
    const page3 = await list({ limit: 3, offset: 6 });
    expect(page1).toMatchObject({ total: 8, offset: 0, limit: 3 });
    expect(page1.entries.map((e) => e.seq)).toEqual([8, 7, 6]);
    expect(page3.entries.map((e) => e.seq)).toEqual([2, 1]);
    expect((await list({ offset: 8 })).entries).toEqual([]);
  });

  it('exports the matching entries as CSV or JSON to the path main was given; the answer has the path and count only', async () => {
    await h.ok('writeSecret', { ...ref, value: 'a' });
    await h.ok('writeSecret', { orgId: 'globex', secretName: 'github_token', value: 'b' });
    const dir = await tempDir('foundry-export-');

    saveTo = path.join(dir, 'audit.csv');
    const csv = await h.ok('exportAudit', { format: 'csv', filters: { orgId: 'acme' } });
    expect(csv).toEqual({ saved: true, path: saveTo, count: 2 });
    const rows = parseCsv(await fs.readFile(saveTo, 'utf8'));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows.slice(1).map((r) => [r[0], r[8], r[10], r[11]])).toEqual([
      ['1', 'secret.write', SECRET_ID, 'attempt'],
      ['2', 'secret.write', SECRET_ID, 'success'],
    ]);
    expect((await fs.stat(saveTo)).mode & 0o777).toBe(0o600);

    saveTo = path.join(dir, 'audit.json');
    // The 4 writes' entries, the CSV export's attempt and outcome, and this export's own attempt.
    expect(await h.ok('exportAudit', { format: 'json', filters: {} })).toEqual({ saved: true, path: saveTo, count: 7 });
    const doc = JSON.parse(await fs.readFile(saveTo, 'utf8')) as { format: string; count: number; entries: AuditEntry[]; verification: { ok: boolean } };
    expect(doc).toMatchObject({ format: 'foundry-secrets-audit', count: 7, verification: { ok: true } });
    expect(doc.entries).toEqual((await all()).slice(0, -1)); // all but the outcome of this export

    saveTo = null; // the person cancelled the dialog
    expect(await h.ok('exportAudit', { format: 'csv', filters: {} })).toEqual({ saved: false, count: 8 });
    saveTo = 'relative.csv';
    expect(await h.failure('exportAudit', { format: 'csv', filters: {} })).toMatchObject({ code: 'VALIDATION' });
    saveTo = path.join(dir, 'missing-folder', 'x.csv');
    expect(await h.failure('exportAudit', { format: 'csv', filters: {} })).toMatchObject({ code: 'INTERNAL' });
  });

  it('without a save dialog, export is unavailable', async () => {
    const bare = await startHarness();
    try {
      expect(await bare.failure('exportAudit', { format: 'json' })).toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('no save dialog') });
    } finally {
      await bare.close();
    }
  });

  it('quotes CSV cells with commas and quotes, and defuses formulas', async () => {
    const odd = await startHarness({ osUser: '=HYPERLINK("x"), doe', chooseSavePath: async () => target });
    const target = path.join(await tempDir('foundry-export-'), 'odd.csv');
    try {
      await odd.ok('addOrg', { orgId: 'acme' });
      await odd.ok('exportAudit', { format: 'csv' });
      const text = await fs.readFile(target, 'utf8');
      expect(text).toContain('"\'=HYPERLINK(""x""), doe"');
      expect(parseCsv(text)[1]?.[2]).toBe('\'=HYPERLINK("x"), doe');
    } finally {
      await odd.close();
    }
  });
});

describe('CSV cells', () => {
  it.each([
    ['acme', '"acme"'],
    ['=1+1', `"'=1+1"`],
    [' =1+1', `"' =1+1"`],
    ['\u00a0=1+1', `"'\u00a0=1+1"`],
    ['x;=1+1;', `"'x;=1+1;"`],
    ['a, "b"', '"a, ""b"""'],
    ['-5 days', `"'-5 days"`],
  ])('%j becomes %s (quoted; a formula a spreadsheet could run is defused)', (cell, expected) => {
    expect(csvCell(cell)).toBe(expected);
  });

  it('leaves numbers and absent cells bare', () => {
    expect(csvCell(42)).toBe('42');
    expect(csvCell(undefined)).toBe('');
  });
});

describe('fail closed: no change without its audit entry', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());
  const auditDir = () => path.join(h.userDataDir, AUDIT_DIR);

  it('refuses a write when the audit folder cannot be written, and changes nothing in the vault', async () => {
    await h.ok('writeSecret', { ...ref, value: 'sk-one' });
    const saved = path.join(h.userDataDir, 'audit-saved');
    await fs.rename(auditDir(), saved);
    await fs.writeFile(auditDir(), 'not a folder'); // every append now fails (ENOTDIR / EEXIST), even as root
    const refused = await h.failure('writeSecret', { ...ref, secretName: 'github_token', value: 'ghp-x' });
    expect(refused).toMatchObject({ code: 'INTERNAL', details: { audit: 'failed', applied: false } });
    expect(refused.message).toMatch(/^Nothing was changed: agentfoundry\/dev\/acme\/shared\/github_token was left as it was/);
    for (const [name, input] of [
      ['removeSecret', { ...ref, mode: { kind: 'force' } }],
      ['saveProfile', { profile: { id: 'x', name: 'X', kind: 'embedded', env: 'dev', readOnly: false } }],
      ['addOrg', { orgId: 'globex' }],
      ['selectProfile', { id: 'embedded' }],
    ] as const) {
      expect(await h.failure(name, input), name).toMatchObject({ code: 'INTERNAL', details: { audit: 'failed', applied: false } });
    }
    // Nothing happened: reads still work and show the old state.
    expect(await h.ok('getSecretStatus', { ...ref, secretName: 'github_token' })).toMatchObject({ state: 'not-configured' });
    expect(await h.ok('getSecretStatus', ref)).toMatchObject({ state: 'configured' });
    expect((await h.ok('listProfiles')).profiles.map((p) => p.id)).toEqual(['embedded']);
    expect((await h.ok('listOrgs')).orgs.map((o) => o.orgId)).toEqual(['acme']);
    const listed = await h.ok('listAudit');
    expect(listed.verification.ok).toBe(false);
    expect(h.logLines.some((l) => l.includes('change refused'))).toBe(true);

    // Repaired: changes are accepted again and the chain is whole.
    await fs.rm(auditDir());
    await fs.rename(saved, auditDir());
    await h.ok('writeSecret', { ...ref, secretName: 'github_token', value: 'ghp-x' });
    expect((await h.ok('listAudit')).verification).toMatchObject({ ok: true, entries: 4 });
  });

  it('refuses when the current audit file has been replaced by a folder', async () => {
    await h.ok('addOrg', { orgId: 'acme' });
    const current = path.join(auditDir(), auditFileName(1));
    await fs.rm(current);
    await fs.mkdir(current);
    expect(await h.failure('writeSecret', { ...ref, value: 'sk-x' })).toMatchObject({ code: 'INTERNAL', details: { audit: 'failed', applied: false, reason: 'EISDIR' } });
    expect(await h.ok('getSecretStatus', ref)).toMatchObject({ state: 'not-configured' });
  });
});
