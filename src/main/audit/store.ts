/**
 * The audit log on disk: append-only JSON Lines in `<userData>/audit/`, `audit-000001.jsonl`,
 * `audit-000002.jsonl` …, plus `head.json` (the seq, hash and file of the last acknowledged entry,
 * sealed with a MAC) and `audit-key.json` (the audit key, wrapped by the key protector, with a copy
 * beside the audit folder: see audit-key.ts). Every entry is sealed with a MAC under the audit key;
 * an entry that does not verify is never adopted, and a log whose end cannot be trusted is not
 * continued: the app starts a new chain, which verification reports (see recover()).
 *
 * An append is acknowledged only when its whole line has been written and fsync'ed (and the head
 * updated); the caller treats any failure as "not recorded". Appends that arrive together share
 * one write, one fsync and one head update (group commit). Files rotate when the next line would
 * pass `maxFileBytes`; the first entry of a new file seals the last one of the previous file, so
 * the chain runs across files. Nothing here rewrites or deletes an entry.
 *
 * The file is opened for each append (not kept open), so what the path points to now is what is
 * written: a replaced or removed folder fails the append instead of writing into a stale handle.
 * Appends and reads run one at a time, so a reader never sees half a line of its own process.
 * Scans are incremental (scan-cache.ts): what the log appended goes into the verified state
 * directly, and only files that changed on disk are read again.
 */
import { promises as fs, type BigIntStats } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { auditKeyIdSchema, sha256HexSchema, type AuditEntry } from '../../shared/audit';
import { makePrivateDirectory, syncDirectory, writeFileDurably } from '../durable-fs';
import { createSerialQueue } from '../serial-queue';
import { checkHead, isForged, isIntact, openAuditKeys, sealHead, type AuditHead, type AuditKeyProtector, type AuditKeyring, type AuditWriteKey } from './audit-key';
import { GENESIS_HASH, parseLine, seal, toLine, type SealingKey, type UnsealedEntry } from './entry';
import { createScanCache } from './scan-cache';
import { MAX_GROUP_ENTRIES, type AuditScan, type HeadState } from './verify';

export const AUDIT_DIR = 'audit';
export const HEAD_FILE = 'head.json';
export const DEFAULT_MAX_FILE_BYTES = 4 * 1024 * 1024;
const FILE_PATTERN = /^audit-(\d{6,})\.jsonl$/;

export function auditFileName(index: number): string {
  return `audit-${String(index).padStart(6, '0')}.jsonl`;
}

/** What a caller supplies; seq, time, keyId and prevHash are the log's. */
export type AuditRecord = Omit<UnsealedEntry, 'seq' | 'time' | 'prevHash' | 'keyId'>;

export interface AuditLogOptions {
  readonly dir: string;
  /** The protector that wraps the audit key: the one that guards the vault's data key. */
  readonly keyProtector: AuditKeyProtector;
  readonly maxFileBytes?: number;
  readonly clock?: () => Date;
}

export interface AuditLog {
  readonly dir: string;
  /** Resolves once the entry is durable; rejects (with an `AuditWriteError`) when it is not. */
  append(record: AuditRecord): Promise<AuditEntry>;
  /** Every entry and the verification of the whole chain. */
  scan(): Promise<AuditScan>;
}

/** An append that was not acknowledged; `reason` is a system error code such as ENOSPC, never file content. */
export class AuditWriteError extends Error {
  override readonly name = 'AuditWriteError';
  constructor(readonly reason: string) {
    super(`the audit log could not be written (${reason})`);
  }
}

/** A head from before the log was keyed has no keyId and no MAC; a head at entry 0 (a new log) names file 0. */
const headSchema = z
  .strictObject({ seq: z.number().int().nonnegative(), hash: sha256HexSchema, file: z.number().int().nonnegative(), keyId: auditKeyIdSchema.optional(), mac: sha256HexSchema.optional() })
  .refine((head) => (head.keyId === undefined) === (head.mac === undefined));
/** Seqs beyond this are not taken from a line to number a new chain (the next seq must stay a safe integer). */
const MAX_TRUSTED_SEQ = 2 ** 48;

interface Tail {
  nextSeq: number;
  prevHash: string;
  file: number;
  size: number;
}

interface Recovered {
  readonly tail: Tail;
  /** A head to seal and write before the next lines: the entry the log now goes on from. */
  readonly head?: { seq: number; hash: string; file: number };
}

async function listFiles(dir: string): Promise<{ index: number; name: string }[]> {
  const names = await fs.readdir(dir);
  return names
    .map((name) => ({ name, match: FILE_PATTERN.exec(name) }))
    .filter((f): f is { name: string; match: RegExpExecArray } => f.match !== null)
    .map((f) => ({ index: Number(f.match[1]), name: f.name }))
    .sort((a, b) => a.index - b.index);
}

