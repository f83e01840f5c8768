import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { deriveKey, open, seal } from './crypto';
import { writeFileDurably } from '../durable-fs';
import { VaultError } from './errors';
import type { ChainPoint } from './journal-chain';

/**
 * `head.vault`: the sealed head of the journal — the sequence number and chain value of the last
 * acknowledged write, and the snapshot it builds on — authenticated with a key derived from the
 * data key. Without it, cutting whole lines off the end of the journal (or putting back an older
 * copy) would undo acknowledged writes and the vault would open as if nothing happened.
 *
 * It is rewritten after every group commit, once the journal's line is on disk and before the
 * writes are acknowledged, so it never names more than the journal holds (no false alarm after a
 * crash) and, in the files as anyone can read or edit them, it always names every acknowledged
 * write (a removed one is noticed).
 *
 * It is not replaced through a temporary file (two more syncs per commit): it holds two 512-byte
 * slots and each update overwrites the older one in place. A power loss can tear at most the slot
 * being written; the other still holds the previous head, which the journal always goes beyond
 * (the torn update was sealing a group commit already on disk). So a damaged slot is accepted only
 * when the journal holds at least one more write after the intact one (see `checkHead` in
 * store.ts) — otherwise damaging the newest slot would be a way to hide a cut.
 *
 * The update's fdatasync is not waited for before the writes are acknowledged: it runs in the
 * background, and the next update waits for it before writing the other slot. The journal's sync is
 * what makes a write durable; the head only has to notice writes taken away, and someone editing the
 * files sees the update at once (the page cache), synced or not. Waiting for it made every
 * acknowledged write pay for two fsyncs in a row; now the head's sync overlaps the time until the
 * next commit (the next request's own work, its journal write). What stays true:
 * - only one slot is ever in flight, so a power loss tears at most one and the other is intact;
 * - the two slots always name consecutive updates, so the rule above still catches any cut;
 * - after a power loss the head may name the commit before the last acknowledged one: older than
 *   the journal, which opens (the lines after it are kept and the head is sealed over them).
 */
export const HEAD_FILE = 'head.vault';
export const HEAD_SLOT_BYTES = 512;
const SLOTS = 2;
/** Bound to the slot, so a record copied into the other slot does not read as valid there. */
const slotPurpose = (slot: number): string => `foundry-vault/head/${slot}`;

const headRecordSchema = z.strictObject({
  /** Counts updates; the record with the highest counter is the head, and `counter % 2` is its slot. */
  counter: z.number().int().nonnegative(),
  seq: z.number().int().nonnegative(),
  chain: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  /** The sequence number of the snapshot the journal continues (0: none): an older snapshot is refused. */
  snapshotSeq: z.number().int().nonnegative(),
});
export type HeadRecord = z.infer<typeof headRecordSchema>;

export interface HeadReading {
  readonly record: HeadRecord;
  readonly slot: number;
  /** The other slot did not authenticate: torn by a crash while it was being written, or tampered with. */
  readonly otherSlotDamaged: boolean;
}

export function headKeyFor(dataKey: Buffer): Buffer {
  return deriveKey(dataKey, 'foundry-vault/head');
}

function encodeSlot(key: Buffer, record: HeadRecord): Buffer {
  const sealed = seal(key, slotPurpose(record.counter % SLOTS), Buffer.from(JSON.stringify(record), 'utf8'));
  const slot = Buffer.alloc(HEAD_SLOT_BYTES);
  slot.writeUInt16BE(sealed.length, 0);
  sealed.copy(slot, 2);
  return slot;
}

