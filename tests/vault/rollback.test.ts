/**
 * Rollback of the vault's files (issue 11): someone with access to the data directory removes or
 * replaces the end of the journal, or swaps in an older snapshot, so that acknowledged writes (a
 * rotation, a deletion) are silently undone. The sealed head (`head.vault`) must make the vault
 * refuse to open with ROLLBACK — while every state a crash can leave behind still opens.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DeleteSecretCommand, DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { readEnvelope, unwrapDataKey } from '../../src/main/vault/envelope';
import { HEAD_FILE, HEAD_SLOT_BYTES, headKeyFor, readHead } from '../../src/main/vault/head';
import { envKeyProtector } from '../../src/main/vault/index';
import { TEST_KEY, startVault, tempDir } from './helpers';
import { create, files, openFails, rotate, send, valueOf } from './rollback-helpers';

const JOURNAL = 'journal.vault';
const SNAPSHOT = 'snapshot.vault';


async function journalLines(dataDir: string): Promise<string[]> {
  const text = await fs.readFile(path.join(dataDir, JOURNAL), 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text.slice(0, -1).split('\n');
}

async function writeJournal(dataDir: string, lines: readonly string[], tail = ''): Promise<void> {
  await fs.writeFile(path.join(dataDir, JOURNAL), lines.map((line) => line + '\n').join('') + tail);
}

async function copyFile(from: string, to: string, name: string): Promise<void> {
  await fs.copyFile(path.join(from, name), path.join(to, name));
}

/** A copy of the whole data directory, as a backup (or an attacker's copy) would be. */
async function copyDir(dataDir: string): Promise<string> {
  const copy = await tempDir();
  for (const name of await fs.readdir(dataDir)) if (!name.startsWith('vault.lock')) await copyFile(dataDir, copy, name);
  return copy;
}

async function expectRollback(dataDir: string, message: RegExp): Promise<void> {
  const before = await files(dataDir);
  const error = await openFails(dataDir);
  expect(error.code).toBe('ROLLBACK');
  expect(error.message).toMatch(message);
  expect(error.message).toMatch(/nothing was changed/i);
  expect(error.message).toMatch(/backup/);
  expect(await files(dataDir)).toEqual(before);
}

async function dataKeyOf(dataDir: string): Promise<Buffer> {
  const envelope = await readEnvelope(dataDir);
  if (!envelope) throw new Error('no vault.json');
  return unwrapDataKey(envelope, envKeyProtector(TEST_KEY), dataDir);
}

