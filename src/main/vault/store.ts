import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { AuthenticationFailed, open, seal } from './crypto';
import { syncDirectory, writeFileDurably } from '../durable-fs';
import { VaultError } from './errors';
import { VaultState, type Op } from './model';
import { LOCK_FILE } from './lock';

/**
 * Durable storage: a snapshot plus an append-only journal, both encrypted line by line.
 *
 * - A write is acknowledged only after its journal line is fsync'ed. Concurrent writes share one
 *   fsync (group commit), which is what makes 16 concurrent writers cheap.
 * - A line is the unit of atomicity: one request's ops are one line. A crash mid-append leaves a
 *   final line without its newline; that write was never acknowledged and is dropped on open.
 *   Any other line that fails to decrypt or parse is corruption: the vault refuses to open and
 *   changes nothing.
 * - When the journal grows past a threshold, the whole state is written as a new snapshot (temp
 *   file, fsync, rename) and the journal is truncated. Records carry sequence numbers, so a crash
 *   between those two steps replays nothing twice.
 */
export const SNAPSHOT_FILE = 'snapshot.vault';
export const JOURNAL_FILE = 'journal.vault';
const JOURNAL_PURPOSE = 'foundry-vault/journal';
const SNAPSHOT_PURPOSE = 'foundry-vault/snapshot';
/** Lines after the header are bound to their snapshot and position: none can be moved or swapped in from another snapshot. */
const snapshotLinePurpose = (seq: number, index: number): string => `${SNAPSHOT_PURPOSE}/${seq}/${index}`;
const SNAPSHOT_CHUNK_OPS = 500;

interface JournalRecord {
  readonly seq: number;
  readonly ops: readonly Op[];
  /** Set on the first record after a compaction: the snapshot's sequence number. */
  readonly base?: true;
}
type SnapshotLine =
  | { readonly kind: 'header'; readonly seq: number }
  | { readonly kind: 'chunk'; readonly ops: readonly Op[] }
  | { readonly kind: 'end'; readonly chunks: number };

function encodeLine(key: Buffer, purpose: string, value: unknown): Buffer {
  return Buffer.from(seal(key, purpose, Buffer.from(JSON.stringify(value), 'utf8')).toString('base64') + '\n', 'ascii');
}

function decodeLine<T>(key: Buffer, purpose: string, line: string, where: string): T {
  try {
    return JSON.parse(open(key, purpose, Buffer.from(line, 'base64')).toString('utf8')) as T;
  } catch (error) {
    const reason = error instanceof AuthenticationFailed ? 'fails its integrity check' : 'cannot be read';
    throw new VaultError('CORRUPT', `${where} ${reason}. The vault was not opened and nothing was changed; restore the data directory from a backup.`);
  }
}

export interface StoreOptions {
  readonly compactAfterBytes?: number;
}

export interface OpenedStore {
  readonly store: VaultStore;
  readonly state: VaultState;
  /** Bytes of an unacknowledged, torn final journal line that were dropped. */
  readonly droppedTailBytes: number;
}

export class VaultStore {
  private pending: { line: Buffer; resolve: () => void; reject: (error: Error) => void }[] = [];
  /** The one task that may touch the journal file: a flush, or a compaction. */
  private busy: Promise<void> | null = null;
  private failure: VaultError | null = null;
  private closed = false;
  /** Journal size that triggers the next automatic compaction (pushed back after a failed one). */
  private compactAt: number;
  /** The last compaction failure, if any. Writes go on: the journal still holds everything. */
  compactionError: Error | null = null;

  private constructor(
    private readonly dataDir: string,
    private readonly key: Buffer,
    private readonly state: VaultState,
    private readonly journal: FileHandle,
    private seq: number,
    private journalBytes: number,
    private readonly compactAfterBytes: number,
  ) {
    this.compactAt = compactAfterBytes;
  }

  static async open(dataDir: string, key: Buffer, options: StoreOptions = {}): Promise<OpenedStore> {
    await removeTemporaryFiles(dataDir);
    const state = new VaultState();
    const snapshotPath = path.join(dataDir, SNAPSHOT_FILE);
    const snapshotSeq = await loadSnapshot(snapshotPath, key, state);
    const journalPath = path.join(dataDir, JOURNAL_FILE);
    const { seq, validBytes, droppedTailBytes } = await replayJournal(journalPath, key, state, snapshotSeq);
    const created = !(await exists(journalPath));
    const journal = await fs.open(journalPath, 'a', 0o600);
    if (created) await syncDirectory(dataDir); // the new file's directory entry must survive a power loss too
    if (droppedTailBytes > 0) {
      await journal.truncate(validBytes);
      await journal.sync();
    }
    const store = new VaultStore(dataDir, key, state, journal, seq, validBytes, options.compactAfterBytes ?? 8 * 1024 * 1024);
    return { store, state, droppedTailBytes };
  }

