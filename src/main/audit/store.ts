/**
 * The audit log on disk: append-only JSON Lines in `<userData>/audit/`, `audit-000001.jsonl`,
 * `audit-000002.jsonl` …, plus `head.json` (the seq, hash and file of the last acknowledged entry).
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
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { sha256HexSchema, type AuditEntry } from '../../shared/audit';
import { syncDirectory, writeFileDurably } from '../durable-fs';
import { createSerialQueue } from '../serial-queue';
import { GENESIS_HASH, hashEntry, parseLine, seal, toLine, type UnsealedEntry } from './entry';
import { MAX_GROUP_ENTRIES, scanAudit, type AuditFileText, type AuditHead, type AuditScan, type HeadState } from './verify';

export const AUDIT_DIR = 'audit';
export const HEAD_FILE = 'head.json';
export const DEFAULT_MAX_FILE_BYTES = 4 * 1024 * 1024;
const FILE_PATTERN = /^audit-(\d{6,})\.jsonl$/;

export function auditFileName(index: number): string {
  return `audit-${String(index).padStart(6, '0')}.jsonl`;
}

/** What a caller supplies; seq, time and prevHash are the log's. */
export type AuditRecord = Omit<UnsealedEntry, 'seq' | 'time' | 'prevHash'>;

export interface AuditLogOptions {
  readonly dir: string;
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

const headSchema = z.strictObject({ seq: z.number().int().nonnegative(), hash: sha256HexSchema, file: z.number().int().positive() });

interface Tail {
  nextSeq: number;
  prevHash: string;
  file: number;
  size: number;
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
    return parsed.success ? parsed.data : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

/** The last complete line of `text` that is an intact entry (hash matching), if the last complete line is one. */
function lastIntactEntry(text: string): AuditEntry | undefined {
  const complete = text.slice(0, text.lastIndexOf('\n') + 1).trimEnd();
  const line = complete.slice(complete.lastIndexOf('\n') + 1);
  if (line === '') return undefined;
  const parsed = parseLine(line);
  if (!parsed.ok) return undefined;
  const { hash, ...content } = parsed.entry;
  return hashEntry(content) === hash ? parsed.entry : undefined;
}

/**
 * Whether the last complete lines of `text` are 1 to MAX_GROUP_ENTRIES intact entries chained from
 * `head`: a group commit whose head update was interrupted.
 */
function chainedPastHead(text: string, head: AuditHead): boolean {
  const lines = text.split('\n');
  lines.pop(); // what follows the last newline: nothing, or a torn line
  const past: AuditEntry[] = [];
  for (let index = lines.length - 1; index >= 0 && past.length < MAX_GROUP_ENTRIES; index -= 1) {
    const parsed = parseLine(lines[index] as string);
    if (!parsed.ok) return false;
    const { hash, ...content } = parsed.entry;
    if (hashEntry(content) !== hash) return false;
    past.unshift(parsed.entry);
    if (parsed.entry.seq <= head.seq + 1) break;
  }
  let previous: { seq: number; hash: string } = head;
  for (const entry of past) {
    if (entry.seq !== previous.seq + 1 || entry.prevHash !== previous.hash) return false;
    previous = entry;
  }
  return past.length > 0;
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

  /**
   * Where the next entry goes, worked out from the disk: after the head (the last acknowledged
   * entry), rolling forward over one entry written just before an interrupted head update. A file
   * that does not end cleanly, or does not end at the head, is left as it is (evidence) and the log
   * goes on in a new file.
   */
  async function recover(): Promise<Tail> {
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    const files = await listFiles(dir);
    const head = await readHead(dir);
    const known = typeof head === 'object' ? head : undefined;
    const lastFile = files.at(-1);
    if (!lastFile) {
      return known ? { nextSeq: known.seq + 1, prevHash: known.hash, file: known.file + 1, size: 0 } : { nextSeq: 1, prevHash: GENESIS_HASH, file: 1, size: 0 };
    }
    const text = await fs.readFile(path.join(dir, lastFile.name), 'utf8');
    const size = Buffer.byteLength(text);
    const clean = text === '' || text.endsWith('\n');
    const last = lastIntactEntry(text);
    const continueAfter = (entry: { seq: number; hash: string }, sameFile: boolean): Tail =>
      sameFile ? { nextSeq: entry.seq + 1, prevHash: entry.hash, file: lastFile.index, size } : { nextSeq: entry.seq + 1, prevHash: entry.hash, file: lastFile.index + 1, size: 0 };

    if (text === '' && known) return continueAfter(known, true); // a new file whose first append failed
    if (last && known && last.seq === known.seq && last.hash === known.hash) return continueAfter(last, clean);
    if (last && (head === 'missing' || (known && chainedPastHead(text, known)))) {
      // The lines were durable but their head update did not happen (or the head was lost): adopt them.
      await writeHead({ seq: last.seq, hash: last.hash, file: lastFile.index });
      return continueAfter(last, clean);
    }
    // The end of the log does not match its head: continue from the best-known entry, in a new file.
    if (known) return continueAfter(known, false);
    if (last) return continueAfter(last, false);
    return { nextSeq: 1, prevHash: GENESIS_HASH, file: lastFile.index + 1, size: 0 };
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
  function sealFor(item: Waiting, seq: number, prevHash: string): AuditEntry | undefined {
    try {
      return seal({ ...item.record, seq, time: clock().toISOString(), prevHash });
    } catch (error) {
      item.reject(new AuditWriteError(reasonOf(error)));
      return undefined;
    }
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
      tail ??= await recover();
      let { file, size, nextSeq, prevHash } = tail;
      let newFile: boolean | undefined;
      let text = '';
      for (const [index, item] of group.entries()) {
        const entry = sealFor(item, nextSeq, prevHash);
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
      const handle = await fs.open(path.join(dir, auditFileName(file)), 'a', 0o600);
      try {
        await handle.writeFile(text, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      if (newFile) await syncDirectory(dir); // a new file: make its name durable too
      await writeHead({ seq: last.seq, hash: last.hash, file });
      tail = { nextSeq, prevHash, file, size };
      for (const { item, entry } of sealed) item.resolve(entry);
    } catch (error) {
      tail = undefined; // work out the state from the disk again before the next append
      const failure = new AuditWriteError(reasonOf(error));
      for (const item of taken) if (!refused.has(item)) item.reject(failure);
    }
  }

  async function scanNow(): Promise<AuditScan> {
    let names: { index: number; name: string }[] = [];
    const unreadable: string[] = [];
    try {
      names = await listFiles(dir);
    } catch (error) {
      // No folder yet is an empty log; a folder that cannot be listed is reported, not thrown.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') unreadable.push(`${AUDIT_DIR}/`);
    }
    const files: AuditFileText[] = [];
    for (const { index, name } of names) {
      try {
        files.push({ index, name, text: await fs.readFile(path.join(dir, name), 'utf8') });
      } catch {
        unreadable.push(name);
      }
    }
    return scanAudit(files, await readHead(dir), clock(), unreadable);
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
