/**
 * The audit log on disk: append-only JSON Lines in `<userData>/audit/`, `audit-000001.jsonl`,
 * `audit-000002.jsonl` …, plus `head.json` (the seq, hash and file of the last acknowledged entry).
 *
 * An append is acknowledged only when its whole line has been written and fsync'ed (and the head
 * updated); the caller treats any failure as "not recorded". Files rotate when the next line would
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
import { scanAudit, type AuditFileText, type AuditHead, type AuditScan, type HeadState } from './verify';

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
    if (last && (head === 'missing' || (known && last.seq === known.seq + 1 && last.prevHash === known.hash))) {
      // The line was durable but its head update did not happen (or the head was lost): adopt it.
      await writeHead({ seq: last.seq, hash: last.hash, file: lastFile.index });
      return continueAfter(last, clean);
    }
    // The end of the log does not match its head: continue from the best-known entry, in a new file.
    if (known) return continueAfter(known, false);
    if (last) return continueAfter(last, false);
    return { nextSeq: 1, prevHash: GENESIS_HASH, file: lastFile.index + 1, size: 0 };
  }

  let tail: Tail | undefined;

  async function appendNow(record: AuditRecord): Promise<AuditEntry> {
    try {
      tail ??= await recover();
      const entry = seal({ ...record, seq: tail.nextSeq, time: clock().toISOString(), prevHash: tail.prevHash });
      const line = toLine(entry);
      const bytes = Buffer.byteLength(line);
      let { file, size } = tail;
      if (size > 0 && size + bytes > maxFileBytes) {
        file += 1;
        size = 0;
      }
      const handle = await fs.open(path.join(dir, auditFileName(file)), 'a', 0o600);
      try {
        await handle.writeFile(line, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      if (size === 0) await syncDirectory(dir); // a new file: make its name durable too
      await writeHead({ seq: entry.seq, hash: entry.hash, file });
      tail = { nextSeq: entry.seq + 1, prevHash: entry.hash, file, size: size + bytes };
      return entry;
    } catch (error) {
      tail = undefined; // work out the state from the disk again before the next append
      throw new AuditWriteError(reasonOf(error));
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

  // One operation at a time; a failed one does not stop the next.
  const serial = createSerialQueue();

  return {
    dir,
    append: (record) => serial(() => appendNow(record)),
    scan: () => serial(scanNow),
  };
}
