/**
 * The verified log, kept in memory between scans, so `listAudit` does not re-read and re-check
 * every entry on every call.
 *
 * Each file is remembered with its stat signature (device, inode, size, mtime and ctime in
 * nanoseconds) and the verifier's checkpoint at its start. A scan lists the folder and stats every
 * file; from the first file that is new, gone, renamed or changed in any of those, it restores the
 * checkpoint and reads and verifies again from there. Anything another process (or a person) does
 * to a file changes its signature — an edit that keeps size and mtime still changes ctime, which
 * cannot be set back — so a change on disk is always re-verified, never served from memory.
 *
 * The log's own appends go straight in (`appended`): the lines just written, with the stat before
 * and after the write. If the file was not exactly as remembered before the write (something else
 * touched it), nothing is taken in and the next scan re-reads it. The audit keys are part of the
 * state: when the keyring changes, everything is verified again.
 */
import type { BigIntStats } from 'node:fs';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { AuditEntry } from '../../shared/audit';
import type { AuditKeyring } from './audit-key';
import { createChainVerifier, type AuditScan, type ChainCheckpoint, type ChainVerifier, type HeadState } from './verify';

export function statSignature(stat: BigIntStats): string {
  return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
}

interface CachedFile {
  readonly index: number;
  readonly name: string;
  signature: string;
  /** The verifier before this file. */
  readonly start: ChainCheckpoint;
  lines: number;
  tornTail: boolean;
}

export interface LogFileName {
  readonly index: number;
  readonly name: string;
}

export interface ScanInput {
  readonly dir: string;
  readonly keyring: AuditKeyring;
  /** The log's files in order (none when the folder could not be listed: `unreadable` then says so). */
  readonly files: readonly LogFileName[];
  readonly unreadable: readonly string[];
  readonly head: () => Promise<HeadState>;
  readonly now: Date;
}

export interface AuditScanCache {
  scan(input: ScanInput): Promise<AuditScan>;
  /** Entries the log just wrote at the end of `file`, whose stat was `before` the write and `after` it. */
  appended(file: LogFileName, before: BigIntStats, after: BigIntStats, entries: readonly AuditEntry[]): void;
}

export function createScanCache(): AuditScanCache {
  let verifier: ChainVerifier | undefined;
  let keyringUsed: AuditKeyring | undefined;
  const cached: CachedFile[] = [];
  /** Whether `cached` covers every file of the last scan (a file that could not be read is never cached). */
  let complete = false;

  return {
    async scan({ dir, keyring, files, unreadable: listingProblems, head, now }) {
      // A new keyring, or a last scan that could not read every file: verify everything again.
      if (!verifier || keyring !== keyringUsed || !complete) {
        verifier = createChainVerifier(keyring);
        keyringUsed = keyring;
        cached.length = 0;
      }
      const stats = await Promise.all(files.map(({ name }) => fs.stat(path.join(dir, name), { bigint: true }).then(statSignature, () => undefined)));
      let from = 0;
      while (from < cached.length && from < files.length && cached[from]?.name === files[from]?.name && cached[from]?.signature === stats[from]) from += 1;
      // Everything from the first difference on is verified again (an append by another process included).
      if (from < cached.length) {
        verifier.restore((cached[from] as CachedFile).start);
        cached.length = from;
      }
      const unreadable = [...listingProblems];
      complete = true;
      for (let i = from; i < files.length; i += 1) {
        const { index, name } = files[i] as LogFileName;
        const signature = stats[i];
        let text: string | undefined;
        try {
          if (signature !== undefined) text = await fs.readFile(path.join(dir, name), 'utf8');
        } catch {
          text = undefined;
        }
        if (text === undefined) {
          unreadable.push(name);
          complete = false;
          continue;
        }
        const start = verifier.checkpoint();
        const { lines, tornTail } = verifier.file({ index, name, text });
        // The signature was taken before the read: if the file changed in between, the next scan sees it differ and reads it again.
        if (complete) cached.push({ index, name, signature: signature as string, start, lines, tornTail });
      }
      if (listingProblems.length > 0) complete = false;
      const verified = verifier;
      return verified.finish(await head(), now, unreadable);
    },

    appended(file, before, after, entries) {
      if (!verifier || !complete) return;
      const last = cached.at(-1);
      if (last?.index === file.index) {
        // Only lines added to exactly the file remembered; anything else is left to the next scan.
        if (last.name !== file.name || last.signature !== statSignature(before) || last.tornTail) return;
        for (const entry of entries) verifier.appended(entry, file.name, (last.lines += 1));
        last.signature = statSignature(after);
        return;
      }
      if ((last === undefined || last.index < file.index) && before.size === 0n) {
        const start = verifier.checkpoint();
        verifier.startFile(file.index, file.name);
        entries.forEach((entry, i) => verifier?.appended(entry, file.name, i + 1));
        cached.push({ index: file.index, name: file.name, signature: statSignature(after), start, lines: entries.length, tornTail: false });
      }
    },
  };
}