async function readHead(dir: string): Promise<HeadState> {
  let text: string;
  try {
    text = await fs.readFile(path.join(dir, HEAD_FILE), 'utf8');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unreadable';
  }
  try {
    const parsed = headSchema.safeParse(JSON.parse(text));
    if (!parsed.success) return 'unreadable';
    const { keyId, mac, ...where } = parsed.data;
    return keyId !== undefined && mac !== undefined ? { ...where, keyId, mac } : where;
  } catch {
    return 'unreadable';
  }
}

/** The complete lines of a file's text (what follows the last newline is nothing, or a torn line). */
function completeLines(text: string): string[] {
  const lines = text.split('\n');
  lines.pop();
  return lines;
}

function entryOn(line: string): AuditEntry | undefined {
  const parsed = parseLine(line);
  return parsed.ok ? parsed.entry : undefined;
}

/** The entry on a line if it verifies (its MAC under a known audit key, or an accepted legacy hash). */
function intactEntry(line: string, keyring: AuditKeyring): AuditEntry | undefined {
  const entry = entryOn(line);
  return entry && isIntact(keyring, entry) ? entry : undefined;
}

/**
 * Whether the last complete lines are 1 to MAX_GROUP_ENTRIES intact entries chained from `head`:
 * a group commit whose head update was interrupted.
 */
function chainedPastHead(lines: readonly string[], head: AuditHead, keyring: AuditKeyring): boolean {
  const past: AuditEntry[] = [];
  for (let index = lines.length - 1; index >= 0 && past.length < MAX_GROUP_ENTRIES; index -= 1) {
    const entry = intactEntry(lines[index] as string, keyring);
    if (!entry) return false;
    past.unshift(entry);
    if (entry.seq <= head.seq + 1) break;
  }
  let previous: { seq: number; hash: string } = head;
  for (const entry of past) {
    if (entry.seq !== previous.seq + 1 || entry.prevHash !== previous.hash) return false;
    previous = entry;
  }
  return past.length > 0;
}

/** The highest seq on any line of the log (forged or not), so a new chain never reuses a number. */
async function highestSeq(dir: string, files: readonly { name: string }[]): Promise<number> {
  let highest = 0;
  for (const { name } of files) {
    for (const line of completeLines(await fs.readFile(path.join(dir, name), 'utf8'))) {
      try {
        const seq = (JSON.parse(line) as { seq?: unknown } | null)?.seq;
        if (typeof seq === 'number' && Number.isInteger(seq) && seq > highest && seq < MAX_TRUSTED_SEQ) highest = seq;
      } catch {
        // not an entry: it has no seq to keep clear of
      }
    }
  }
  return highest;
}

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && /^[A-Z0-9_]{2,32}$/.test(code)) return code;
  return error instanceof Error ? error.name.slice(0, 64) : 'unknown error';
}


