import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { GENESIS_HASH, HEAD_FILE, auditFileName, hashEntry, openAuditLog as openLog, type AuditLog, type AuditLogOptions, type AuditRecord } from '../../../src/main/audit/index';
import { MAX_GROUP_ENTRIES } from '../../../src/main/audit/verify';
import { auditEntrySchema, type AuditEntry } from '../../../src/shared/audit';
import { tempDir } from '../../vault/helpers';
import { keyFileFor } from './keys';
import { auditRecord } from './records';

/** The log as the app opens it outside Electron: its key wrapped by the vault.key file beside it. */
const openAuditLog = (options: Omit<AuditLogOptions, 'keyProtector'>): AuditLog => openLog({ keyProtector: keyFileFor(options.dir), ...options });

const record = (n: number, extra: Partial<AuditRecord> = {}): AuditRecord =>
  auditRecord(n, { actor: { osUser: 'ana', callerArn: 'arn:aws:iam::123456789012:user/ana', callerAccount: '123456789012' }, ...extra });

async function logWith(count: number, options: { maxFileBytes?: number } = {}): Promise<{ dir: string; log: AuditLog; entries: AuditEntry[] }> {
  const dir = path.join(await tempDir('foundry-audit-'), 'audit');
  const log = openAuditLog({ dir, ...options });
  const entries: AuditEntry[] = [];
  for (let n = 1; n <= count; n++) entries.push(await log.append(record(n)));
  return { dir, log, entries };
}

const file = (dir: string, index = 1) => path.join(dir, auditFileName(index));
async function lines(dir: string, index = 1): Promise<string[]> {
  return (await fs.readFile(file(dir, index), 'utf8')).split('\n').slice(0, -1);
}
async function writeLines(dir: string, content: string[], index = 1): Promise<void> {
  await fs.writeFile(file(dir, index), content.map((l) => `${l}\n`).join(''));
}
async function problems(log: AuditLog): Promise<string[]> {
  const { verification } = await log.scan();
  return verification.problems.map((p) => `${p.kind}@${p.line}`);
}