function decodeSlot(key: Buffer, bytes: Buffer, slot: number): HeadRecord | null {
  if (bytes.length < HEAD_SLOT_BYTES) return null;
  const length = bytes.readUInt16BE(0);
  if (length + 2 > HEAD_SLOT_BYTES) return null;
  try {
    const parsed = headRecordSchema.safeParse(JSON.parse(open(key, slotPurpose(slot), bytes.subarray(2, 2 + length)).toString('utf8')));
    return parsed.success && parsed.data.counter % SLOTS === slot ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The head as the newest intact slot says, or null when there is no head file. */
export async function readHead(dataDir: string, key: Buffer): Promise<HeadReading | null> {
  const file = path.join(dataDir, HEAD_FILE);
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new VaultError('IO', `Cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  const slots = Array.from({ length: SLOTS }, (_, slot) => decodeSlot(key, bytes.subarray(slot * HEAD_SLOT_BYTES, (slot + 1) * HEAD_SLOT_BYTES), slot));
  const intact = slots.filter((record): record is HeadRecord => record !== null);
  const newest = intact.reduce<HeadRecord | null>((best, record) => (best === null || record.counter > best.counter ? record : best), null);
  if (!newest) {
    throw new VaultError(
      'CORRUPT',
      `${file} is damaged (neither of its records authenticates), so the vault cannot confirm its last acknowledged writes. The vault was not opened and nothing was changed; restore the whole data directory from a backup.`,
    );
  }
  return { record: newest, slot: newest.counter % SLOTS, otherSlotDamaged: intact.length < SLOTS };
}

/** Keeps the head file open and updates it in place, one slot at a time. */
export class HeadWriter {
  /** The last update's fdatasync, running in the background; the next update waits for it. */
  private syncing: Promise<void> = Promise.resolve();
  private syncError: Error | undefined;

  private constructor(
    private readonly handle: FileHandle,
    private readonly key: Buffer,
    private counter: number,
  ) {}

  /** A new head file, written whole (temporary file and rename); both slots hold `point`. */
  static async create(dataDir: string, key: Buffer, point: ChainPoint, snapshotSeq: number): Promise<HeadWriter> {
    const slots = [0, 1].map((counter) => encodeSlot(key, { counter, seq: point.seq, chain: point.chain, snapshotSeq }));
    await writeFileDurably(path.join(dataDir, HEAD_FILE), Buffer.concat(slots));
    return HeadWriter.open(dataDir, key, 1);
  }

  /**
   * Continues an existing head file whose newest record has `counter`. It is synced first: a
   * process killed before its last update's sync left that update in the page cache only, and the
   * next update overwrites the other slot.
   */
  static async open(dataDir: string, key: Buffer, counter: number): Promise<HeadWriter> {
    const handle = await fs.open(path.join(dataDir, HEAD_FILE), 'r+');
    try {
      await handle.datasync();
    } catch (error) {
      await handle.close();
      throw error;
    }
    return new HeadWriter(handle, key, counter);
  }

  /**
   * Seals `point` into the older slot once the previous update is on disk, and starts its sync
   * without waiting for it: when this returns, the file as the page cache holds it (what anyone
   * reading or editing it sees) names `point`. Callers write the journal line it names to disk first.
   */
  async write(point: ChainPoint, snapshotSeq: number): Promise<void> {
    await this.synced();
    const record: HeadRecord = { counter: this.counter + 1, seq: point.seq, chain: point.chain, snapshotSeq };
    const bytes = encodeSlot(this.key, record);
    const position = (record.counter % SLOTS) * HEAD_SLOT_BYTES;
    let offset = 0;
    while (offset < bytes.length) {
      const { bytesWritten } = await this.handle.write(bytes, offset, bytes.length - offset, position + offset);
      if (bytesWritten === 0) throw new Error('no progress writing the journal head');
      offset += bytesWritten;
    }
    this.counter = record.counter;
    this.syncing = this.handle.datasync().catch((error: unknown) => {
      this.syncError = error as Error;
    });
  }

  /** Waits until the last update is on disk; throws if its sync failed. */
  async synced(): Promise<void> {
    await this.syncing;
    if (this.syncError) throw this.syncError;
  }

  /** `write`, then waits for the disk: for compactions and opening, which are rare and wait for the disk anyway. */
  async writeDurably(point: ChainPoint, snapshotSeq: number): Promise<void> {
    await this.write(point, snapshotSeq);
    await this.synced();
  }

  async close(): Promise<void> {
    await this.syncing;
    await this.handle.close();
  }
}
