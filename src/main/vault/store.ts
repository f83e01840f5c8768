import { constants as fsConstants, promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { AuthenticationFailed, open, seal } from './crypto';
import { syncDirectory, writeFileDurably } from '../durable-fs';
import { VaultError } from './errors';
import { HEAD_FILE, HeadWriter, headKeyFor, readHead, type HeadReading } from './head';
import { chainKeyFor, genesis, linkLine, linkSnapshot, type ChainPoint } from './journal-chain';
import { VaultState, type Op, type SecretRecord } from './model';
import { LOCK_FILE } from './lock';
import { padJson } from './record-padding';
import { encodeSnapshotFile, snapshotRecords } from './snapshot-format';
import { encodeSecretsRecord, loadSecretsRecord } from './snapshot-secrets';
import { LIST_ENTRY_VERSION } from './list-entry';

/**
 * Durable storage: a snapshot plus an append-only journal, both encrypted line by line, and a
 * sealed head that names the last acknowledged write.
 *
 * - A write is acknowledged only after its journal line is on disk (the journal is opened with
 *   O_DSYNC, or synced after each append) and the head names it; the head's own sync runs after
 *   the acknowledgement, overlapping the next commit (head.ts). Concurrent writes share one line,
 *   one journal sync and one head update (group commit), which is what makes 16 concurrent writers
 *   cheap.
 * - A line is the unit of atomicity: one group commit is one line. A crash mid-append leaves a
 *   final line without its newline; those writes were never acknowledged and are dropped on open.
 *   Any other line that fails to decrypt or parse is corruption: the vault refuses to open and
 *   changes nothing.
 * - Rollback: every line carries the chain value of the line before it and the head (head.ts)
 *   seals the chain value of the last acknowledged line, so the vault refuses to open (ROLLBACK)
 *   when lines were cut off the end, the end was replaced (by an older copy, or by lines of a copy
 *   that went its own way), the head was deleted, or an older snapshot was put back. That the
 *   vault has a head at all is recorded in vault.json, inside the key protector's wrapping
 *   (key-payload.ts): without that, deleting the head together with the journal (and the
 *   snapshot) left files that looked like a new vault, or one from before heads, and it opened
 *   empty or old. What it cannot see is every file put back together from one earlier copy:
 *   that is what restoring a backup looks like, and nothing on this disk can tell the two apart.
 * - Padding: every line's plaintext is padded to a size bucket (record-padding.ts), so line
 *   lengths do not give away value lengths.
 * - When the journal grows past a threshold, the whole state is written as a new snapshot (temp
 *   file, fsync, rename), the journal is emptied down to one "base" line that continues the
 *   snapshot, and the head is updated. Compaction takes its turn in the same single task as the
 *   flushes: writes queued at that moment are taken into the snapshot (and acknowledged once it is
 *   on disk), writes that arrive during it wait and are flushed after. It used to wait for a moment
 *   with nothing queued, which under sustained writes never came.
 *
 * Crash windows, and why each opens again with every acknowledged write:
 * - journal fsync'ed, head not yet updated: the head names an earlier line; the lines after it are
 *   complete and chained, so they are kept and the head is sealed over them on open.
 * - head update torn by a power loss: its other slot holds the previous head and the journal holds
 *   the line the torn update was sealing (head.ts).
 * - snapshot renamed, journal not yet emptied: the journal ends exactly where the snapshot says it
 *   was taken (`from`), so it is recognised as the journal the snapshot replaced; the compaction is
 *   finished on open (the journal emptied to its base line, the head updated).
 * - journal emptied (or its base line torn), head not updated: the snapshot's `from` is the
 *   point the head names; the base line is written on open.
 * - first open of a vault from before the head existed (and creation of a new one): nothing names
 *   its end, so it is adopted as it is — the head is created first, then vault.json is sealed,
 *   then everything is rewritten in the chained format by a compaction. A crash before the seal
 *   leaves an unsealed vault.json with a head, which is checked as usual; after the seal a missing
 *   head is a rollback, not an old vault, even when the compaction failed and the journal still
 *   starts with unchained lines. (A new vault's vault.json is its seal: a crash before it leaves
 *   a head and an empty journal without a vault.json, which index.ts clears away.)
 */
export const SNAPSHOT_FILE = 'snapshot.vault';
export const JOURNAL_FILE = 'journal.vault';
export { HEAD_FILE } from './head';
const JOURNAL_PURPOSE = 'foundry-vault/journal';
const SNAPSHOT_PURPOSE = 'foundry-vault/snapshot';
/** Lines after the header are bound to their snapshot and position: none can be moved or swapped in from another snapshot. */
const snapshotLinePurpose = (seq: number, index: number): string => `${SNAPSHOT_PURPOSE}/${seq}/${index}`;
/** Secrets per snapshot record. */
const SNAPSHOT_CHUNK_SECRETS = 500;
/**
 * The journal is opened with O_DSYNC where there is one: each append returns once its data is on
 * disk, one system call (and one trip to libuv's thread pool) instead of a write and an fdatasync.
 * Elsewhere (Windows) the store syncs after writing.
 */
const JOURNAL_DSYNC: number | undefined = fsConstants.O_DSYNC;
const JOURNAL_OPEN_FLAGS: string | number = JOURNAL_DSYNC === undefined ? 'a' : fsConstants.O_WRONLY | fsConstants.O_APPEND | fsConstants.O_CREAT | JOURNAL_DSYNC;
const NOTHING_CHANGED = 'The vault was not opened and nothing was changed; restore the whole data directory from a backup.';
const NOTHING_CHANGED_DAMAGED = 'The vault was not opened and nothing was changed; restore the data directory from a backup.';

/** One journal line: the writes of one group commit (or, as a base line, the snapshot it continues). */
interface JournalLine {
  /** The sequence number of the line's first write; of the snapshot, for a base line. */
  readonly seq: number;
  /** The chain value before this line. Lines written before the chain existed have none. */
  readonly prev?: string;
  /** Each write's ops, in sequence order. */
  readonly records?: readonly (readonly Op[])[];
  /** Lines written before the chain existed held one write each. */
  readonly ops?: readonly Op[];
  /** The first line after a compaction. */
  readonly base?: true;
}
/** The layout of a snapshot's records of secrets: format 3 is binary (snapshot-secrets.ts); without it they are JSON lines. */
const SECRETS_LAYOUT = 3;
type SnapshotLine =
  | {
      readonly kind: 'header';
      readonly seq: number;
      readonly from?: ChainPoint;
      readonly layout?: typeof SECRETS_LAYOUT;
      /** With layout 3: how the stored ListSecrets entries were written (list-entry.ts LIST_ENTRY_VERSION). */
      readonly entries?: number;
    }
  | { readonly kind: 'chunk'; readonly ops: readonly Op[] }
  /**
   * Chunks written since snapshots hold one `loadSecret` op per secret. Code from before that op
   * would skip it without a word and open an empty vault; under a kind of their own, it refuses
   * them as out of place instead.
   */
  | { readonly kind: 'secrets'; readonly ops: readonly Op[] }
  | { readonly kind: 'end'; readonly chunks: number };

interface StoreKeys {
  readonly data: Buffer;
  readonly chain: Buffer;
  readonly head: Buffer;
}

interface EncodedLine {
  /** What the chain links (its header authenticates the rest). */
  readonly sealed: Buffer;
  /** base64 and a newline, as written. */
  readonly line: Buffer;
}

/** A snapshot record: sealed and padded like a line, framed in binary (snapshot-format.ts). */
function sealRecord(key: Buffer, purpose: string, json: string): Buffer {
  return seal(key, purpose, padJson(json));
}

function encodeLine(key: Buffer, purpose: string, json: string): EncodedLine {
  const sealed = seal(key, purpose, padJson(json));
  return { sealed, line: Buffer.from(sealed.toString('base64') + '\n', 'ascii') };
}

function decodeLine<T>(key: Buffer, purpose: string, line: string, where: string): { value: T; sealed: Buffer } {
  return decodeSealed<T>(key, purpose, Buffer.from(line, 'base64'), where);
}

function decodeSealed<T>(key: Buffer, purpose: string, sealed: Buffer, where: string): { value: T; sealed: Buffer } {
  try {
    return { value: JSON.parse(open(key, purpose, sealed).toString('utf8')) as T, sealed };
  } catch (error) {
    const reason = error instanceof AuthenticationFailed ? 'fails its integrity check' : 'cannot be read';
    throw new VaultError('CORRUPT', `${where} ${reason}. The vault was not opened and nothing was changed; restore the data directory from a backup.`);
  }
}

/** A group commit's line. Built as text so each write's ops, serialised when it was queued, are not serialised again. */
function journalLineJson(firstSeq: number, prev: string, records: readonly string[]): string {
  return `{"seq":${firstSeq},"prev":${JSON.stringify(prev)},"records":[${records.join(',')}]}`;
}

const samePoint = (a: ChainPoint, b: ChainPoint): boolean => a.seq === b.seq && a.chain === b.chain;

/** What vault.json says about the head, and how to record it there (envelope.ts, key-payload.ts). */
export interface EnvelopeSeal {
  /** The vault keeps a sealed head (authenticated by the key protector): a missing head is a rollback, whatever the other files look like. */
  readonly sealed: boolean;
  /** Records the seal durably. Called once the head exists, before any chained line is written. */
  seal(): Promise<void>;
}

/** A store opened on its own, without a vault.json (tests of the store): adopted as unsealed, and nowhere to record a seal. */
const NO_ENVELOPE: EnvelopeSeal = { sealed: false, seal: async () => undefined };

export interface StoreOptions {
  readonly compactAfterBytes?: number;
  /** openVault always passes it. */
  readonly envelope?: EnvelopeSeal;
}

export interface OpenedStore {
  readonly store: VaultStore;
  readonly state: VaultState;
  /** Bytes of an unacknowledged, torn final journal line that were dropped. */
  readonly droppedTailBytes: number;
}

interface PendingWrite {
  readonly seq: number;
  /** The write's ops as JSON, serialised when it was queued. */
  readonly json: string;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

export class VaultStore {
  private pending: PendingWrite[] = [];
  private compactionWaiters: (() => void)[] = [];
  /** The one task that may touch the journal and head files: flushes and compactions, in turn. */
  private busy: Promise<void> | null = null;
  private failure: VaultError | null = null;
  private closed = false;
  /** Journal size that triggers the next automatic compaction (pushed back after a failed one). */
  private compactAt: number;
  /** Bytes of queued writes one group commit takes at most, so the journal overshoots its threshold by little. */
  private readonly batchBytes: number;
  /** The last compaction failure, if any. Writes go on: the journal still holds everything. */
  compactionError: Error | null = null;

  private constructor(
    private readonly dataDir: string,
    private readonly keys: StoreKeys,
    private readonly state: VaultState,
    private readonly journal: FileHandle,
    private readonly head: HeadWriter,
    /** The last sequence number handed out: every write up to it is applied in memory. */
    private seq: number,
    /** The journal's last line on disk: the next line chains from it. */
    private written: ChainPoint,
    private snapshotSeq: number,
    private journalBytes: number,
    private readonly compactAfterBytes: number,
  ) {
    this.compactAt = compactAfterBytes;
    this.batchBytes = Math.max(1, Math.floor(compactAfterBytes / 8));
  }

  static async open(dataDir: string, dataKey: Buffer, options: StoreOptions = {}): Promise<OpenedStore> {
    await removeTemporaryFiles(dataDir);
    const keys: StoreKeys = { data: dataKey, chain: chainKeyFor(dataKey), head: headKeyFor(dataKey) };
    const state = new VaultState();
    const snapshot = await loadSnapshot(path.join(dataDir, SNAPSHOT_FILE), keys, state);
    const journalPath = path.join(dataDir, JOURNAL_FILE);
    const replay = await replayJournal(journalPath, keys, state, snapshot);
    const headReading = await readHead(dataDir, keys.head);
    const envelope = options.envelope ?? NO_ENVELOPE;
    checkHead(dataDir, headReading, snapshot, replay, envelope.sealed);

    // Everything was checked; from here on files change, each step leaving a vault that opens again.
    const created = !(await exists(journalPath));
    const journal = await fs.open(journalPath, JOURNAL_OPEN_FLAGS, 0o600);
    let head: HeadWriter | undefined;
    try {
      if (created) await syncDirectory(dataDir); // the new file's directory entry must survive a power loss too
      if (replay.droppedTailBytes > 0) {
        await journal.truncate(replay.validBytes);
        await journal.sync();
      }
      // The head exists before any chained line does: a chained journal without a head is a rollback.
      head = headReading
        ? await HeadWriter.open(dataDir, keys.head, headReading.record.counter)
        : await HeadWriter.create(dataDir, keys.head, replay.final, snapshot.seq);
      // Then the seal, before any chained line: once a chained line exists, its vault.json must say
      // that a missing head is a rollback. A crash before this leaves a head, which is checked.
      if (!envelope.sealed) await envelope.seal();
      let written = replay.final;
      let journalBytes = replay.validBytes;
      if (replay.needsBaseLine) ({ written, journalBytes } = await restartJournal(journal, keys, snapshot.point));
      const sealed = headReading?.record ?? { ...replay.final, snapshotSeq: snapshot.seq };
      if (!samePoint(sealed, written) || sealed.snapshotSeq !== snapshot.seq) await head.writeDurably(written, snapshot.seq);
      const store = new VaultStore(dataDir, keys, state, journal, head, written.seq, written, snapshot.seq, journalBytes, options.compactAfterBytes ?? 8 * 1024 * 1024);
      // A vault from before the chain: rewrite it in the chained format now, so that from here on a
      // missing head cannot pass for an old vault. If that fails, it stays readable and is retried
      // by the next automatic compaction.
      if (snapshot.unchained || replay.unchainedLines) await store.compact().catch(() => undefined);
      return { store, state, droppedTailBytes: replay.droppedTailBytes };
    } catch (error) {
      await head?.close().catch(() => undefined);
      await journal.close().catch(() => undefined);
      if (error instanceof VaultError) throw error;
      // Every step above leaves files that open again, so trying again is safe.
      throw new VaultError('IO', `The vault in ${dataDir} could not finish opening (${(error as Error).message}); check the disk and try again.`, { cause: error });
    }
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
    const seq = this.seq;
    const json = JSON.stringify(ops);
    return new Promise((resolve, reject) => {
      this.pending.push({ seq, json, resolve, reject });
      this.kick();
    });
  }

  /** Waits for every pending write, then closes the journal. */
  async close(): Promise<void> {
    if (this.closed) return;
    while (this.busy) await this.busy;
    this.closed = true;
    await this.journal.close();
    await this.head.close();
  }

  /** Writes a snapshot now and empties the journal, in turn with writes (never in the middle of one). */
  async compact(): Promise<void> {
    const unavailable = this.unavailable;
    if (unavailable) throw unavailable;
    await new Promise<void>((resolve) => {
      this.compactionWaiters.push(resolve);
      this.kick();
    });
    if (this.failure) throw this.failure;
    if (this.compactionError) throw this.compactionError;
  }

  private kick(): void {
    if (this.busy) return;
    this.busy = this.work().finally(() => {
      this.busy = null;
      if (this.pending.length > 0 || this.compactionWaiters.length > 0) this.kick();
    });
  }

  /** The single busy task: a due compaction goes before the next group commit, so sustained writes cannot starve it. */
  private async work(): Promise<void> {
    try {
      for (;;) {
        if (this.failure) return this.abandonQueued(this.failure);
        if (this.compactionWaiters.length > 0 || this.compactionDue) {
          const waiters = this.compactionWaiters.splice(0);
          await this.compactNow();
          for (const done of waiters) done();
        } else if (this.pending.length > 0) {
          await this.flushBatch();
        } else {
          return;
        }
      }
    } catch (error) {
      // Not a file error (those are handled where they happen) but a bug: stop rather than guess.
      this.failure ??= new VaultError('IO', `The vault stopped taking writes after an unexpected error (${(error as Error).message}); restart it.`, { cause: error });
      this.abandonQueued(this.failure);
    }
  }

  /** Over the threshold with writes since the snapshot (a base line alone may exceed a tiny threshold: compacting it again gains nothing). */
  private get compactionDue(): boolean {
    return this.journalBytes > this.compactAt && this.written.seq > this.snapshotSeq;
  }

  private abandonQueued(failure: VaultError): void {
    for (const entry of this.pending.splice(0)) entry.reject(failure);
    for (const done of this.compactionWaiters.splice(0)) done();
  }

  /** Stops taking writes: after a failed write the state in memory may be ahead of the disk. */
  private fail(message: string, error: unknown, batch: readonly PendingWrite[]): void {
    this.failure = new VaultError('IO', `${message} (${(error as Error).message}); restart it.`, { cause: error });
    for (const entry of batch) entry.reject(this.failure);
  }

  private takeBatch(): PendingWrite[] {
    let count = 0;
    let bytes = 0;
    while (count < this.pending.length && (count === 0 || bytes < this.batchBytes)) {
      bytes += (this.pending[count] as PendingWrite).json.length;
      count += 1;
    }
    return this.pending.splice(0, count);
  }

  private async flushBatch(): Promise<void> {
    const batch = this.takeBatch();
    const prev = this.written.chain;
    const encoded = encodeLine(this.keys.data, JOURNAL_PURPOSE, journalLineJson((batch[0] as PendingWrite).seq, prev, batch.map((entry) => entry.json)));
    const point: ChainPoint = { seq: (batch.at(-1) as PendingWrite).seq, chain: linkLine(this.keys.chain, prev, encoded.sealed) };
    try {
      await this.writeAll(encoded.line);
      if (JOURNAL_DSYNC === undefined) await this.journal.datasync();
    } catch (error) {
      // A partial line is cut off so it cannot sit in front of anything written later.
      await this.journal.truncate(this.journalBytes).catch(() => undefined);
      this.fail(`The vault could not write to ${this.dataDir}`, error, batch);
      return;
    }
    this.journalBytes += encoded.line.length;
    this.written = point;
    try {
      await this.head.write(point, this.snapshotSeq);
    } catch (error) {
      // The line stays: it is complete and chained, and a head torn now falls back on the line being there.
      this.fail(`The vault could not seal its journal head in ${this.dataDir}`, error, batch);
      return;
    }
    for (const entry of batch) entry.resolve();
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
    // Serialised synchronously, so requests that arrive meanwhile cannot change what is written. The
    // state holds every write handed a sequence number, queued ones included: the snapshot takes
    // those in, and they are acknowledged once it is on disk instead of being journalled.
    const seq = this.seq;
    const from = this.written;
    const absorbed = this.pending.splice(0);
    const header = encodeLine(this.keys.data, SNAPSHOT_PURPOSE, JSON.stringify({ kind: 'header', seq, from, layout: SECRETS_LAYOUT, entries: LIST_ENTRY_VERSION } satisfies SnapshotLine));
    const lines = [header.sealed];
    let chunk: SecretRecord[] = [];
    let chunks = 0;
    const flushChunk = (): void => {
      // The secrets take their entries and versions from the record (snapshot-secrets.ts), which seal() only reads.
      lines.push(seal(this.keys.data, snapshotLinePurpose(seq, lines.length), encodeSecretsRecord(chunk, true)));
      chunks += 1;
      chunk = [];
    };
    for (const secret of this.state.byArn.values()) {
      chunk.push(secret);
      if (chunk.length >= SNAPSHOT_CHUNK_SECRETS) flushChunk();
    }
    if (chunk.length > 0) flushChunk();
    lines.push(sealRecord(this.keys.data, snapshotLinePurpose(seq, lines.length), JSON.stringify({ kind: 'end', chunks } satisfies SnapshotLine)));
    const snapshotPoint: ChainPoint = { seq, chain: linkSnapshot(this.keys.chain, from.chain, header.sealed) };
    try {
      // The last head update must be on disk before the journal it names is emptied: were it lost
      // with a power loss, the head left would name a line that no longer exists (a false ROLLBACK).
      await this.head.synced();
      await writeFileDurably(path.join(this.dataDir, SNAPSHOT_FILE), encodeSnapshotFile(lines));
    } catch (error) {
      // Nothing is lost: the old snapshot and the journal are still complete, and the writes taken
      // in go back to the front of the queue, in order. Try again later.
      this.pending.unshift(...absorbed);
      this.compactionError = error as Error;
      this.compactAt = this.journalBytes * 2;
      return;
    }
    this.snapshotSeq = seq;
    try {
      ({ written: this.written, journalBytes: this.journalBytes } = await restartJournal(this.journal, this.keys, snapshotPoint));
      this.compactAt = this.compactAfterBytes;
      this.compactionError = null;
    } catch (error) {
      // The journal may now be empty or torn: the snapshot holds the state, and opening finishes this.
      this.fail(`The vault could not reset its journal in ${this.dataDir}`, error, absorbed);
      return;
    }
    try {
      await this.head.writeDurably(this.written, seq);
    } catch (error) {
      this.fail(`The vault could not seal its journal head in ${this.dataDir}`, error, absorbed);
      return;
    }
    // Only now: until the head names the new snapshot, putting the previous one back (with the
    // journal that continues it) would undo the writes taken in without the head noticing.
    for (const entry of absorbed) entry.resolve();
  }
}

/** Empties the journal down to one base line that continues the snapshot at `snapshotPoint`. */
async function restartJournal(journal: FileHandle, keys: StoreKeys, snapshotPoint: ChainPoint): Promise<{ written: ChainPoint; journalBytes: number }> {
  const base = encodeLine(keys.data, JOURNAL_PURPOSE, JSON.stringify({ seq: snapshotPoint.seq, prev: snapshotPoint.chain, records: [], base: true } satisfies JournalLine));
  await journal.truncate(0);
  let offset = 0;
  while (offset < base.line.length) {
    const { bytesWritten } = await journal.write(base.line, offset, base.line.length - offset);
    if (bytesWritten === 0) throw new Error('no progress writing the journal');
    offset += bytesWritten;
  }
  await journal.sync();
  return { written: { seq: snapshotPoint.seq, chain: linkLine(keys.chain, snapshotPoint.chain, base.sealed) }, journalBytes: base.line.length };
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

async function readBytesIfExists(file: string): Promise<Buffer | null> {
  try {
    return await fs.readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new VaultError('IO', `Cannot read ${file}: ${(error as Error).message}`, { cause: error });
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

interface SnapshotInfo {
  readonly file: string;
  readonly present: boolean;
  /** The last write it holds (0 without a snapshot). */
  readonly seq: number;
  /** Where the journal continues from: the snapshot's chain value (the genesis value without one). */
  readonly point: ChainPoint;
  /** The journal's last line when it was taken; absent in snapshots from before the chain. */
  readonly from?: ChainPoint;
  readonly unchained: boolean;
}

function isChainPoint(value: unknown): value is ChainPoint {
  const point = value as Partial<ChainPoint> | null;
  return typeof point === 'object' && point !== null && Number.isSafeInteger(point.seq) && typeof point.chain === 'string';
}

async function loadSnapshot(file: string, keys: StoreKeys, state: VaultState): Promise<SnapshotInfo> {
  const bytes = await readBytesIfExists(file);
  if (bytes === null) return { file, present: false, seq: 0, point: { seq: 0, chain: genesis(keys.chain) }, unchained: false };
  const { sealed: lines, unit } = snapshotRecords(bytes, file);
  if (lines.length === 0) throw new VaultError('CORRUPT', `${file} is empty; restore the data directory from a backup.`);
  const where = (index: number): string => `${file} ${unit} ${index + 1}`;
  const { value: header, sealed: headerSealed } = decodeSealed<SnapshotLine>(keys.data, SNAPSHOT_PURPOSE, lines[0] as Buffer, where(0));
  if (header.kind !== 'header' || !Number.isSafeInteger(header.seq) || (header.from !== undefined && !isChainPoint(header.from)) || (header.layout !== undefined && header.layout !== SECRETS_LAYOUT)) {
    throw new VaultError('CORRUPT', `${file} does not start with a snapshot header; restore the data directory from a backup.`);
  }
  const last = lines.length - 1;
  const footer = decodeSealed<SnapshotLine>(keys.data, snapshotLinePurpose(header.seq, last), lines[last] as Buffer, where(last)).value;
  if (footer.kind !== 'end' || footer.chunks !== lines.length - 2) {
    throw new VaultError('CORRUPT', `${file} is incomplete; restore the data directory from a backup.`);
  }
  for (let index = 1; index < lines.length - 1; index += 1) {
    const purpose = snapshotLinePurpose(header.seq, index);
    if (header.layout === SECRETS_LAYOUT) {
      loadSecretsOrCorrupt(keys.data, purpose, lines[index] as Buffer, state, header.entries === LIST_ENTRY_VERSION, where(index));
      continue;
    }
    const line = decodeSealed<SnapshotLine>(keys.data, purpose, lines[index] as Buffer, where(index)).value;
    if (line.kind !== 'chunk' && line.kind !== 'secrets') throw new VaultError('CORRUPT', `${where(index)} is out of place.`);
    applyOrCorrupt(state, line.ops, where(index));
  }
  const { from } = header;
  if (!from) return { file, present: true, seq: header.seq, point: { seq: header.seq, chain: genesis(keys.chain) }, unchained: true };
  return { file, present: true, seq: header.seq, point: { seq: header.seq, chain: linkSnapshot(keys.chain, from.chain, headerSealed) }, from, unchained: false };
}

interface JournalReplay {
  /** Every point of the history on disk, in order: where the head may point. */
  readonly points: readonly ChainPoint[];
  /** The last of them: where the next write chains from. */
  readonly final: ChainPoint;
  /** The journal does not continue the snapshot (empty, or the one a compaction did not get to empty): it gets a base line. */
  readonly needsBaseLine: boolean;
  readonly chainedLines: boolean;
  readonly unchainedLines: boolean;
  readonly validBytes: number;
  readonly droppedTailBytes: number;
}

/** A line's writes (none for a base line), in either format; anything else was not written by this code. */
function writesOf(line: JournalLine, where: string): readonly (readonly Op[])[] {
  const records = line.records ?? (line.ops && !line.base ? [line.ops] : []);
  const wellFormed =
    Number.isSafeInteger(line.seq) &&
    (line.prev === undefined || typeof line.prev === 'string') &&
    Array.isArray(records) &&
    (line.base ? records.length === 0 : records.length > 0 && (line.records !== undefined || line.ops !== undefined));
  if (!wellFormed) throw new VaultError('CORRUPT', `${where} is not a journal record; restore the data directory from a backup.`);
  return records;
}

/**
 * How a journal's first line relates to the snapshot: it continues it, or it is the journal the
 * snapshot replaced (a compaction did not get to empty it). A journal that continues a later
 * snapshot than the one here means the snapshot was lost, or an older one was put back.
 */
function journalStart(start: ChainPoint, snapshot: SnapshotInfo): 'continues' | 'replaced' {
  if (samePoint(start, snapshot.point)) return 'continues';
  if (start.seq > snapshot.seq || !snapshot.present) {
    if (!snapshot.present) {
      throw new VaultError('CORRUPT', `${snapshot.file} is missing or is not the snapshot the journal continues; restore the data directory from a backup.`);
    }
    throw new VaultError(
      'ROLLBACK',
      `${snapshot.file} is older than the journal it should continue (it holds writes up to #${snapshot.seq}, the journal continues from #${start.seq}): an older copy was put back. ${NOTHING_CHANGED}`,
    );
  }
  return 'replaced';
}

async function replayJournal(file: string, keys: StoreKeys, state: VaultState, snapshot: SnapshotInfo): Promise<JournalReplay> {
  const text = (await readIfExists(file)) ?? '';
  const points: ChainPoint[] = [];
  let relation: 'continues' | 'replaced' | undefined;
  let chain = '';
  let seq = 0;
  let chainedLines = false;
  let unchainedLines = false;
  let offset = 0;
  let lineNumber = 0;
  while (offset < text.length) {
    const end = text.indexOf('\n', offset);
    if (end === -1) break; // torn final line: never acknowledged
    lineNumber += 1;
    const where = `${file} line ${lineNumber}`;
    const { value: line, sealed } = decodeLine<JournalLine>(keys.data, JOURNAL_PURPOSE, text.slice(offset, end), where);
    offset = end + 1;
    const writes = writesOf(line, where);
    if (relation === undefined) {
      const start: ChainPoint = { seq: line.base ? line.seq : line.seq - 1, chain: line.prev ?? genesis(keys.chain) };
      relation = journalStart(start, snapshot);
      points.push(start);
      chain = start.chain;
      seq = start.seq;
    } else if (line.base) {
      throw new VaultError('CORRUPT', `${where} is out of place; restore the data directory from a backup.`);
    }
    if (line.prev !== undefined) {
      if (line.prev !== chain) throw new VaultError('CORRUPT', `${where} does not follow the line before it; restore the data directory from a backup.`);
      chainedLines = true;
    } else {
      if (chainedLines) throw new VaultError('CORRUPT', `${where} is in an older format than the lines before it; restore the data directory from a backup.`);
      unchainedLines = true;
    }
    if (!line.base) {
      if (line.seq !== seq + 1) throw new VaultError('CORRUPT', `${where} is out of sequence; a record is missing. Restore from a backup.`);
      seq = line.seq + writes.length - 1;
      if (relation === 'continues') {
        for (const ops of writes) applyOrCorrupt(state, ops, where);
      } else if (seq > snapshot.seq) {
        // The journal a snapshot replaced ends where the snapshot was taken: no later write is in it.
        throw new VaultError('CORRUPT', `${where} is newer than ${snapshot.file}, which should hold everything before it; restore the data directory from a backup.`);
      }
    }
    chain = linkLine(keys.chain, chain, sealed);
    points.push({ seq, chain });
  }
  const snapshotPoints = snapshot.from ? [snapshot.from, snapshot.point] : [snapshot.point];
  let history: ChainPoint[];
  if (relation === 'continues') {
    history = [...snapshotPoints, ...points.slice(1)]; // points[0] is the snapshot's own point
  } else if (relation === 'replaced') {
    if (snapshot.from && !samePoint(points.at(-1) as ChainPoint, snapshot.from)) {
      throw new VaultError('CORRUPT', `${file} is not the journal ${snapshot.file} was taken from, nor one that continues it; restore the data directory from a backup.`);
    }
    history = [...points, snapshot.point];
  } else {
    history = snapshotPoints;
  }
  return {
    points: history,
    final: history.at(-1) as ChainPoint,
    needsBaseLine: snapshot.present && relation !== 'continues',
    chainedLines: chainedLines || snapshot.from !== undefined,
    unchainedLines,
    validBytes: offset,
    droppedTailBytes: text.length - offset, // base64 + '\n': characters and bytes coincide
  };
}

/** Refuses to open when the head names a write the files do not hold (ROLLBACK), before anything is changed. */
function checkHead(dataDir: string, reading: HeadReading | null, snapshot: SnapshotInfo, replay: JournalReplay, sealed: boolean): void {
  const file = path.join(dataDir, HEAD_FILE);
  if (!reading) {
    // Not sealed and nothing chained: a vault from before the head existed, or a new one; the head is created now.
    // Sealed: its head was created before the seal, so it was removed — whatever else is (or is not) there.
    if (!sealed && !replay.chainedLines) return;
    throw new VaultError(
      'ROLLBACK',
      `${file} is missing, so the vault cannot confirm that its last acknowledged writes are all there (removing it is how a cut journal would be hidden). ${NOTHING_CHANGED}`,
    );
  }
  const { record } = reading;
  const at = replay.points.findIndex((point) => samePoint(point, record));
  if (at === -1) {
    if (record.seq > replay.final.seq) {
      throw new VaultError(
        'ROLLBACK',
        `The vault's sealed head (${file}) records acknowledged write #${record.seq}, but the journal ends at #${replay.final.seq}: the journal was cut or replaced by an older copy. ${NOTHING_CHANGED}`,
      );
    }
    throw new VaultError(
      'ROLLBACK',
      `The vault's sealed head (${file}) records write #${record.seq}, but the journal's write #${record.seq} is a different one: the end of the journal was replaced. ${NOTHING_CHANGED}`,
    );
  }
  if (reading.otherSlotDamaged && at === replay.points.length - 1) {
    throw new VaultError(
      'ROLLBACK',
      `One of the two records in ${file} is damaged, and the journal ends exactly at the other, older one: its last acknowledged writes cannot be confirmed (the journal may have been cut). ${NOTHING_CHANGED}`,
    );
  }
  if (record.snapshotSeq > snapshot.seq) {
    throw new VaultError('ROLLBACK', `${snapshot.file} is older than the snapshot ${file} records (#${record.snapshotSeq}, found #${snapshot.seq}). ${NOTHING_CHANGED}`);
  }
}

/** A format-3 record of secrets (snapshot-secrets.ts) into the state, or CORRUPT. */
function loadSecretsOrCorrupt(key: Buffer, purpose: string, sealed: Buffer, state: VaultState, storedEntries: boolean, where: string): void {
  let plaintext: Buffer;
  try {
    plaintext = open(key, purpose, sealed);
  } catch {
    throw new VaultError('CORRUPT', `${where} fails its integrity check. ${NOTHING_CHANGED_DAMAGED}`);
  }
  try {
    loadSecretsRecord(plaintext, state, storedEntries);
  } catch {
    throw new VaultError('CORRUPT', `${where} cannot be read. ${NOTHING_CHANGED_DAMAGED}`);
  }
}

function applyOrCorrupt(state: VaultState, ops: readonly Op[], where: string): void {
  try {
    state.apply(ops);
  } catch {
    throw new VaultError('CORRUPT', `${where} does not fit the rest of the vault; restore the data directory from a backup.`);
  }
}
