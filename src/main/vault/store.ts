import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { AuthenticationFailed, open, seal } from './crypto';
import { writeFileDurably } from '../durable-fs';
import { VaultError } from './errors';
import { VaultState, type Op } from './model';

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
const SNAPSHOT_CHUNK_OPS = 500;

interface JournalRecord {
  readonly seq: number;
  readonly ops: readonly Op[];
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
  private flushing: Promise<void> | null = null;
  private failure: VaultError | null = null;
  private closed = false;

  private constructor(
    private readonly dataDir: string,
    private readonly key: Buffer,
    private readonly state: VaultState,
    private journal: FileHandle,
    private seq: number,
    private journalBytes: number,
    private readonly compactAfterBytes: number,
  ) {}

  static async open(dataDir: string, key: Buffer, options: StoreOptions = {}): Promise<OpenedStore> {
    const state = new VaultState();
    const snapshotSeq = await loadSnapshot(path.join(dataDir, SNAPSHOT_FILE), key, state);
    const journalPath = path.join(dataDir, JOURNAL_FILE);
    const { seq, validBytes, droppedTailBytes } = await replayJournal(journalPath, key, state, snapshotSeq);
    const journal = await fs.open(journalPath, 'a', 0o600);
    if (droppedTailBytes > 0) {
      await journal.truncate(validBytes);
      await journal.sync();
    }
    const store = new VaultStore(dataDir, key, state, journal, seq, validBytes, options.compactAfterBytes ?? 8 * 1024 * 1024);
    return { store, state, droppedTailBytes };
  }

  /** Resolves once the ops are on disk. The caller has already applied them to the state. */
  append(ops: readonly Op[]): Promise<void> {
    if (this.closed) return Promise.reject(new VaultError('CLOSED', 'The vault is closed.'));
    if (this.failure) return Promise.reject(this.failure);
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
    while (this.flushing) await this.flushing;
    this.closed = true;
    await this.journal.close();
  }

  get failed(): VaultError | null {
    return this.failure;
  }

  private kick(): void {
    if (this.flushing) return;
    this.flushing = this.flushLoop().finally(() => {
      this.flushing = null;
      if (this.pending.length > 0) this.kick();
    });
  }

  private async flushLoop(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0);
      try {
        const bytes = Buffer.concat(batch.map((entry) => entry.line));
        await this.journal.write(bytes);
        await this.journal.datasync();
        this.journalBytes += bytes.length;
      } catch (error) {
        // After a failed fsync the state in memory may be ahead of the disk: stop serving writes
        // rather than acknowledge anything that might not be there after a restart.
        this.failure = new VaultError('IO', `The vault could not write to ${this.dataDir} (${(error as Error).message}); restart it.`, { cause: error });
        for (const entry of [...batch, ...this.pending.splice(0)]) entry.reject(this.failure);
        return;
      }
      for (const entry of batch) entry.resolve();
      // Only when nothing is queued does the state equal exactly what the journal holds.
      if (this.pending.length === 0 && this.journalBytes > this.compactAfterBytes) await this.compact();
    }
  }

  /** Write the state as a snapshot and empty the journal. Exposed for tests and `vault compact`. */
  async compact(): Promise<void> {
    const lines = [encodeLine(this.key, SNAPSHOT_PURPOSE, { kind: 'header', seq: this.seq } satisfies SnapshotLine)];
    // Serialised synchronously: requests that arrive meanwhile cannot change what is being written.
    let chunk: Op[] = [];
    let chunks = 0;
    const flushChunk = (): void => {
      lines.push(encodeLine(this.key, SNAPSHOT_PURPOSE, { kind: 'chunk', ops: chunk } satisfies SnapshotLine));
      chunks += 1;
      chunk = [];
    };
    for (const op of this.state.toOps()) {
      chunk.push(op);
      if (chunk.length >= SNAPSHOT_CHUNK_OPS) flushChunk();
    }
    if (chunk.length > 0) flushChunk();
    lines.push(encodeLine(this.key, SNAPSHOT_PURPOSE, { kind: 'end', chunks } satisfies SnapshotLine));
    try {
      await writeFileDurably(path.join(this.dataDir, SNAPSHOT_FILE), Buffer.concat(lines));
      await this.journal.truncate(0);
      await this.journal.sync();
      this.journalBytes = 0;
    } catch (error) {
      // A failed compaction loses nothing: the old snapshot and the journal are still complete.
      if (error instanceof Error) this.compactionError = error;
    }
  }

  /** The last compaction failure, if any (reported by diagnostics; writes go on). */
  compactionError: Error | null = null;
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
  const footer = decodeLine<SnapshotLine>(key, SNAPSHOT_PURPOSE, lines.at(-1) ?? '', where(lines.length - 1));
  if (header.kind !== 'header' || footer.kind !== 'end' || footer.chunks !== lines.length - 2) {
    throw new VaultError('CORRUPT', `${file} is incomplete; restore the data directory from a backup.`);
  }
  for (let index = 1; index < lines.length - 1; index += 1) {
    const line = decodeLine<SnapshotLine>(key, SNAPSHOT_PURPOSE, lines[index] ?? '', where(index));
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
