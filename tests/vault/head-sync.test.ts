/**
 * The sealed head's sync runs after the acknowledgement (head.ts): a write waits for its journal
 * line on disk, not for the head's fdatasync; the next head update waits for the previous one's
 * sync, so a power loss can tear at most one slot; and a compaction does not empty the journal
 * while the last head update may still be lost. The disk's syncs are held back by a gate on
 * FileHandle.datasync, so "waits for" is observed, not timed.
 */
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HEAD_FILE, HEAD_SLOT_BYTES, readHead, headKeyFor } from '../../src/main/vault/head';
import { JOURNAL_FILE } from '../../src/main/vault/store';
import { TEST_KEY, startVault } from './helpers';
import { create, rotate, valueOf } from './rollback-helpers';
import { envKeyProtector } from '../../src/main/vault/index';
import { readEnvelope, unwrapDataKey } from '../../src/main/vault/envelope';

type DataSync = () => Promise<void>;

/** Holds every FileHandle.datasync() started while closed until `open()`. */
async function datasyncGate(dir: string): Promise<{ close(): void; open(): void; held(): number; restore(): void }> {
  const probe = await fs.open(path.join(dir, 'gate-probe'), 'w');
  const prototype = Object.getPrototypeOf(probe) as { datasync: DataSync };
  await probe.close();
  await fs.rm(path.join(dir, 'gate-probe'));
  const original = prototype.datasync;
  let closed = false;
  let waiting: (() => void)[] = [];
  let held = 0;
  prototype.datasync = function (this: unknown): Promise<void> {
    if (!closed) return original.call(this);
    held += 1;
    return new Promise<void>((resolve) => waiting.push(resolve)).then(() => original.call(this));
  };
  return {
    close: () => {
      closed = true;
    },
    open: () => {
      closed = false;
      for (const release of waiting) release();
      waiting = [];
    },
    held: () => held,
    restore: () => {
      prototype.datasync = original;
    },
  };
}

const settledWithin = <T>(promise: Promise<T>, ms: number): Promise<boolean> =>
  Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

async function dataKey(dataDir: string): Promise<Buffer> {
  const envelope = await readEnvelope(dataDir);
  if (!envelope) throw new Error('no vault.json');
  return unwrapDataKey(envelope, envKeyProtector(TEST_KEY), dataDir);
}

// Without O_DSYNC (Windows) the journal itself is synced with datasync(), which the gate holds too.
describe.skipIf(constants.O_DSYNC === undefined)('the sealed head is synced after the acknowledgement', () => {
  it('acknowledges a write once its journal line is on disk, while the head update is still unsynced, and the head names it', async () => {
    const { vault, dataDir } = await startVault();
    await create(vault, 'app/key', 'first');
    const gate = await datasyncGate(dataDir);
    restore = gate.restore;
    gate.close();
    expect(await settledWithin(rotate(vault, 'app/key', 'second'), 5_000)).toBe(true);
    expect(gate.held()).toBe(1); // the head's own sync, started after the write and still held
    // What anyone reading the files sees already names the acknowledged write.
    const head = await readHead(dataDir, headKeyFor(await dataKey(dataDir)));
    gate.open();
    expect(head?.record.seq).toBe(2); // write #1 created the secret, write #2 rotated it
    expect(await valueOf(vault, 'app/key')).toBe('second');
  });

  it('writes the next head update only once the previous one is on disk: never both slots in flight', async () => {
    const { vault, dataDir } = await startVault();
    await create(vault, 'app/key', 'first');
    const gate = await datasyncGate(dataDir);
    restore = gate.restore;
    gate.close();
    await rotate(vault, 'app/key', 'second'); // its head update's sync is held
    const headFile = path.join(dataDir, HEAD_FILE);
    const before = await fs.readFile(headFile);
    const next = rotate(vault, 'app/key', 'third');
    expect(await settledWithin(next, 400)).toBe(false); // its journal line is written; its head update waits
    expect(await fs.readFile(headFile)).toEqual(before); // the other slot was not touched meanwhile
    gate.open();
    await next;
    const head = await readHead(dataDir, headKeyFor(await dataKey(dataDir)));
    expect(head?.otherSlotDamaged).toBe(false);
    expect(await valueOf(vault, 'app/key')).toBe('third');
  });

  it('does not empty the journal for a compaction while the last head update may still be lost', async () => {
    const { vault, dataDir } = await startVault();
    await create(vault, 'app/a', 'one');
    const gate = await datasyncGate(dataDir);
    restore = gate.restore;
    gate.close();
    await rotate(vault, 'app/a', 'two');
    const journal = path.join(dataDir, JOURNAL_FILE);
    const journalBefore = await fs.readFile(journal);
    const compaction = vault.compact();
    expect(await settledWithin(compaction, 400)).toBe(false);
    expect(await fs.readFile(journal)).toEqual(journalBefore);
    gate.open();
    await compaction;
    expect((await fs.stat(journal)).size).toBeLessThan(journalBefore.length);
    await vault.close();
    const { vault: reopened } = await startVault({ dataDir });
    expect(await valueOf(reopened, 'app/a')).toBe('two');
  });

  it('opens with every acknowledged write after a power loss took the last head update before its sync reached the disk', async () => {
    const { vault, dataDir } = await startVault();
    await create(vault, 'app/key', 'first');
    await rotate(vault, 'app/key', 'second');
    const headFile = path.join(dataDir, HEAD_FILE);
    const twoUpdatesBack = await fs.readFile(headFile);
    await rotate(vault, 'app/key', 'third');
    await rotate(vault, 'app/key', 'fourth'); // acknowledged; its head update is the one lost below
    await vault.close();
    const key = headKeyFor(await dataKey(dataDir));
    const newest = await readHead(dataDir, key);
    if (!newest) throw new Error('no head');
    // The disk still holds that slot as it was two updates ago (the slot's previous content).
    const onDisk = await fs.readFile(headFile);
    const at = newest.slot * HEAD_SLOT_BYTES;
    twoUpdatesBack.copy(onDisk, at, at, at + HEAD_SLOT_BYTES);
    await fs.writeFile(headFile, onDisk);
    const older = await readHead(dataDir, key);
    expect(older?.record.seq).toBe(newest.record.seq - 1);
    const { vault: recovered } = await startVault({ dataDir });
    expect((await readHead(dataDir, key))?.record.seq).toBe(newest.record.seq); // opening sealed the head over the journal again
    expect(await valueOf(recovered, 'app/key')).toBe('fourth');
    await recovered.close();
  });
});
