/**
 * Issue 11: `listAudit` re-read and re-hashed the whole log on every call. The verified log is now
 * kept in memory: the log's own appends go straight in, and a file is read again only when its
 * stat (inode, size, mtime, ctime) says it changed on disk — then it is verified again.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HEAD_FILE, auditFileName, hashEntry, openAuditLog, toLine, type AuditLog, type AuditRecord } from '../../../src/main/audit/index';
import type { AuditEntry } from '../../../src/shared/audit';
import { tempDir } from '../../vault/helpers';
import { keyFileFor } from './keys';
import { auditRecord } from './records';

const record = (n: number): AuditRecord => auditRecord(n);

async function logWith(count: number, maxFileBytes?: number): Promise<{ dir: string; log: AuditLog }> {
  const dir = path.join(await tempDir('foundry-audit-incremental-'), 'audit');
  const log = openAuditLog({ dir, keyProtector: keyFileFor(dir), ...(maxFileBytes !== undefined && { maxFileBytes }) });
  for (let n = 1; n <= count; n++) await log.append(record(n));
  return { dir, log };
}

/** What a log opened afresh finds: the reference every cached answer must equal. */
async function fresh(dir: string) {
  const { entries, verification } = await openAuditLog({ dir, keyProtector: keyFileFor(dir) }).scan();
  return { entries, verification: { ...verification, checkedAt: '' } };
}
async function cached(log: AuditLog) {
  const { entries, verification } = await log.scan();
  return { entries, verification: { ...verification, checkedAt: '' } };
}

const logReads = (spy: { mock: { calls: unknown[][] } }) => spy.mock.calls.filter(([name]) => String(name).endsWith('.jsonl')).length;

describe('audit scans are incremental', () => {
  afterEach(() => vi.restoreAllMocks());

  it('after the first scan, nothing unchanged is read again, and the log\'s own appends are taken in without a read', async () => {
    const { dir, log } = await logWith(30, 4000);
    await log.scan();
    const reads = vi.spyOn(fs, 'readFile');
    const again = await log.scan();
    await Promise.all([31, 32, 33].map((n) => log.append(record(n))));
    await log.append(record(34));
    const after = await cached(log);
    expect(logReads(reads)).toBe(0);
    expect(again.verification).toMatchObject({ ok: true, entries: 30 });
    expect(after.verification).toMatchObject({ ok: true, entries: 34, lastSeq: 34 });
    reads.mockRestore();
    expect(after).toEqual(await fresh(dir));
  });

  it('a line edited on disk (same size, mtime set back) is read and verified again', async () => {
    const { dir, log } = await logWith(5);
    await log.scan();
    const file = path.join(dir, auditFileName(1));
    const before = await fs.stat(file);
    const text = await fs.readFile(file, 'utf8');
    await fs.writeFile(file, text.replace('key_3', 'key_8'));
    await fs.utimes(file, before.atime, before.mtime);
    expect((await fs.stat(file)).size).toBe(before.size);
    expect((await log.scan()).verification.problems.map((p) => `${p.kind}@${p.line}`)).toEqual(['hash-mismatch@3']);
  });

  it('a line appended by someone else, a replaced file and a removed one are all seen', async () => {
    const { dir, log } = await logWith(12, 1500);
    const first = await log.scan();
    expect(first.verification.files).toBeGreaterThanOrEqual(3);
    const last = first.entries.at(-1) as AuditEntry;
    const lastFile = path.join(dir, auditFileName(first.verification.files));

    // Appended from outside (not through this log): verified, and refused (no MAC where the log is keyed).
    const content = { ...record(13), seq: 13, time: last.time, prevHash: last.hash };
    await fs.appendFile(lastFile, toLine({ ...content, hash: hashEntry(content) }));
    expect((await log.scan()).verification.problems.map((p) => p.kind)).toEqual(['unkeyed']);

    // Replaced by a copy (a new inode) of the original first file with an entry removed.
    const firstFile = path.join(dir, auditFileName(1));
    const lines = (await fs.readFile(firstFile, 'utf8')).split('\n');
    lines.splice(1, 1);
    await fs.writeFile(`${firstFile}.new`, lines.join('\n'));
    await fs.rename(`${firstFile}.new`, firstFile);
    expect((await log.scan()).verification.problems.map((p) => p.kind)).toContain('sequence');

    // A removed middle file.
    await fs.rm(path.join(dir, auditFileName(2)));
    expect((await log.scan()).verification.problems.map((p) => p.kind)).toContain('file-gap');
    expect(await cached(log)).toEqual(await fresh(dir));
  });

  it('a damaged and then restored head is re-read on every scan', async () => {
    const { dir, log } = await logWith(3);
    await log.scan();
    const head = await fs.readFile(path.join(dir, HEAD_FILE), 'utf8');
    await fs.writeFile(path.join(dir, HEAD_FILE), '{');
    expect((await log.scan()).verification.problems.map((p) => p.kind)).toEqual(['head-unreadable']);
    await fs.writeFile(path.join(dir, HEAD_FILE), head);
    expect((await log.scan()).verification.ok).toBe(true);
  });

  it('any mix of appends (rotating files), outside edits and scans answers what a fresh scan answers', async () => {
    const { dir, log } = await logWith(0, 1200);
    let n = 0;
    for (let round = 0; round < 12; round++) {
      const burst = 1 + (round % 4);
      await Promise.all(Array.from({ length: burst }, () => log.append(record((n += 1)))));
      if (round % 3 === 2) {
        // Touch a file from outside without changing it: re-read, same answer.
        const target = path.join(dir, auditFileName(1));
        await fs.appendFile(target, '');
        await fs.chmod(target, 0o600);
      }
      expect(await cached(log)).toEqual(await fresh(dir));
    }
    expect((await log.scan()).verification).toMatchObject({ ok: true, entries: n });
  });
});