describe('audit log: append and chain', () => {
  it('appends entries numbered from 1, each sealing the one before, and verifies them', async () => {
    const { dir, log, entries } = await logWith(3);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(entries[0]?.prevHash).toBe(GENESIS_HASH);
    expect(entries[1]?.prevHash).toBe(entries[0]?.hash);
    for (const entry of entries) {
      const { hash, ...content } = entry;
      // A MAC under the audit key, not the plain SHA-256 anyone can compute.
      expect(entry.keyId).toMatch(/^[0-9a-f]{16}$/);
      expect(hash).not.toBe(hashEntry(content));
      expect(auditEntrySchema.parse(entry)).toEqual(entry);
    }
    const scan = await log.scan();
    expect(scan.entries).toEqual(entries);
    expect(scan.verification).toMatchObject({ ok: true, entries: 3, files: 1, lastSeq: 3, problemCount: 0, torn: 0 });
    // The head names the last entry, sealed under the audit key (see downgrade.test.ts).
    expect(JSON.parse(await fs.readFile(path.join(dir, HEAD_FILE), 'utf8'))).toEqual({ seq: 3, hash: entries[2]?.hash, file: 1, keyId: entries[2]?.keyId, mac: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // Owner-only files.
    expect((await fs.stat(file(dir))).mode & 0o777).toBe(0o600);
    expect((await fs.stat(dir)).mode & 0o777).toBe(0o700);
  });

  it.skipIf(process.platform === 'win32')('makes an existing audit folder owner-only on its first append', async () => {
    const dir = path.join(await tempDir('foundry-audit-'), 'audit');
    await fs.mkdir(dir, { mode: 0o755 });
    await fs.chmod(dir, 0o755);
    await openAuditLog({ dir }).append(record(1));
    expect((await fs.stat(dir)).mode & 0o777).toBe(0o700);
  });

  it('refuses to write an entry the reader would refuse', async () => {
    const { log } = await logWith(0);
    await expect(log.append({ ...record(1), secretId: 'not-an-id' })).rejects.toMatchObject({ name: 'AuditWriteError' });
    await expect(log.append({ ...record(1), actor: { osUser: 'a\u0007b' } })).rejects.toMatchObject({ name: 'AuditWriteError' });
    expect((await log.scan()).verification).toMatchObject({ ok: true, entries: 0 });
  });

  it('an empty or absent log verifies', async () => {
    const { log } = await logWith(0);
    expect((await log.scan()).verification).toMatchObject({ ok: true, entries: 0, files: 0, lastSeq: 0 });
  });

  it('goes on after a reopen', async () => {
    const { dir, entries } = await logWith(2);
    const again = openAuditLog({ dir });
    const third = await again.append(record(3));
    expect(third).toMatchObject({ seq: 3, prevHash: entries[1]?.hash });
    expect((await again.scan()).verification.ok).toBe(true);
  });
});

describe('audit log: verify detects tampering', () => {
  it('an edited line (hash left as it was) → hash-mismatch on that line', async () => {
    const { dir, log } = await logWith(4);
    const content = await lines(dir);
    content[1] = (content[1] ?? '').replace('key_2', 'key_9');
    await writeLines(dir, content);
    expect(await problems(log)).toEqual(['hash-mismatch@2']);
  });

  it('an edited line with its hash recomputed (without the key) → its MAC fails, and the next entry no longer seals it', async () => {
    const { dir, log } = await logWith(4);
    const content = await lines(dir);
    const entry = JSON.parse(content[1] ?? '') as AuditEntry;
    const { hash: _old, ...rest } = { ...entry, outcome: 'failure' as const };
    content[1] = JSON.stringify({ ...rest, hash: hashEntry(rest) });
    await writeLines(dir, content);
    expect(await problems(log)).toEqual(['hash-mismatch@2', 'chain-break@3']);
  });

  it('a deleted line in the middle → a gap in the sequence', async () => {
    const { dir, log } = await logWith(4);
    const content = await lines(dir);
    content.splice(1, 1);
    await writeLines(dir, content);
    expect(await problems(log)).toEqual(['sequence@2']);
  });

  it('a deleted last line → truncated (the head names a later entry)', async () => {
    const { dir, log } = await logWith(4);
    await writeLines(dir, (await lines(dir)).slice(0, 3));
    expect(await problems(log)).toEqual(['truncated@0']);
  });

  it('two swapped lines → out of sequence', async () => {
    const { dir, log } = await logWith(4);
    const content = await lines(dir);
    [content[1], content[2]] = [content[2] ?? '', content[1] ?? ''];
    await writeLines(dir, content);
    const found = await problems(log);
    expect(found[0]).toBe('sequence@2');
    expect(found.every((p) => p.startsWith('sequence'))).toBe(true);
  });

  it('a file cut in the middle of a line → truncated (the cut line is torn)', async () => {
    const { dir, log } = await logWith(4);
    const text = await fs.readFile(file(dir), 'utf8');
    await fs.writeFile(file(dir), text.slice(0, text.length - 40));
    const { verification } = await log.scan();
    expect(verification.problems.map((p) => p.kind)).toEqual(['truncated']);
    expect(verification).toMatchObject({ ok: false, torn: 1, lastSeq: 3 });
  });

  it('a removed first line → the log does not start at entry 1', async () => {
    const { dir, log } = await logWith(3);
    await writeLines(dir, (await lines(dir)).slice(1));
    expect(await problems(log)).toEqual(['bad-start@1']);
  });

  it('a line that is not an entry, or has an extra field → unparsable (not quoted back)', async () => {
    const { dir, log } = await logWith(3);
    const content = await lines(dir);
    content[0] = 'garbage CANARY';
    content[2] = JSON.stringify({ ...(JSON.parse(content[2] ?? '') as object), valueLength: 12 });
    await writeLines(dir, content);
    const { verification } = await log.scan();
    expect(verification.problems.map((p) => `${p.kind}@${p.line}`)).toEqual(['unparsable@1', 'unparsable@3', 'truncated@0']);
    expect(JSON.stringify(verification)).not.toContain('CANARY');
  });

  it('a deleted or damaged head → reported', async () => {
    const { dir, log } = await logWith(2);
    await fs.writeFile(path.join(dir, HEAD_FILE), '{"seq":');
    expect(await problems(log)).toEqual(['head-unreadable@0']);
    await fs.rm(path.join(dir, HEAD_FILE));
    expect(await problems(log)).toEqual(['head-missing@0']);
  });
});

describe('audit log: rotation', () => {
  it('starts a new file at the size limit; the first entry of each file seals the last of the previous one', async () => {
    const { dir, log, entries } = await logWith(7, { maxFileBytes: 1200 });
    const names = (await fs.readdir(dir)).filter((n) => n.endsWith('.jsonl')).sort();
    expect(names.length).toBeGreaterThanOrEqual(3);
    for (const name of names) expect((await fs.stat(path.join(dir, name))).size).toBeLessThanOrEqual(1200);
    const first2 = JSON.parse((await lines(dir, 2))[0] ?? '') as AuditEntry;
    const last1 = JSON.parse((await lines(dir, 1)).at(-1) ?? '') as AuditEntry;
    expect(first2.prevHash).toBe(last1.hash);
    expect(first2.seq).toBe(last1.seq + 1);
    const { verification } = await log.scan();
    expect(verification).toMatchObject({ ok: true, entries: 7, files: names.length, lastSeq: 7 });
    expect(verification.lastSeq).toBe(entries.at(-1)?.seq);
  });

  it('a removed middle file → a file gap and a sequence gap; a removed last file → truncated', async () => {
    const { dir, log } = await logWith(7, { maxFileBytes: 1200 });
    const saved = await fs.readFile(file(dir, 2), 'utf8');
    await fs.rm(file(dir, 2));
    expect((await problems(log)).slice(0, 2)).toEqual(['file-gap@0', 'sequence@1']);
    await fs.writeFile(file(dir, 2), saved);
    const files = (await fs.readdir(dir)).filter((n) => n.endsWith('.jsonl')).sort();
    await fs.rm(path.join(dir, files.at(-1) ?? ''));
    expect(await problems(log)).toEqual(['truncated@0']);
  });
});

describe('audit log: recovery', () => {
  it('a torn last line (an interrupted append) is left alone; the log goes on in a new file and verifies', async () => {
    const { dir } = await logWith(2);
    await fs.appendFile(file(dir), '{"seq":3,"time":"2026-');
    const log = openAuditLog({ dir });
    const third = await log.append(record(3));
    expect(third.seq).toBe(3);
    expect(await lines(dir, 2)).toHaveLength(1);
    expect((await log.scan()).verification).toMatchObject({ ok: true, entries: 3, torn: 1, files: 2 });
  });

  it('adopts an entry whose head update was interrupted', async () => {
    const { dir, log } = await logWith(2);
    const headBefore = await fs.readFile(path.join(dir, HEAD_FILE), 'utf8');
    await log.append(record(3));
    await fs.writeFile(path.join(dir, HEAD_FILE), headBefore); // as if the process died between line and head
    expect((await log.scan()).verification.ok).toBe(true); // one past the head is an interrupted update
    const again = openAuditLog({ dir });
    expect(await again.append(record(4))).toMatchObject({ seq: 4 });
    expect((await again.scan()).verification).toMatchObject({ ok: true, entries: 4 });
  });

  it('after a cut-off end, new entries follow the last acknowledged one, so the cut stays visible', async () => {
    const { dir } = await logWith(4);
    await writeLines(dir, (await lines(dir)).slice(0, 2));
    const log = openAuditLog({ dir });
    expect(await log.append(record(5))).toMatchObject({ seq: 5 });
    const found = await problems(log);
    expect(found).toEqual(['sequence@1']);
    expect((await log.scan()).verification.lastSeq).toBe(5);
  });

  it('an append that fails is not acknowledged, and the next one recovers from the disk', async () => {
    const { dir, log } = await logWith(2);
    await fs.rm(file(dir));
    await fs.mkdir(file(dir)); // the current file is now a directory: appends fail
    await expect(log.append(record(3))).rejects.toMatchObject({ name: 'AuditWriteError', reason: 'EISDIR' });
    await expect(log.append(record(3))).rejects.toMatchObject({ name: 'AuditWriteError' });
    await fs.rmdir(file(dir));
    const next = await log.append(record(3));
    expect(next.seq).toBe(3); // continues after the head: the removed entries stay missing
    expect(await problems(log)).toEqual(['file-gap@0', 'bad-start@1']);
  });
});

describe('audit log: group commit', () => {
  it('appends made together share one write and one head update, and keep call order, numbering and chain', async () => {
    const { dir, log, entries } = await logWith(1);
    const opens = vi.spyOn(fs, 'open');
    try {
      const appended = await Promise.all(Array.from({ length: 20 }, (_, n) => log.append(record(n + 2))));
      expect(appended.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, n) => n + 2));
      expect(appended.map((e) => e.secretId)).toEqual(Array.from({ length: 20 }, (_, n) => `agentfoundry/dev/acme/shared/key_${n + 2}`));
      expect(appended[0]?.prevHash).toBe(entries[0]?.hash);
      const logFileOpens = opens.mock.calls.filter(([name]) => String(name).endsWith('.jsonl'));
      expect(logFileOpens.length).toBeGreaterThanOrEqual(1);
      expect(logFileOpens.length).toBeLessThanOrEqual(2); // one group (two if the first append was alone)
    } finally {
      opens.mockRestore();
    }
    expect((await log.scan()).verification).toMatchObject({ ok: true, entries: 21, lastSeq: 21 });
    expect(JSON.parse(await fs.readFile(path.join(dir, HEAD_FILE), 'utf8'))).toMatchObject({ seq: 21 });
  });

  it('refuses an entry the reader would refuse alone: the rest of its group is written, without a gap', async () => {
    const { log } = await logWith(0);
    const results = await Promise.allSettled([log.append(record(1)), log.append({ ...record(2), secretId: 'not-an-id' }), log.append(record(3))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(results[1]).toMatchObject({ reason: { name: 'AuditWriteError' } });
    expect(results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.seq] : []))).toEqual([1, 2]);
    expect((await log.scan()).verification).toMatchObject({ ok: true, entries: 2 });
  });

  it('a group ends where the file rotates; the rest starts the next file', async () => {
    const { dir, log } = await logWith(0, { maxFileBytes: 1200 });
    const appended = await Promise.all(Array.from({ length: 9 }, (_, n) => log.append(record(n + 1))));
    expect(appended.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const names = (await fs.readdir(dir)).filter((n) => n.endsWith('.jsonl')).sort();
    expect(names.length).toBeGreaterThanOrEqual(3);
    for (const name of names) expect((await fs.stat(path.join(dir, name))).size).toBeLessThanOrEqual(1200);
    expect((await log.scan()).verification).toMatchObject({ ok: true, entries: 9, files: names.length });
  });

  it('a group whose head update was interrupted is adopted on reopen, and verifies', async () => {
    const { dir, log } = await logWith(2);
    const headBefore = await fs.readFile(path.join(dir, HEAD_FILE), 'utf8');
    await Promise.all([3, 4, 5, 6, 7].map((n) => log.append(record(n))));
    await fs.writeFile(path.join(dir, HEAD_FILE), headBefore); // as if the process died between the lines and the head
    expect((await log.scan()).verification).toMatchObject({ ok: true, entries: 7 });
    const again = openAuditLog({ dir });
    expect(await again.append(record(8))).toMatchObject({ seq: 8 });
    expect(await lines(dir)).toHaveLength(8); // adopted: it goes on in the same file
    expect((await again.scan()).verification).toMatchObject({ ok: true, entries: 8 });
  });

  it('more entries past the head than one group can leave → head-mismatch; on reopen the log goes on after the head, in a new file', async () => {
    const { dir, log } = await logWith(1);
    const headBefore = await fs.readFile(path.join(dir, HEAD_FILE), 'utf8');
    for (let n = 2; n <= MAX_GROUP_ENTRIES + 2; n++) await log.append(record(n));
    await fs.writeFile(path.join(dir, HEAD_FILE), headBefore);
    expect(await problems(log)).toEqual(['head-mismatch@0']);
    const again = openAuditLog({ dir });
    expect(await again.append(record(99))).toMatchObject({ seq: 2 });
    expect(await lines(dir, 2)).toHaveLength(1);
  });

  it('entries past a head that is not the app\'s are not adopted: a new chain starts, in a new file', async () => {
    const { dir, log, entries } = await logWith(3);
    await fs.writeFile(path.join(dir, HEAD_FILE), JSON.stringify({ seq: 1, hash: entries[1]?.hash, file: 1 })); // names entry 1 with entry 2's hash
    expect(await problems(log)).toContain('head-mismatch@0');
    const again = openAuditLog({ dir });
    expect(await again.append(record(4))).toMatchObject({ seq: 4, prevHash: GENESIS_HASH });
    expect(await lines(dir, 2)).toHaveLength(1);
    expect(await problems(again)).toEqual(['chain-break@1']);
  });

  it('a group that cannot be written refuses every append in it; the next recovers from the disk', async () => {
    const { dir, log } = await logWith(2);
    await fs.rm(file(dir));
    await fs.mkdir(file(dir));
    const results = await Promise.allSettled([3, 4, 5].map((n) => log.append(record(n))));
    expect(results.every((r) => r.status === 'rejected' && (r.reason as Error).name === 'AuditWriteError')).toBe(true);
    await fs.rmdir(file(dir));
    expect(await log.append(record(3))).toMatchObject({ seq: 3 });
  });

  it('a scan queued after appends sees all of them', async () => {
    const { log } = await logWith(0);
    const appends = [1, 2, 3].map((n) => log.append(record(n)));
    const scan = log.scan();
    await Promise.all(appends);
    expect((await scan).verification).toMatchObject({ ok: true, entries: 3 });
  });
});
