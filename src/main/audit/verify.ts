/**
 * Verification of the hash chain, as a pure function over the files' text and the head record.
 *
 * What it catches: an edited entry (its hash no longer matches its content, or — when the hash was
 * recomputed — the next entry's prevHash no longer matches), a removed entry (a gap in `seq` and a
 * broken link), reordered entries (`seq` steps back), a removed file (a gap in the file numbers or
 * in `seq`), and a cut-off end (the head, written after every group of appends, names a later
 * entry than the last one found).
 *
 * What it cannot catch: the chain has no secret key, so someone who rewrites every later entry and
 * the head consistently is not detected. Exports (or a copy of the head elsewhere) guard that.
 *
 * An unterminated last line of a file is an append that was interrupted before it was acknowledged
 * (the app writes each line whole, then fsyncs). It is counted as `torn`, not as a problem: the
 * chain check across it still proves that no acknowledged entry is missing.
 */
import { MAX_REPORTED_PROBLEMS, type AuditEntry, type AuditProblem, type AuditProblemKind, type AuditVerification } from '../../shared/audit';
import { GENESIS_HASH, hashEntry, parseLine } from './entry';

/**
 * The most appends written together (one group commit, one head update), so the most entries an
 * interrupted head update can leave past the head.
 */
export const MAX_GROUP_ENTRIES = 64;

export interface AuditFileText {
  /** Position in the log: audit-000001.jsonl is 1. */
  readonly index: number;
  readonly name: string;
  readonly text: string;
}

/** The last acknowledged entry, recorded after every append. */
export interface AuditHead {
  readonly seq: number;
  readonly hash: string;
  readonly file: number;
}

export type HeadState = AuditHead | 'missing' | 'unreadable';

export interface AuditScan {
  /** Every line that parses as an entry, in log order (intact or not: the verification says). */
  readonly entries: AuditEntry[];
  readonly verification: AuditVerification;
}

export function scanAudit(files: readonly AuditFileText[], head: HeadState, now: Date, unreadable: readonly string[] = []): AuditScan {
  const problems: AuditProblem[] = [];
  let problemCount = 0;
  const report = (kind: AuditProblemKind, file: string, line: number, message: string): void => {
    problemCount += 1;
    if (problems.length < MAX_REPORTED_PROBLEMS) problems.push({ kind, file, line, message: message.slice(0, 500) });
  };
  for (const name of unreadable) report('unreadable', name, 0, 'the file could not be read');

  const entries: AuditEntry[] = [];
  /** The entry before; `null` after an unparsable line (the next link cannot be judged). */
  let prev: AuditEntry | null | undefined;
  let torn = 0;
  let expectedIndex = 1;
  for (const file of files) {
    if (file.index !== expectedIndex) {
      report('file-gap', file.name, 0, `expected audit file #${expectedIndex} before this one: a file is missing`);
    }
    expectedIndex = file.index + 1;
    const lines = file.text.split('\n');
    lines.forEach((line, i) => {
      const last = i === lines.length - 1;
      if (last && line === '') return; // the text ended with a newline
      if (last) {
        torn += 1; // an unterminated line: an append interrupted before it was acknowledged
        return;
      }
      const lineNo = i + 1;
      const parsed = parseLine(line);
      if (!parsed.ok) {
        report('unparsable', file.name, lineNo, `line ${parsed.why}`);
        prev = null;
        return;
      }
      const entry = parsed.entry;
      entries.push(entry);
      const { hash, ...content } = entry;
      if (hashEntry(content) !== hash) {
        report('hash-mismatch', file.name, lineNo, `entry ${entry.seq} was changed after it was written (its hash does not match its content)`);
      }
      if (prev === undefined) {
        if (entry.seq !== 1 || entry.prevHash !== GENESIS_HASH) {
          report('bad-start', file.name, lineNo, `the log starts at entry ${entry.seq}, not at entry 1: earlier entries are missing`);
        }
      } else if (prev !== null) {
        if (entry.seq !== prev.seq + 1) {
          report('sequence', file.name, lineNo, `entry ${entry.seq} follows entry ${prev.seq}: entries were removed or reordered`);
        } else if (entry.prevHash !== prev.hash) {
          report('chain-break', file.name, lineNo, `entry ${entry.seq} does not seal entry ${prev.seq}: an entry was replaced or rewritten`);
        }
      }
      prev = entry;
    });
  }

  const lastEntry = entries.at(-1);
  const lastFile = files.at(-1)?.name ?? '';
  if (head === 'unreadable') {
    report('head-unreadable', 'head.json', 0, 'the record of the last entry could not be read');
  } else if (head === 'missing') {
    if (lastEntry) report('head-missing', 'head.json', 0, 'the record of the last entry is missing, so a cut-off end cannot be ruled out');
  } else if (!lastEntry || head.seq > lastEntry.seq) {
    report('truncated', lastFile || 'head.json', 0, `the log ends at entry ${lastEntry?.seq ?? 0}, but entry ${head.seq} was written: the end was cut off`);
  } else if (head.seq === lastEntry.seq) {
    if (head.hash !== lastEntry.hash) report('head-mismatch', lastFile, 0, `entry ${head.seq} is not the entry that was written last`);
  } else {
    // Up to one group of entries past the head, the first sealing it, is a group commit whose head
    // update was interrupted (their chain is checked above); more is not.
    const past = lastEntry.seq - head.seq;
    const first = entries[entries.length - past];
    if (past > MAX_GROUP_ENTRIES || first?.seq !== head.seq + 1 || first.prevHash !== head.hash) {
      report('head-mismatch', lastFile, 0, `the log goes on past entry ${head.seq}, the last one recorded as written`);
    }
  }

  return {
    entries,
    verification: {
      ok: problemCount === 0,
      entries: entries.length,
      files: files.length,
      lastSeq: lastEntry?.seq ?? 0,
      problemCount,
      problems,
      torn,
      checkedAt: now.toISOString(),
    },
  };
}
