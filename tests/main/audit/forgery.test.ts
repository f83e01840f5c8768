/**
 * Issue 11: one forged audit entry passed verification (the chain was a plain SHA-256 anyone can
 * compute) and the next append adopted it. The chain is now a MAC chain under an audit key that the
 * key protector wraps; these tests forge entries the way someone without the key can.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_KEY_FILE, GENESIS_HASH, HEAD_FILE, auditFileName, hashEntry, openAuditLog, toLine, type AuditLog } from '../../../src/main/audit/index';
import { AUDIT_KEY_COPY_FILE, type AuditKeyProtector } from '../../../src/main/audit/audit-key';
import type { UnsealedEntry } from '../../../src/main/audit/entry';
import type { AuditEntry } from '../../../src/shared/audit';
import { tempDir } from '../../vault/helpers';
import { envKey, keyFileFor } from './keys';
import { auditRecord } from './records';

const record = auditRecord;

async function newDir(): Promise<string> {
  return path.join(await tempDir('foundry-audit-forgery-'), 'audit');
}

async function logWith(count: number, keyProtector?: AuditKeyProtector, dir?: string): Promise<{ dir: string; log: AuditLog; entries: AuditEntry[] }> {
  const where = dir ?? (await newDir());
  const log = openAuditLog({ dir: where, keyProtector: keyProtector ?? keyFileFor(where) });
  const entries: AuditEntry[] = [];
  for (let n = 1; n <= count; n++) entries.push(await log.append(record(n)));
  return { dir: where, log, entries };
}

const reopen = (dir: string, keyProtector: AuditKeyProtector = keyFileFor(dir)) => openAuditLog({ dir, keyProtector });
/** The second copy of the key records, beside the audit folder. */
const keyCopy = (dir: string) => path.join(path.dirname(dir), AUDIT_KEY_COPY_FILE);
const file = (dir: string, index = 1) => path.join(dir, auditFileName(index));

/** What someone who can write the folder, but has no audit key, can make: a correctly chained entry with a SHA-256 hash. */
function forgeAfter(previous: AuditEntry, extra: Partial<UnsealedEntry> = {}): AuditEntry {
  const content: UnsealedEntry = {
    ...record(99),
    action: 'secret.remove',
    seq: previous.seq + 1,
    time: new Date(Date.parse(previous.time) + 1000).toISOString(),
    prevHash: previous.hash,
    ...extra,
  };
  return { ...content, hash: hashEntry(content) };
}

async function kinds(log: AuditLog): Promise<string[]> {
  return (await log.scan()).verification.problems.map((p) => `${p.kind}@${p.line}`);
}