  /** Why a write cannot be taken now, or null. Checked before an operation changes the state. */
  get unavailable(): VaultError | null {
    return this.closed ? new VaultError('CLOSED', 'The vault is closed.') : this.failure;
  }

  /** Resolves once the ops are on disk. The caller has already applied them to the state. */
  append(ops: readonly Op[]): Promise<void> {
    const unavailable = this.unavailable;
    if (unavailable) return Promise.reject(unavailable);
    this.seq += 1;
    const line = encodeLine(this.key, JOURNAL_PURPOSE, { seq: this.seq, ops } satisfies JournalRecord);
    return new Promise((resolve, reject) => {
      this.pending.push({ line, resolve, reject });
      this.kick();
    });
  }

  /** Waits for every pending write, then closes the journal. */
  async close(): Promise<void> {
    if (this.closed) return;
    while (this.busy) await this.busy;
    this.closed = true;
    await this.journal.close();
  }

  /** Writes a snapshot now and empties the journal, in turn with writes (never in the middle of one). */
  async compact(): Promise<void> {
    const unavailable = this.unavailable;
    if (unavailable) throw unavailable;
    while (this.busy) await this.busy;
    // Nothing is busy, so nothing is pending either: the state is exactly what the journal holds.
    await this.run(() => this.compactNow());
    if (this.compactionError) throw this.compactionError;
  }

  private run(task: () => Promise<void>): Promise<void> {
    this.busy = task().finally(() => {
      this.busy = null;
      if (this.pending.length > 0) this.kick();
    });
    return this.busy;
  }

  private kick(): void {
    if (!this.busy) void this.run(() => this.flushLoop());
  }