export function openAuditLog(options: AuditLogOptions): AuditLog {
  const { dir } = options;
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const clock = options.clock ?? (() => new Date());
  const headFile = path.join(dir, HEAD_FILE);
  const writeHead = (head: AuditHead): Promise<void> => writeFileDurably(headFile, `${JSON.stringify(head)}\n`);
  const keys = openAuditKeys({ dir, protector: options.keyProtector, clock });
  const cache = createScanCache();

  /** Where the next entry goes (findEnd), and the head to seal before the next lines, if any. */
  async function recover(keyring: AuditKeyring): Promise<Recovered> {
    await makePrivateDirectory(dir); // owner-only even if it existed with a wider mode
    const head = await readHead(dir);
    const found = await findEnd(keyring, head);
    // A head from before the log was keyed is sealed before the first keyed lines: from then on a
    // head without MAC is never the app's (see checkHead).
    if (found.head || typeof head !== 'object' || checkHead(keyring, head).kind !== 'legacy') return found;
    return { ...found, head: { seq: head.seq, hash: head.hash, file: head.file } };
  }

  /**
   * Where the next entry goes, worked out from the disk: after the head (the last acknowledged
   * entry), rolling forward over one group written just before an interrupted head update. Only a
   * head that verifies (sealed under a usable key, or one from before the log was keyed) is followed,
   * and only entries that verify (their MAC under a known key) are rolled forward over or continued
   * from: a forged entry is never adopted, even with a head rewritten to name it. A file that does
   * not end cleanly, or does not end at the head, is left as it is (evidence) and the log goes on in
   * a new file.
   *
   * When the end of the log cannot be trusted — the head is missing (a keyed log always has one:
   * entry 0 is written before its first lines), does not verify, or names an entry that does not —
   * the log is not continued: going on from its last good entry would seal whatever was cut or
   * rewritten, and the new head would hide it. The app starts a new chain instead, in a new file,
   * numbered after the highest seq found, its first entry sealing 64 zeros: verification reports
   * that entry for good (`chain-break`), whatever happens to the head. Appends go on (the log fails
   * closed only when it cannot write), as when a key is lost.
   */
  async function findEnd(keyring: AuditKeyring, head: HeadState): Promise<Recovered> {
    const files = await listFiles(dir);
    const verdict = typeof head === 'object' ? checkHead(keyring, head) : undefined;
    const trusted = typeof head === 'object' && (verdict?.kind === 'sealed' || verdict?.kind === 'legacy') ? head : undefined;
    // Under a key that is only unavailable here (lost, another protector): it may attest the last line, not more.
    const known = trusted ?? (typeof head === 'object' && verdict?.kind === 'key-unavailable' && verdict.listed ? head : undefined);
    const lastFile = files.at(-1);
    if (!lastFile) {
      if (trusted) return { tail: { nextSeq: trusted.seq + 1, prevHash: trusted.hash, file: trusted.file + 1, size: 0 } };
      // A new log: entry 0 is its head until its first lines are written.
      return { tail: { nextSeq: 1, prevHash: GENESIS_HASH, file: 1, size: 0 }, head: { seq: 0, hash: GENESIS_HASH, file: 0 } };
    }
    const text = await fs.readFile(path.join(dir, lastFile.name), 'utf8');
    const size = Buffer.byteLength(text);
    const clean = text === '' || text.endsWith('\n');
    const lines = completeLines(text);
    let lastLine = lines.length - 1;
    while (lastLine >= 0 && (lines[lastLine] as string).trim() === '') lastLine -= 1;
    const lastParsed = lastLine >= 0 ? entryOn(lines[lastLine] as string) : undefined;
    const last = lastParsed && isIntact(keyring, lastParsed) ? lastParsed : undefined;
    const continueAfter = (entry: { seq: number; hash: string }, sameFile: boolean): Tail =>
      sameFile ? { nextSeq: entry.seq + 1, prevHash: entry.hash, file: lastFile.index, size } : { nextSeq: entry.seq + 1, prevHash: entry.hash, file: lastFile.index + 1, size: 0 };

    if (text === '' && trusted) return { tail: continueAfter(trusted, true) }; // a new file whose first append failed
    // The end is where the head says: go on after it (also when its key is unavailable here: the
    // head attests it, nothing is adopted, and the verification reports the entries it cannot check).
    // A head without a MAC names only an entry without one (from before the log was keyed).
    if (
      lastParsed &&
      known &&
      lastParsed.seq === known.seq &&
      lastParsed.hash === known.hash &&
      !isForged(keyring, lastParsed) &&
      !(verdict?.kind === 'legacy' && lastParsed.keyId !== undefined)
    ) {
      return { tail: continueAfter(lastParsed, clean) };
    }
    // The lines were durable but their head update did not happen: adopt them. Without a head, only
    // in a log from before the key (a keyed log's head is written before its first lines).
    const noKeyYet = head === 'missing' && keyring.legacyBelow === Infinity;
    if (last && (noKeyYet || (known && chainedPastHead(lines, known, keyring)))) {
      return { tail: continueAfter(last, clean), head: { seq: last.seq, hash: last.hash, file: lastFile.index } };
    }
    // The end of the log does not match a head that verifies: go on after the head in a new file (a
    // cut-off end stays visible as a gap), unless the head names an entry that is there and does not
    // verify (a forged entry with a head rewritten for it).
    const headForged = trusted !== undefined && lines.some((line) => {
      const entry = entryOn(line);
      return entry?.hash === trusted.hash && isForged(keyring, entry);
    });
    if (trusted && !headForged) return { tail: continueAfter(trusted, false) };
    // No end can be trusted: a new chain, reported for good by the verification.
    const seq = (await highestSeq(dir, files)) + 1;
    return { tail: { nextSeq: seq, prevHash: GENESIS_HASH, file: lastFile.index + 1, size: 0 }, head: { seq: seq - 1, hash: GENESIS_HASH, file: lastFile.index } };
  }

  let tail: Tail | undefined;

  interface Waiting {
    readonly record: AuditRecord;
    resolve(entry: AuditEntry): void;
    reject(error: AuditWriteError): void;
  }
  /** Appends waiting for the next group commit, in call order. */
  const waiting: Waiting[] = [];

  /** Seals one waiting record; one the reader would refuse is refused alone (it takes no seq). */
  function sealFor(item: Waiting, seq: number, prevHash: string, key: SealingKey): AuditEntry | undefined {
    try {
      return seal({ ...item.record, seq, time: clock().toISOString(), prevHash }, key);
    } catch (error) {
      item.reject(new AuditWriteError(reasonOf(error)));
      return undefined;
    }
  }

  /** The key to seal with; a new one when none kept by this app's protector can be used (lost, damaged, another protector). */
  async function sealingKey(nextSeq: number): Promise<AuditWriteKey> {
    let keyring = await keys.current();
    if (keyring.incomplete) {
      // A key file missing or short of records: write both again from what was found. Only a
      // redundant copy is at stake here, so an append does not fail for it (the scan reports files it cannot read).
      keyring = await keys.mirror().catch(() => keyring);
    }
    const key = keyring.writeKey ?? (await keys.create(nextSeq)).writeKey;
    if (!key) throw new AuditWriteError('KEY_UNAVAILABLE');
    return key;
  }

  /**
   * Writes a group of appends (group commit): their lines in one write and one fsync, then one head
   * update naming the last of them, so concurrent appends share the cost of durability. A group
   * stays within one file (it ends where the file rotates; the rest goes first in the next group),
   * so the entries a crash can leave past the head are all in the last file, chained from the
   * head: recover() adopts them and the verification accepts them (at most MAX_GROUP_ENTRIES).
   * Each append is acknowledged, or refused, once its whole group is durable, or has failed.
   */
  async function appendGroup(group: readonly Waiting[]): Promise<void> {
    let taken: readonly Waiting[] = group;
    const sealed: { readonly item: Waiting; readonly entry: AuditEntry }[] = [];
    const refused = new Set<Waiting>();
    try {
      const recovered = tail ? undefined : await recover(await keys.current());
      const start = tail ?? (recovered as Recovered).tail;
      const key = await sealingKey(start.nextSeq);
      // Written before the lines, so the lines are past a head that verifies when the head update after them is lost.
      if (recovered?.head) await writeHead(sealHead(key, recovered.head));
      tail = start;
      let { file, size, nextSeq, prevHash } = tail;
      let newFile: boolean | undefined;
      let text = '';
      for (const [index, item] of group.entries()) {
        const entry = sealFor(item, nextSeq, prevHash, key);
        if (!entry) {
          refused.add(item);
          continue;
        }
        const line = toLine(entry);
        const bytes = Buffer.byteLength(line);
        if (size > 0 && size + bytes > maxFileBytes) {
          if (sealed.length > 0) {
            // The rest goes first in the next group, which starts the next file.
            taken = group.slice(0, index);
            waiting.unshift(...group.slice(index));
            break;
          }
          file += 1;
          size = 0;
        }
        newFile ??= size === 0;
        sealed.push({ item, entry });
        text += line;
        size += bytes;
        nextSeq = entry.seq + 1;
        prevHash = entry.hash;
      }
      const last = sealed.at(-1)?.entry;
      if (!last) return;
      const name = auditFileName(file);
      const handle = await fs.open(path.join(dir, name), 'a', 0o600);
      let before: BigIntStats;
      let after: BigIntStats;
      try {
        before = await handle.stat({ bigint: true });
        await handle.writeFile(text, 'utf8');
        await handle.sync();
        after = await handle.stat({ bigint: true });
      } finally {
        await handle.close();
      }
      if (newFile) await syncDirectory(dir); // a new file: make its name durable too
      await writeHead(sealHead(key, { seq: last.seq, hash: last.hash, file }));
      tail = { nextSeq, prevHash, file, size };
      cache.appended({ index: file, name }, before, after, sealed.map(({ entry }) => entry));
      for (const { item, entry } of sealed) item.resolve(entry);
    } catch (error) {
      tail = undefined; // work out the state from the disk again before the next append
      const failure = error instanceof AuditWriteError ? error : new AuditWriteError(reasonOf(error));
      for (const item of taken) if (!refused.has(item)) item.reject(failure);
    }
  }

  async function scanNow(): Promise<AuditScan> {
    let files: { index: number; name: string }[] = [];
    const unreadable: string[] = [];
    try {
      files = await listFiles(dir);
    } catch (error) {
      // No folder yet is an empty log; a folder that cannot be listed is reported, not thrown.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') unreadable.push(`${AUDIT_DIR}/`);
    }
    return cache.scan({ dir, keyring: await keys.current(), files, unreadable, head: () => readHead(dir), now: clock() });
  }

  // One operation at a time (a group commit, a scan); a failed one does not stop the next.
  const serial = createSerialQueue();
  let scheduled = false;
  /** Queues a group commit behind what runs now; appends that arrive meanwhile join it. */
  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    void serial(async () => {
      scheduled = false;
      await appendGroup(waiting.splice(0, MAX_GROUP_ENTRIES));
      if (waiting.length > 0) schedule();
    });
  }

  return {
    dir,
    append: (record) =>
      new Promise<AuditEntry>((resolve, reject) => {
        waiting.push({ record, resolve, reject });
        schedule();
      }),
    scan: () => serial(scanNow),
  };
}