describe('audit chain: a forged entry fails verification and is never adopted', () => {
  it('an entry appended with the plain SHA-256 chain, head.json untouched, fails verification', async () => {
    const { dir, log, entries } = await logWith(3);
    const last = entries[2] as AuditEntry;
    await fs.appendFile(file(dir), toLine(forgeAfter(last)));

    const { verification } = await log.scan();
    expect(verification.ok).toBe(false);
    expect(verification.problems.map((p) => `${p.kind}@${p.line}`)).toEqual(['unkeyed@4']);

    // The next append (recovering from the disk) goes on after the last genuine entry, not the forged one.
    const again = reopen(dir);
    const next = await again.append(record(4));
    expect(next).toMatchObject({ seq: 4, prevHash: last.hash });
    expect((await again.scan()).verification.ok).toBe(false); // the forgery stays visible
  });

  it('an entry that names the real key id, with a hash made without the key, fails as a MAC mismatch and is not adopted', async () => {
    const { dir, entries } = await logWith(3);
    const last = entries[2] as AuditEntry;
    expect(last.keyId).toMatch(/^[0-9a-f]{16}$/);
    const forged = forgeAfter(last, { keyId: last.keyId });
    await fs.appendFile(file(dir), toLine(forged));
    const again = reopen(dir);
    expect(await kinds(again)).toEqual(['hash-mismatch@4']);
    expect(await again.append(record(4))).toMatchObject({ seq: 4, prevHash: last.hash });
  });

  it('a forged entry with head.json rewritten to name it is not adopted either', async () => {
    const { dir, entries } = await logWith(3);
    const last = entries[2] as AuditEntry;
    const forged = forgeAfter(last, { keyId: last.keyId });
    await fs.appendFile(file(dir), toLine(forged));
    await fs.writeFile(path.join(dir, HEAD_FILE), JSON.stringify({ seq: forged.seq, hash: forged.hash, file: 1 }));
    const again = reopen(dir);
    expect(await kinds(again)).toEqual(['hash-mismatch@4', 'head-mismatch@0']);
    // The head is not the app's, so no end can be trusted: a new chain, reported for good (downgrade.test.ts).
    const next = await again.append(record(4));
    expect(next).toMatchObject({ seq: 5, prevHash: GENESIS_HASH });
    expect(await kinds(reopen(dir))).toEqual(['hash-mismatch@4', 'chain-break@1']);
  });

  it('a forged entry under a made-up key id, with its head, or with the head deleted, is not adopted', async () => {
    const { dir, entries } = await logWith(3);
    const last = entries[2] as AuditEntry;
    const forged = forgeAfter(last, { keyId: 'f'.repeat(16) });
    await fs.appendFile(file(dir), toLine(forged));
    await fs.writeFile(path.join(dir, HEAD_FILE), JSON.stringify({ seq: forged.seq, hash: forged.hash, file: 1 }));
    expect(await kinds(reopen(dir))).toEqual(['key-unavailable@4', 'head-mismatch@0']);
    expect(await reopen(dir).append(record(4))).toMatchObject({ seq: 5, prevHash: GENESIS_HASH });
    expect(await kinds(reopen(dir))).toEqual(['key-unavailable@4', 'chain-break@1']);

    const { dir: other, entries: otherEntries } = await logWith(2);
    await fs.appendFile(file(other), toLine(forgeAfter(otherEntries[1] as AuditEntry)));
    await fs.rm(path.join(other, HEAD_FILE));
    expect(await reopen(other).append(record(3))).toMatchObject({ seq: 4, prevHash: GENESIS_HASH });
    expect(await kinds(reopen(other))).toEqual(['unkeyed@3', 'chain-break@1']);
  });

  it('a forged entry in a new file, alone or with a head naming it, is not adopted', async () => {
    const { dir, entries } = await logWith(2);
    const last = entries[1] as AuditEntry;
    const forged = forgeAfter(last, { keyId: last.keyId });
    await fs.writeFile(file(dir, 2), toLine(forged));
    await fs.writeFile(path.join(dir, HEAD_FILE), JSON.stringify({ seq: forged.seq, hash: forged.hash, file: 2 }));
    const again = reopen(dir);
    const next = await again.append(record(3));
    expect(next).toMatchObject({ seq: 4, prevHash: GENESIS_HASH });
    expect(await kinds(again)).toEqual(['hash-mismatch@1', 'chain-break@1']);
  });

  it('a whole log forged from the start with another key does not verify', async () => {
    const { dir } = await logWith(2);
    // Someone writes their own log with their own key file, then puts the real key file back.
    const realKeys = await fs.readFile(path.join(dir, AUDIT_KEY_FILE));
    const other = await newDir();
    const { dir: forgedDir } = await logWith(3, keyFileFor(other), other);
    for (const name of [auditFileName(1), HEAD_FILE]) await fs.copyFile(path.join(forgedDir, name), path.join(dir, name));
    await fs.writeFile(path.join(dir, AUDIT_KEY_FILE), realKeys);
    const found = await kinds(reopen(dir));
    // Its head is sealed under the other key too, which the real key file does not hold.
    expect(found).toEqual(['key-unavailable@1', 'head-mismatch@0']);
  });
});

describe('audit chain: what counts is the content', () => {
  it('a genuine line rewritten with other spacing and key order still verifies; one with an extra field does not', async () => {
    const { dir } = await logWith(3);
    const lines = (await fs.readFile(file(dir), 'utf8')).split('\n').slice(0, -1);
    const second = JSON.parse(lines[1] as string) as Record<string, unknown>;
    lines[1] = JSON.stringify(Object.fromEntries(Object.entries(second).reverse()), null, 0).replace(/,/g, ', ');
    await fs.writeFile(file(dir), lines.map((l) => `${l}\n`).join(''));
    expect((await reopen(dir).scan()).verification).toMatchObject({ ok: true, entries: 3 });
    lines[2] = JSON.stringify({ ...(JSON.parse(lines[2] as string) as object), valueLength: 12 });
    await fs.writeFile(file(dir), lines.map((l) => `${l}\n`).join(''));
    expect(await kinds(reopen(dir))).toEqual(['unparsable@3', 'truncated@0']);
  });
});

