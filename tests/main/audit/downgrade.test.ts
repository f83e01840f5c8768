/**
 * Issue 11, second review of the keyed audit chain. Two breaks, reproduced the way someone who can
 * write the audit folder (but cannot unwrap the audit key) would do it:
 * - a downgrade: the keyed log rewritten as a log "from before the key" (plain SHA-256, no keyId),
 *   with the key file deleted, verified clean, and the next append sealed the forgery;
 * - a cut tail: head.json was not authenticated, so cutting the last entries and rewriting the head
 *   to name the new last one verified clean.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { AUDIT_KEY_FILE, GENESIS_HASH, HEAD_FILE, auditFileName, hashEntry, openAuditLog, toLine, type AuditLog, type AuditRecord } from '../../../src/main/audit/index';
import { AUDIT_KEY_COPY_FILE, type AuditKeyProtector } from '../../../src/main/audit/audit-key';
import type { UnsealedEntry } from '../../../src/main/audit/entry';
import type { AuditEntry } from '../../../src/shared/audit';
import { tempDir } from '../../vault/helpers';
import { envKey, keyFileFor } from './keys';
import { auditRecord } from './records';

const record = (n: number): AuditRecord => auditRecord(n, n === 3 ? { action: 'secret.remove' } : {});

async function logWith(count: number, keyProtector?: AuditKeyProtector, where?: string): Promise<{ dir: string; entries: AuditEntry[] }> {
  const dir = where ?? path.join(await tempDir('foundry-audit-downgrade-'), 'audit');
  const log = openAuditLog({ dir, keyProtector: keyProtector ?? keyFileFor(dir) });
  const entries: AuditEntry[] = [];
  for (let n = 1; n <= count; n++) entries.push(await log.append(record(n)));
  return { dir, entries };
}

const reopen = (dir: string, keyProtector: AuditKeyProtector = keyFileFor(dir)): AuditLog => openAuditLog({ dir, keyProtector });
const logFile = (dir: string, index = 1) => path.join(dir, auditFileName(index));
const keyCopy = (dir: string) => path.join(path.dirname(dir), AUDIT_KEY_COPY_FILE);
const kinds = async (log: AuditLog) => (await log.scan()).verification.problems.map((p) => p.kind);
const lines = async (dir: string, index = 1) => (await fs.readFile(logFile(dir, index), 'utf8')).split('\n').slice(0, -1);

/** What the reviewer did: keep some entries, re-chain them from the start with plain SHA-256 and no keyId. */
function asLegacy(kept: readonly AuditEntry[]): AuditEntry[] {
  let prevHash = GENESIS_HASH;
  return kept.map((entry, i) => {
    const { hash: _hash, keyId: _keyId, ...rest } = entry;
    const content: UnsealedEntry = { ...rest, seq: i + 1, prevHash };
    const forged = { ...content, hash: hashEntry(content) };
    prevHash = forged.hash;
    return forged;
  });
}

/** A head.json as the app wrote it before heads were sealed (anyone can write one). */
async function writePlainHead(dir: string, last: AuditEntry, file = 1): Promise<void> {
  await fs.writeFile(path.join(dir, HEAD_FILE), JSON.stringify({ seq: last.seq, hash: last.hash, file }));
}

async function downgrade(dir: string, entries: readonly AuditEntry[]): Promise<AuditEntry[]> {
  const forged = asLegacy(entries.filter((e) => e.seq !== 3)); // entry 3 (a secret.remove) disappears
  await fs.writeFile(logFile(dir), forged.map(toLine).join(''));
  await writePlainHead(dir, forged.at(-1) as AuditEntry);
  return forged;
}

