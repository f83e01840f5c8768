/**
 * Issue 11: exporting the audit log was not itself audited. An export is now recorded like every
 * other export (`audit.export`): the attempt before the file is written (format, file name,
 * filters), the outcome after (with the count) — never an entry's content — and, as for every
 * change, no export when its attempt cannot be recorded.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUDIT_DIR } from '../../../src/main/audit/index';
import type { AuditEntry } from '../../../src/shared/audit';
import { tempDir } from '../../vault/helpers';
import { startHarness, type Harness } from './harness';

describe('audit exports are audited', () => {
  let h: Harness;
  let saveTo: string | null;
  let exportDir: string;
  beforeEach(async () => {
    saveTo = null;
    exportDir = await tempDir('foundry-audit-export-');
    h = await startHarness({ chooseSavePath: async () => saveTo });
  });
  afterEach(() => h.close());

  const exportEntries = async (): Promise<AuditEntry[]> =>
    (await h.ok('listAudit', { limit: 500 })).entries.filter((e) => (e.action as string) === 'audit.export').reverse();

  it('records the attempt before the file is written and the outcome with the count after; names the file, not its folder', async () => {
    await h.ok('addOrg', { orgId: 'acme' });
    await h.ok('addOrg', { orgId: 'globex' });
    saveTo = path.join(exportDir, 'acme-audit.csv');
    const filters = { orgId: 'acme', outcomes: ['success'] };
    const result = await h.ok('exportAudit', { format: 'csv', filters });
    expect(result).toEqual({ saved: true, path: saveTo, count: 1 });

    const recorded = await exportEntries();
    expect(recorded.map((e) => e.outcome)).toEqual(['attempt', 'success']);
    expect(recorded[0]).toMatchObject({ action: 'audit.export', profileId: 'embedded', export: { format: 'csv', fileName: 'acme-audit.csv', filters } });
    expect(recorded[0]?.export).not.toHaveProperty('count');
    expect(recorded[1]).toMatchObject({ attemptSeq: recorded[0]?.seq, export: { format: 'csv', fileName: 'acme-audit.csv', filters, count: 1 } });
    expect(JSON.stringify(recorded)).not.toContain(exportDir);
    expect((await h.ok('listAudit')).verification).toMatchObject({ ok: true });
  });

  it('a JSON export of everything holds its own attempt as its last entry', async () => {
    await h.ok('addOrg', { orgId: 'acme' });
    saveTo = path.join(exportDir, 'all.json');
    const result = await h.ok('exportAudit', { format: 'json' });
    const doc = JSON.parse(await fs.readFile(saveTo, 'utf8')) as { count: number; entries: AuditEntry[] };
    expect(result.count).toBe(3);
    expect(doc.count).toBe(3);
    expect(doc.entries.at(-1)).toMatchObject({ action: 'audit.export', outcome: 'attempt', export: { format: 'json', fileName: 'all.json', filters: {} } });
    expect((await exportEntries()).map((e) => e.outcome)).toEqual(['attempt', 'success']);
  });

  it('a cancelled save dialog exports nothing and records nothing', async () => {
    await h.ok('addOrg', { orgId: 'acme' });
    expect(await h.ok('exportAudit', { format: 'csv' })).toEqual({ saved: false, count: 2 });
    expect(await exportEntries()).toEqual([]);
  });

  it('an export whose attempt cannot be recorded is not made (fail closed)', async () => {
    await h.ok('addOrg', { orgId: 'acme' });
    const auditDir = path.join(h.userDataDir, AUDIT_DIR);
    await fs.rename(auditDir, `${auditDir}-saved`);
    await fs.writeFile(auditDir, 'not a folder'); // every append now fails
    saveTo = path.join(exportDir, 'refused.csv');
    const refused = await h.failure('exportAudit', { format: 'csv' });
    expect(refused).toMatchObject({ code: 'INTERNAL', details: { audit: 'failed', applied: false } });
    await expect(fs.access(saveTo)).rejects.toMatchObject({ code: 'ENOENT' });
    await fs.rm(auditDir);
    await fs.rename(`${auditDir}-saved`, auditDir);
    expect(await exportEntries()).toEqual([]);
  });

  it('an export that cannot be written is recorded as a failure', async () => {
    saveTo = path.join(exportDir, 'missing-folder', 'x.csv');
    expect(await h.failure('exportAudit', { format: 'csv' })).toMatchObject({ code: 'INTERNAL' });
    expect((await exportEntries()).map((e) => `${e.outcome}${e.errorCode ? `:${e.errorCode}` : ''}`)).toEqual(['attempt', 'failure:INTERNAL']);
  });
});