describe('audit chain: a log from before the chain was keyed', () => {
  /** Entries as the app wrote them before: no keyId, `hash` the plain SHA-256. */
  async function legacyLog(count: number): Promise<{ dir: string; entries: AuditEntry[] }> {
    const dir = await newDir();
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    const entries: AuditEntry[] = [];
    let prevHash = GENESIS_HASH;
    for (let seq = 1; seq <= count; seq++) {
      const content: UnsealedEntry = { ...record(seq), seq, time: `2026-01-0${seq}T00:00:00.000Z`, prevHash };
      const entry = { ...content, hash: hashEntry(content) };
      entries.push(entry);
      prevHash = entry.hash;
    }
    await fs.writeFile(file(dir), entries.map(toLine).join(''), { mode: 0o600 });
    const last = entries.at(-1) as AuditEntry;
    await fs.writeFile(path.join(dir, HEAD_FILE), `${JSON.stringify({ seq: last.seq, hash: last.hash, file: 1 })}\n`);
    return { dir, entries };
  }

  it('still opens and verifies, with its entries marked as legacy; the next append is keyed and seals them', async () => {
    const { dir, entries } = await legacyLog(3);
    const log = reopen(dir);
    expect((await log.scan()).verification).toMatchObject({ ok: true, entries: 3, legacy: 3 });
    const next = await log.append(record(4));
    expect(next).toMatchObject({ seq: 4, prevHash: entries[2]?.hash, keyId: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect((await reopen(dir).scan()).verification).toMatchObject({ ok: true, entries: 4, legacy: 3, problemCount: 0 });
  });

  it('a legacy entry edited with its hash recomputed is caught by the keyed entry that sealed it', async () => {
    const { dir } = await legacyLog(3);
    await reopen(dir).append(record(4));
    const lines = (await fs.readFile(file(dir), 'utf8')).split('\n').slice(0, -1);
    const edited = JSON.parse(lines[2] as string) as AuditEntry;
    const { hash: _old, ...content } = { ...edited, outcome: 'failure' as const };
    lines[2] = JSON.stringify({ ...content, hash: hashEntry(content) });
    await fs.writeFile(file(dir), lines.map((l) => `${l}\n`).join(''));
    expect(await kinds(reopen(dir))).toEqual(['chain-break@4']);
  });

  it('once keyed, cut back to its entries from before the key with its old head put back, it does not verify', async () => {
    const { dir } = await legacyLog(3);
    const plainHead = await fs.readFile(path.join(dir, HEAD_FILE), 'utf8');
    const log = reopen(dir);
    await log.append(record(4));
    await log.append(record(5));
    const lines = (await fs.readFile(file(dir), 'utf8')).split('\n').slice(0, 3);
    await fs.writeFile(file(dir), lines.map((l) => `${l}\n`).join(''));
    await fs.writeFile(path.join(dir, HEAD_FILE), plainHead);
    const again = reopen(dir);
    expect(await kinds(again)).toEqual(['head-mismatch@0']);
    expect(await again.append(record(6))).toMatchObject({ seq: 4, prevHash: GENESIS_HASH });
    expect(await kinds(reopen(dir))).toEqual(['chain-break@1']);
  });

  it('an unkeyed entry after keyed ones, or at or past the seq the key was made for, is refused', async () => {
    const { dir } = await legacyLog(3);
    const log = reopen(dir);
    const keyed = await log.append(record(4));
    await fs.appendFile(file(dir), toLine(forgeAfter(keyed)));
    expect(await kinds(reopen(dir))).toEqual(['unkeyed@5']);

    // Entry 4 (the first keyed one) replaced by an unkeyed forgery, head and all: the key says entries from 4 on carry a MAC.
    const lines = (await fs.readFile(file(dir), 'utf8')).split('\n').slice(0, 3);
    const third = JSON.parse(lines[2] as string) as AuditEntry;
    const forged = forgeAfter(third);
    await fs.writeFile(file(dir), [...lines, toLine(forged).trimEnd()].map((l) => `${l}\n`).join(''));
    await fs.writeFile(path.join(dir, HEAD_FILE), JSON.stringify({ seq: 4, hash: forged.hash, file: 1 }));
    const again = reopen(dir);
    expect(await kinds(again)).toEqual(['unkeyed@4', 'head-mismatch@0']);
    expect(await again.append(record(5))).toMatchObject({ seq: 5, prevHash: GENESIS_HASH }); // not adopted: a new chain
  });
});

describe('audit chain: the audit key', () => {
  it('is created on first use in audit/audit-key.json (0600), wrapped by the protector, and reused after a reopen', async () => {
    const { dir, entries } = await logWith(2);
    const keyFile = path.join(dir, AUDIT_KEY_FILE);
    expect((await fs.stat(keyFile)).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(await fs.readFile(keyFile, 'utf8')) as { format: string; keys: { id: string; protector: string; firstSeq: number }[] };
    expect(stored).toMatchObject({ format: 'foundry-audit-key', keys: [{ id: entries[0]?.keyId, protector: 'key-file', firstSeq: 1 }] });
    expect(await reopen(dir).append(record(3))).toMatchObject({ keyId: entries[0]?.keyId });
    expect((JSON.parse(await fs.readFile(keyFile, 'utf8')) as { keys: unknown[] }).keys).toHaveLength(1);
  });

  it('a deleted key file and copy: a clear problem, no crash; appends go on under a new key', async () => {
    const { dir, log } = await logWith(2);
    await fs.rm(path.join(dir, AUDIT_KEY_FILE));
    await fs.rm(keyCopy(dir));
    const { verification } = await log.scan();
    expect(verification.ok).toBe(false);
    expect(verification.problems).toEqual([
      expect.objectContaining({ kind: 'key-unavailable', line: 1, message: expect.stringContaining('audit-key.json and its copy are missing') }),
    ]);
    const next = await log.append(record(3));
    expect(next.seq).toBe(3);
    // One problem for the entries under the lost key; the new entry verifies.
    expect(await kinds(reopen(dir))).toEqual(['key-unavailable@1']);
  });

  it('a damaged key file and copy: reported; they are kept aside and a new key is made on the next append', async () => {
    const { dir } = await logWith(2);
    await fs.writeFile(path.join(dir, AUDIT_KEY_FILE), '{"format":');
    await fs.writeFile(keyCopy(dir), '{"format":');
    const log = reopen(dir);
    expect(await kinds(log)).toEqual(['key-unavailable@0', 'key-unavailable@0', 'key-unavailable@1']);
    expect(await log.append(record(3))).toMatchObject({ seq: 3 });
    const names = await fs.readdir(dir);
    expect(names.some((name) => name.startsWith(`${AUDIT_KEY_FILE}.broken-`))).toBe(true);
    expect(await kinds(reopen(dir))).toEqual(['key-unavailable@1']);
  });

  it('a key the protector cannot unwrap (another FOUNDRY_VAULT_KEY): reported, appends go on, and the first key still checks its entries', async () => {
    const dir = await newDir();
    const first = envKey('first-passphrase-0123456789');
    const second = envKey('second-passphrase-0123456789');
    await logWith(2, first, dir);
    const other = reopen(dir, second);
    const found = (await other.scan()).verification.problems;
    expect(found).toEqual([expect.objectContaining({ kind: 'key-unavailable', message: expect.stringContaining('WRONG_KEY') })]);
    expect(await other.append(record(3))).toMatchObject({ seq: 3 });
    expect((JSON.parse(await fs.readFile(path.join(dir, AUDIT_KEY_FILE), 'utf8')) as { keys: unknown[] }).keys).toHaveLength(2);
    // Back with the first key: its entries verify, the other key's entry cannot be checked.
    expect(await kinds(reopen(dir, first))).toEqual(['key-unavailable@3']);
  });

  it('a key kept by another protector (a CLI key file, the app on the keychain) is reported, not trusted', async () => {
    const dir = await newDir();
    await logWith(1, keyFileFor(dir), dir);
    const found = (await reopen(dir, envKey('another-passphrase-0123456789')).scan()).verification.problems;
    expect(found).toEqual([expect.objectContaining({ kind: 'key-unavailable', message: expect.stringContaining('vault.key file') })]);
  });

  it('a protector that cannot be used: appends are refused (KEY_UNAVAILABLE), the scan reports it and does not throw', async () => {
    const { dir } = await logWith(1);
    const unusable = reopen(dir, () => {
      throw Object.assign(new Error('keychain locked'), { code: 'KEY_UNAVAILABLE' });
    });
    await expect(unusable.append(record(2))).rejects.toMatchObject({ name: 'AuditWriteError', reason: 'KEY_UNAVAILABLE' });
    expect(await kinds(unusable)).toEqual(['key-unavailable@1']);
  });

  it('a key record whose firstSeq was moved no longer authenticates', async () => {
    const { dir } = await logWith(2);
    for (const keyFile of [path.join(dir, AUDIT_KEY_FILE), keyCopy(dir)]) {
      const stored = JSON.parse(await fs.readFile(keyFile, 'utf8')) as { keys: { firstSeq: number }[] };
      (stored.keys[0] as { firstSeq: number }).firstSeq = 50;
      await fs.writeFile(keyFile, JSON.stringify(stored));
    }
    const problems = (await reopen(dir).scan()).verification.problems;
    expect(problems).toEqual([expect.objectContaining({ kind: 'key-unavailable', message: expect.stringContaining('was altered') })]);
  });
});