describe('a keyed log rewritten as one from before the audit key', () => {
  it('with audit-key.json deleted: does not verify, and the next append neither adopts nor seals it', async () => {
    const { dir, entries } = await logWith(5);
    const forged = await downgrade(dir, entries);
    await fs.rm(path.join(dir, AUDIT_KEY_FILE));

    const log = reopen(dir);
    const { verification } = await log.scan();
    expect(verification).toMatchObject({ ok: false, legacy: 0 });
    expect(verification.problems.map((p) => p.kind)).toEqual(['unkeyed', 'unkeyed', 'unkeyed', 'unkeyed', 'head-mismatch']);

    const next = await log.append(record(6));
    expect(next.prevHash).not.toBe(forged.at(-1)?.hash);
    expect(next.keyId).toBe(entries[0]?.keyId); // the key survived in its copy: no new key was made for the forgery
    const after = (await reopen(dir).scan()).verification;
    expect(after.ok).toBe(false);
    expect(after.problems.map((p) => p.kind)).toEqual(['unkeyed', 'unkeyed', 'unkeyed', 'unkeyed', 'chain-break']);
    expect(after.problems.at(-1)?.message).toContain('new chain');
    // The deleted key file is written again from its copy.
    expect(JSON.parse(await fs.readFile(path.join(dir, AUDIT_KEY_FILE), 'utf8'))).toMatchObject({ keys: [{ id: entries[0]?.keyId }] });
  });

  it('with audit-key.json damaged or replaced by an empty key list: still does not verify', async () => {
    const { dir, entries } = await logWith(5);
    await downgrade(dir, entries);
    await fs.writeFile(path.join(dir, AUDIT_KEY_FILE), '{"format":');
    expect(await kinds(reopen(dir))).toEqual(['key-unavailable', 'unkeyed', 'unkeyed', 'unkeyed', 'unkeyed', 'head-mismatch']);
    await fs.writeFile(path.join(dir, AUDIT_KEY_FILE), JSON.stringify({ format: 'foundry-audit-key', version: 1, keys: [] }));
    expect((await reopen(dir).scan()).verification.ok).toBe(false);
  });

  it('removing the first key\'s record does not reopen the range of entries accepted without a MAC', async () => {
    const dir = path.join(await tempDir('foundry-audit-downgrade-'), 'audit');
    const { entries } = await logWith(2, envKey('first-passphrase-0123456789'), dir);
    const later = await reopen(dir, envKey('second-passphrase-0123456789')).append(record(3)); // a second key, from entry 3
    // Keep only the second key's record (in both copies) and rewrite entries 1-2 without MACs.
    for (const where of [path.join(dir, AUDIT_KEY_FILE), keyCopy(dir)]) {
      const stored = JSON.parse(await fs.readFile(where, 'utf8')) as { keys: { id: string }[] };
      await fs.writeFile(where, JSON.stringify({ ...stored, keys: stored.keys.filter((k) => k.id === later.keyId) }));
    }
    const forged = asLegacy(entries);
    await fs.writeFile(logFile(dir), forged.map(toLine).join(''));
    await writePlainHead(dir, forged.at(-1) as AuditEntry);
    expect(await kinds(reopen(dir, envKey('second-passphrase-0123456789')))).toEqual(['unkeyed', 'unkeyed', 'head-mismatch']);
  });

  it('with only audit-key.json deleted and nothing else touched: everything verifies from the copy', async () => {
    const { dir } = await logWith(3);
    await fs.rm(path.join(dir, AUDIT_KEY_FILE));
    const log = reopen(dir);
    expect((await log.scan()).verification).toMatchObject({ ok: true, entries: 3 });
    await log.append(record(4));
    expect((await reopen(dir).scan()).verification).toMatchObject({ ok: true, entries: 4 });
  });
});