  private async flushLoop(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0);
      const bytes = Buffer.concat(batch.map((entry) => entry.line));
      try {
        await this.writeAll(bytes);
        await this.journal.datasync();
        this.journalBytes += bytes.length;
      } catch (error) {
        // After a failed write or fsync the state in memory may be ahead of the disk: stop taking
        // writes rather than acknowledge anything that might not be there after a restart. A
        // partial line is cut off so it cannot sit in front of anything written later.
        await this.journal.truncate(this.journalBytes).catch(() => undefined);
        this.failure = new VaultError('IO', `The vault could not write to ${this.dataDir} (${(error as Error).message}); restart it.`, { cause: error });
        for (const entry of [...batch, ...this.pending.splice(0)]) entry.reject(this.failure);
        return;
      }
      for (const entry of batch) entry.resolve();
      // Only when nothing is queued does the state equal exactly what the journal holds.
      if (this.pending.length === 0 && this.journalBytes > this.compactAt) await this.compactNow();
    }
  }

  /** One write() may write less than asked (a full disk); keep going until all of it is out. */
  private async writeAll(bytes: Buffer): Promise<void> {
    let offset = 0;
    while (offset < bytes.length) {
      const { bytesWritten } = await this.journal.write(bytes, offset, bytes.length - offset);
      if (bytesWritten === 0) throw new Error('no progress writing the journal');
      offset += bytesWritten;
    }
  }

  private async compactNow(): Promise<void> {
    const lines = [encodeLine(this.key, SNAPSHOT_PURPOSE, { kind: 'header', seq: this.seq } satisfies SnapshotLine)];
    // Serialised synchronously: requests that arrive meanwhile cannot change what is being written.
    let chunk: Op[] = [];
    let chunks = 0;
    const flushChunk = (): void => {
      lines.push(encodeLine(this.key, snapshotLinePurpose(this.seq, lines.length), { kind: 'chunk', ops: chunk } satisfies SnapshotLine));
      chunks += 1;
      chunk = [];
    };
    for (const op of this.state.toOps()) {
      chunk.push(op);
      if (chunk.length >= SNAPSHOT_CHUNK_OPS) flushChunk();
    }
    if (chunk.length > 0) flushChunk();
    lines.push(encodeLine(this.key, snapshotLinePurpose(this.seq, lines.length), { kind: 'end', chunks } satisfies SnapshotLine));
    // The emptied journal starts by naming the snapshot it continues, so a missing snapshot is noticed.
    const base = encodeLine(this.key, JOURNAL_PURPOSE, { seq: this.seq, ops: [], base: true } satisfies JournalRecord);
    try {
      await writeFileDurably(path.join(this.dataDir, SNAPSHOT_FILE), Buffer.concat(lines));
    } catch (error) {
      // Nothing is lost: the old snapshot and the journal are still complete. Try again later.
      this.compactionError = error as Error;
      this.compactAt = this.journalBytes * 2;
      return;
    }
    try {
      await this.journal.truncate(0);
      await this.writeAll(base);
      await this.journal.sync();
      this.journalBytes = base.length;
      this.compactAt = this.compactAfterBytes;
      this.compactionError = null;
    } catch (error) {
      // The journal may now be empty or torn: the snapshot alone holds the state. Stop taking writes.
      this.failure = new VaultError('IO', `The vault could not reset its journal in ${this.dataDir} (${(error as Error).message}); restart it.`, { cause: error });
    }
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Leftovers of a write that crashed before its rename; they were never part of the vault. Only
 * the lock holder writes the vault's files, so their leftovers are safe to remove — but not the
 * lock's own: a process racing for the lock at this moment has its lock file written aside
 * (`vault.lock.tmp-…`) and about to be linked into place; removing it made that process fail with
 * ENOENT instead of being told the vault is open elsewhere.
 */
async function removeTemporaryFiles(dataDir: string): Promise<void> {
  for (const name of await fs.readdir(dataDir)) {
    if (name.startsWith(`${LOCK_FILE}.`)) continue;
    if (/\.tmp-\d+-[0-9a-f]+$/.test(name)) await fs.rm(path.join(dataDir, name), { force: true });
  }
}

async function readIfExists(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new VaultError('IO', `Cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
}

async function loadSnapshot(file: string, key: Buffer, state: VaultState): Promise<number> {
  const text = await readIfExists(file);
  if (text === null) return 0;
  const lines = text.split('\n');
  if (lines.at(-1) !== '') throw new VaultError('CORRUPT', `${file} is truncated; restore the data directory from a backup.`);
  lines.pop();
  const where = (index: number): string => `${file} line ${index + 1}`;
  const header = decodeLine<SnapshotLine>(key, SNAPSHOT_PURPOSE, lines[0] ?? '', where(0));
  if (header.kind !== 'header') throw new VaultError('CORRUPT', `${file} does not start with a snapshot header; restore the data directory from a backup.`);
  const last = lines.length - 1;
  const footer = decodeLine<SnapshotLine>(key, snapshotLinePurpose(header.seq, last), lines[last] ?? '', where(last));
  if (footer.kind !== 'end' || footer.chunks !== lines.length - 2) {
    throw new VaultError('CORRUPT', `${file} is incomplete; restore the data directory from a backup.`);
  }
  for (let index = 1; index < lines.length - 1; index += 1) {
    const line = decodeLine<SnapshotLine>(key, snapshotLinePurpose(header.seq, index), lines[index] ?? '', where(index));
    if (line.kind !== 'chunk') throw new VaultError('CORRUPT', `${where(index)} is out of place.`);
    applyOrCorrupt(state, line.ops, where(index));
  }
  return header.seq;
}

async function replayJournal(file: string, key: Buffer, state: VaultState, snapshotSeq: number) {
  const text = (await readIfExists(file)) ?? '';
  let seq = snapshotSeq;
  let offset = 0;
  let lineNumber = 0;
  while (offset < text.length) {
    const end = text.indexOf('\n', offset);
    if (end === -1) break; // torn final line: never acknowledged
    lineNumber += 1;
    const where = `${file} line ${lineNumber}`;
    const record = decodeLine<JournalRecord>(key, JOURNAL_PURPOSE, text.slice(offset, end), where);
    offset = end + 1;
    if (record.base) {
      if (lineNumber !== 1) throw new VaultError('CORRUPT', `${where} is out of place; restore the data directory from a backup.`);
      // A base older than the snapshot is the crash window between writing a snapshot and emptying
      // the journal (harmless: those records are in the snapshot). A newer one means the snapshot
      // this journal continues is not there (deleted, or an older copy restored).
      if (record.seq > snapshotSeq) {
        throw new VaultError('CORRUPT', `${path.join(path.dirname(file), SNAPSHOT_FILE)} is missing or is not the snapshot the journal continues; restore the data directory from a backup.`);
      }
      continue;
    }
    if (record.seq <= snapshotSeq) continue; // already in the snapshot (crash between snapshot and truncation)
    if (record.seq !== seq + 1) throw new VaultError('CORRUPT', `${where} is out of sequence; a record is missing. Restore from a backup.`);
    applyOrCorrupt(state, record.ops, where);
    seq = record.seq;
  }
  // The journal is base64 + '\n', so characters and bytes coincide.
  return { seq, validBytes: offset, droppedTailBytes: text.length - offset };
}

function applyOrCorrupt(state: VaultState, ops: readonly Op[], where: string): void {
  try {
    state.apply(ops);
  } catch {
    throw new VaultError('CORRUPT', `${where} does not fit the rest of the vault; restore the data directory from a backup.`);
  }
}