describe('rollback of acknowledged writes is refused', () => {
  it('refuses a journal whose last line (a rotation) was cut off, and changes nothing', async () => {
    const { vault, dataDir } = await startVault();
    await create(vault, 'app/key', 'first');
    await rotate(vault, 'app/key', 'rotated');
    await vault.close();
    await writeJournal(dataDir, (await journalLines(dataDir)).slice(0, -1));
    await expectRollback(dataDir, /write #\d+.*journal ends at #\d+/);
  });

  it('refuses a journal whose last line (a deletion) was cut off', async () => {
    const { vault, dataDir } = await startVault();
    await create(vault, 'app/key', 'value');
    await send(vault, (c) => c.send(new DeleteSecretCommand({ SecretId: 'app/key', RecoveryWindowInDays: 7 })));
    await vault.close();
    await writeJournal(dataDir, (await journalLines(dataDir)).slice(0, -1));
    await expectRollback(dataDir, /cut or replaced by an older copy/);
  });

  it('refuses a journal with several trailing lines removed', async () => {
    const { vault, dataDir } = await startVault();
    for (let i = 0; i < 6; i += 1) await create(vault, `app/key-${i}`, `value-${i}`);
    await vault.close();
    await writeJournal(dataDir, (await journalLines(dataDir)).slice(0, -3));
    await expectRollback(dataDir, /cut or replaced by an older copy/);
  });

  it('refuses a cut that leaves part of the removed line behind (it is not a torn, unacknowledged write)', async () => {
    const { vault, dataDir } = await startVault();
    await create(vault, 'app/key', 'first');
    await rotate(vault, 'app/key', 'rotated');
    await vault.close();
    const lines = await journalLines(dataDir);
    await writeJournal(dataDir, lines.slice(0, -1), (lines.at(-1) as string).slice(0, 100));
    await expectRollback(dataDir, /cut or replaced by an older copy/);
  });

  it('refuses a journal replaced by an older copy of itself', async () => {
    const { vault, dataDir } = await startVault();
    await create(vault, 'app/key', 'first');
    const older = await fs.readFile(path.join(dataDir, JOURNAL));
    await rotate(vault, 'app/key', 'second');
    await rotate(vault, 'app/key', 'third');
    await vault.close();
    await fs.writeFile(path.join(dataDir, JOURNAL), older);
    await expectRollback(dataDir, /cut or replaced by an older copy/);
  });

  it('refuses a tail replaced by another line with the same sequence number (from a copy that went its own way)', async () => {
    const { vault, dataDir } = await startVault();
    await create(vault, 'app/key', 'first');
    await vault.close();
    const fork = await copyDir(dataDir);
    const { vault: reopened } = await startVault({ dataDir });
    await rotate(reopened, 'app/key', 'rotated');
    await reopened.close();
    const { vault: forked } = await startVault({ dataDir: fork });
    await rotate(forked, 'app/key', 'attacker-chosen');
    await forked.close();
    const lines = await journalLines(dataDir);
    const forkLines = await journalLines(fork);
    expect(forkLines).toHaveLength(lines.length);
    await writeJournal(dataDir, [...lines.slice(0, -1), forkLines.at(-1) as string]);
    await expectRollback(dataDir, /replaced/);
  });

  it('refuses an older snapshot swapped in for the current one', async () => {
    const { vault, dataDir } = await startVault();
    await create(vault, 'app/key', 'first');
    await vault.compact();
    const olderSnapshot = await fs.readFile(path.join(dataDir, SNAPSHOT));
    await rotate(vault, 'app/key', 'second');
    await vault.compact();
    await rotate(vault, 'app/key', 'third');
    await vault.close();
    await fs.writeFile(path.join(dataDir, SNAPSHOT), olderSnapshot);
    await expectRollback(dataDir, /snapshot/);
  });

  it('refuses an older snapshot and journal restored together while the head is current', async () => {
    const { vault, dataDir } = await startVault();
    await create(vault, 'app/key', 'first');
    await vault.compact();
    await rotate(vault, 'app/key', 'second');
    await vault.close();
    const older = await copyDir(dataDir);
    const { vault: reopened } = await startVault({ dataDir });
    await rotate(reopened, 'app/key', 'third');
    await reopened.compact();
    await rotate(reopened, 'app/key', 'fourth');
    await reopened.close();
    await copyFile(older, dataDir, SNAPSHOT);
    await copyFile(older, dataDir, JOURNAL);
    await expectRollback(dataDir, /cut or replaced by an older copy/);
  });

  it('refuses a vault whose head was deleted (it cannot confirm its last writes)', async () => {
    const { vault, dataDir } = await startVault();
    await create(vault, 'app/key', 'first');
    await vault.close();
    await fs.rm(path.join(dataDir, HEAD_FILE));
    await expectRollback(dataDir, /head\.vault is missing/);
  });

  it('refuses a head with its newest record damaged when the journal ends at the record before it', async () => {
    const { vault, dataDir } = await startVault();
    await create(vault, 'app/key', 'first');
    await rotate(vault, 'app/key', 'second');
    await vault.close();
    const newest = await readHead(dataDir, headKeyFor(await dataKeyOf(dataDir)));
    await damageHeadSlot(dataDir, newest?.slot ?? -1);
    await writeJournal(dataDir, (await journalLines(dataDir)).slice(0, -1));
    await expectRollback(dataDir, /records in .*head\.vault is damaged/);
  });
});

async function damageHeadSlot(dataDir: string, slot: number): Promise<void> {
  expect(slot === 0 || slot === 1).toBe(true);
  const file = path.join(dataDir, HEAD_FILE);
  const bytes = await fs.readFile(file);
  bytes.fill(0x41, slot * HEAD_SLOT_BYTES + 10, slot * HEAD_SLOT_BYTES + 40); // a write torn by a power loss
  await fs.writeFile(file, bytes);
}

describe('every state a crash can leave still opens, with every acknowledged write', () => {
  it('drops a torn, never-acknowledged last line and keeps the rest (and stays rollback-proof)', async () => {
    const { vault, dataDir } = await startVault();
    await create(vault, 'app/key', 'first');
    await rotate(vault, 'app/key', 'second');
    await vault.close();
    await fs.appendFile(path.join(dataDir, JOURNAL), 'AbCdEf0123'); // a partial line, no newline
    const { vault: reopened } = await startVault({ dataDir });
    expect(await valueOf(reopened, 'app/key')).toBe('second');
    await rotate(reopened, 'app/key', 'third');
    await reopened.close();
    const { vault: third } = await startVault({ dataDir });
    expect(await valueOf(third, 'app/key')).toBe('third');
    await third.close();
    await writeJournal(dataDir, (await journalLines(dataDir)).slice(0, -1));
    await expectRollback(dataDir, /cut or replaced/);
  });

  it('opens when the journal line is on disk but the head was not updated yet, and seals the head then', async () => {
    const { vault, dataDir } = await startVault();
    await create(vault, 'app/key', 'first');
    await vault.close();
    const headBefore = await fs.readFile(path.join(dataDir, HEAD_FILE));
    const { vault: reopened } = await startVault({ dataDir });
    await rotate(reopened, 'app/key', 'second');
    await reopened.close();
    await fs.writeFile(path.join(dataDir, HEAD_FILE), headBefore); // the crash came between journal fsync and head write
    const { vault: recovered } = await startVault({ dataDir });
    expect(await valueOf(recovered, 'app/key')).toBe('second');
    await recovered.close();
    // Opening sealed the line it found: cutting it now is a rollback.
    await writeJournal(dataDir, (await journalLines(dataDir)).slice(0, -1));
    await expectRollback(dataDir, /cut or replaced/);
  });

  it('opens when the newest head record was torn by a crash while the journal holds the write it was sealing', async () => {
    const { vault, dataDir } = await startVault();
    await create(vault, 'app/key', 'first');
    await rotate(vault, 'app/key', 'second');
    await vault.close();
    const newest = await readHead(dataDir, headKeyFor(await dataKeyOf(dataDir)));
    await damageHeadSlot(dataDir, newest?.slot ?? -1);
    const { vault: recovered } = await startVault({ dataDir });
    expect(await valueOf(recovered, 'app/key')).toBe('second');
    await recovered.close();
    const repaired = await readHead(dataDir, headKeyFor(await dataKeyOf(dataDir)));
    expect(repaired?.otherSlotDamaged).toBe(false); // opening wrote a fresh record over the torn one
  });

  for (const window of ['after the snapshot, before the journal was emptied', 'after the journal was emptied, before its first line', 'before the head was updated'] as const) {
    it(`opens after a compaction interrupted ${window}`, async () => {
      const { vault, dataDir } = await startVault();
      await create(vault, 'app/a', 'one');
      await rotate(vault, 'app/a', 'two');
      await create(vault, 'app/b', 'three');
      await vault.close();
      const before = await copyDir(dataDir);
      const { vault: reopened } = await startVault({ dataDir });
      await reopened.compact();
      await reopened.close();
      if (window === 'after the snapshot, before the journal was emptied') await copyFile(before, dataDir, JOURNAL);
      if (window === 'after the journal was emptied, before its first line') await fs.writeFile(path.join(dataDir, JOURNAL), '');
      await copyFile(before, dataDir, HEAD_FILE); // in every window the head is still the one from before the compaction
      const { vault: recovered } = await startVault({ dataDir });
      expect(await valueOf(recovered, 'app/a')).toBe('two');
      expect(await valueOf(recovered, 'app/b')).toBe('three');
      await rotate(recovered, 'app/b', 'four');
      await recovered.close();
      const { vault: again } = await startVault({ dataDir });
      expect(await valueOf(again, 'app/b')).toBe('four');
      await again.close();
      await writeJournal(dataDir, (await journalLines(dataDir)).slice(0, -1));
      await expectRollback(dataDir, /cut or replaced/);
    });
  }
});

describe('a vault written before the sealed head existed', () => {
  const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'legacy-vault');

  async function legacyCopy(): Promise<string> {
    const dataDir = await tempDir();
    for (const name of await fs.readdir(FIXTURE)) await copyFile(FIXTURE, dataDir, name);
    return dataDir;
  }

  it('opens with all its data, seals a head and rewrites its files in the sealed format', async () => {
    const dataDir = await legacyCopy();
    const legacyJournal = await fs.readFile(path.join(dataDir, JOURNAL));
    const { vault } = await startVault({ dataDir });
    expect(await valueOf(vault, 'legacy/in-snapshot')).toBe('snap-v1');
    expect(await valueOf(vault, 'legacy/rotated')).toBe('rot-v2');
    expect(await valueOf(vault, 'legacy/in-journal')).toBe('journal-v1');
    const deleted = await send(vault, (c) => c.send(new DescribeSecretCommand({ SecretId: 'legacy/deleted' })));
    expect(deleted.DeletedDate).toBeInstanceOf(Date);
    await rotate(vault, 'legacy/rotated', 'rot-v3');
    await vault.close();
    expect(await fs.readdir(dataDir)).toContain(HEAD_FILE);
    expect((await fs.readFile(path.join(dataDir, JOURNAL))).equals(legacyJournal)).toBe(false);
    expect((await readEnvelope(dataDir))?.version).toBe(2); // sealed: from now on a missing head is a rollback
    const { vault: reopened } = await startVault({ dataDir });
    expect(await valueOf(reopened, 'legacy/rotated')).toBe('rot-v3');
    await reopened.close();
    // From now on it is protected like any other vault.
    await writeJournal(dataDir, (await journalLines(dataDir)).slice(0, -1));
    await expectRollback(dataDir, /cut or replaced/);
  });

  it('cannot be passed off as an unsealed vault once upgraded: deleting the head is refused', async () => {
    const dataDir = await legacyCopy();
    const { vault } = await startVault({ dataDir });
    await vault.close();
    await fs.rm(path.join(dataDir, HEAD_FILE));
    await expectRollback(dataDir, /head\.vault is missing/);
  });
});