describe('head.json is sealed under the audit key', () => {
  it('a cut tail with head.json rewritten to name the new last entry does not verify, and stays visible after the next append', async () => {
    const { dir, entries } = await logWith(5);
    await fs.writeFile(logFile(dir), (await lines(dir)).slice(0, 3).map((l) => `${l}\n`).join(''));
    await writePlainHead(dir, entries[2] as AuditEntry);
    const log = reopen(dir);
    expect(await kinds(log)).toEqual(['head-mismatch']);

    const next = await log.append(record(6));
    expect(next).toMatchObject({ seq: 4, prevHash: GENESIS_HASH }); // a new chain, in a new file
    expect(await lines(dir, 2)).toHaveLength(1);
    const after = (await reopen(dir).scan()).verification;
    expect(after.problems.map((p) => p.kind)).toEqual(['chain-break']);
    expect(after.problems[0]?.message).toContain('new chain');
  });

  it('a head that names the real key with a made-up MAC, or a made-up key, does not verify', async () => {
    const { dir, entries } = await logWith(3);
    const head = JSON.parse(await fs.readFile(path.join(dir, HEAD_FILE), 'utf8')) as Record<string, unknown>;
    expect(head).toMatchObject({ seq: 3, keyId: entries[2]?.keyId, mac: expect.stringMatching(/^[0-9a-f]{64}$/) });
    await fs.writeFile(logFile(dir), (await lines(dir)).slice(0, 2).map((l) => `${l}\n`).join(''));
    const second = entries[1] as AuditEntry;
    await fs.writeFile(path.join(dir, HEAD_FILE), JSON.stringify({ ...head, seq: 2, hash: second.hash }));
    expect(await kinds(reopen(dir))).toEqual(['head-mismatch']);
    await fs.writeFile(path.join(dir, HEAD_FILE), JSON.stringify({ ...head, seq: 2, hash: second.hash, keyId: 'f'.repeat(16) }));
    expect(await kinds(reopen(dir))).toEqual(['head-mismatch']);
  });

  it('a cut tail with head.json deleted is not adopted: the next append starts a reported new chain', async () => {
    const { dir } = await logWith(5);
    await fs.writeFile(logFile(dir), (await lines(dir)).slice(0, 3).map((l) => `${l}\n`).join(''));
    await fs.rm(path.join(dir, HEAD_FILE));
    const log = reopen(dir);
    expect(await kinds(log)).toEqual(['head-missing']);
    expect(await log.append(record(6))).toMatchObject({ seq: 4, prevHash: GENESIS_HASH });
    expect(await kinds(reopen(dir))).toEqual(['chain-break']);
  });

  it('crash safety is kept: the first group of a new log, written before its head, is adopted', async () => {
    const dir = path.join(await tempDir('foundry-audit-downgrade-'), 'audit');
    // The first file cannot be opened: only the head written before it (entry 0) is on disk.
    const realOpen = fs.open.bind(fs);
    const opens = vi.spyOn(fs, 'open').mockImplementation(async (file, ...rest) => {
      if (String(file).endsWith('.jsonl')) throw Object.assign(new Error('injected'), { code: 'EIO' });
      return realOpen(file, ...rest);
    });
    try {
      await expect(reopen(dir).append(record(1))).rejects.toMatchObject({ name: 'AuditWriteError', reason: 'EIO' });
    } finally {
      opens.mockRestore();
    }
    const headBefore = await fs.readFile(path.join(dir, HEAD_FILE), 'utf8');
    expect(JSON.parse(headBefore)).toMatchObject({ seq: 0, hash: GENESIS_HASH });
    const log = reopen(dir);
    await Promise.all([1, 2, 3].map((n) => log.append(record(n))));
    await fs.writeFile(path.join(dir, HEAD_FILE), headBefore); // as if the process died between the lines and the head
    expect((await reopen(dir).scan()).verification).toMatchObject({ ok: true, entries: 3 });
    expect(await reopen(dir).append(record(4))).toMatchObject({ seq: 4 });
    expect(await lines(dir)).toHaveLength(4); // adopted: same file, same chain
    expect((await reopen(dir).scan()).verification).toMatchObject({ ok: true, entries: 4 });
  });
});

describe('what stays undetectable (as the README says)', () => {
  it('the whole folder rolled back to an earlier copy of its log and head together', async () => {
    const { dir } = await logWith(3);
    const head3 = await fs.readFile(path.join(dir, HEAD_FILE), 'utf8');
    const log = reopen(dir);
    await log.append(record(4));
    await log.append(record(5));
    await fs.writeFile(logFile(dir), (await lines(dir)).slice(0, 3).map((l) => `${l}\n`).join(''));
    await fs.writeFile(path.join(dir, HEAD_FILE), head3);
    expect((await reopen(dir).scan()).verification.ok).toBe(true);
  });

  it('the log, its head, its key file and the copy all replaced by a log from before the key', async () => {
    const { dir, entries } = await logWith(5);
    await downgrade(dir, entries);
    await fs.rm(path.join(dir, AUDIT_KEY_FILE));
    await fs.rm(keyCopy(dir));
    expect((await reopen(dir).scan()).verification).toMatchObject({ ok: true, legacy: 4 });
  });
});
