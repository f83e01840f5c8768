/**
 * Verification of the MAC chain, fed file by file (or entry by entry for the log's own appends),
 * with checkpoints so a cache can re-verify from the first file that changed on disk.
 *
 * What it catches: an entry that was edited or forged (its MAC under the audit key does not match:
 * without the key, no one can write an entry that verifies), a removed entry (a gap in `seq` and a
 * broken link), reordered entries (`seq` steps back), a removed file (a gap in the file numbers or
 * in `seq`), a cut-off end (the head, written after every group of appends and sealed under the
 * audit key, names a later entry than the last one found), a head that is not the app's (its MAC
 * fails, or it has none where the log is keyed), an entry without a MAC where the log is keyed
 * (`unkeyed`), entries sealed with a key that cannot be used here (`key-unavailable`: reported once
 * per key), and a new chain the app started because the log it found did not verify (`chain-break`).
 *
 * What it cannot catch: someone who can make the key protector unwrap the audit key (this OS user
 * with a key file or FOUNDRY_VAULT_KEY, or with the keychain where it does not ask) can rewrite the
 * log and its head consistently. The head is authentic but not fresh: the log and head rolled back
 * together to an earlier copy verify. Entries from before the log was keyed (`legacy`) are checked
 * with the unkeyed SHA-256 chain: the first keyed entry seals them, but nothing proves who wrote
 * them; and with both key files deleted too, a log rewritten that way cannot be told from one.
 *
 * An unterminated last line of a file is an append that was interrupted before it was acknowledged
 * (the app writes each line whole, then fsyncs). It is counted as `torn`, not as a problem: the
 * chain check across it still proves that no acknowledged entry is missing.
 */
import { MAX_REPORTED_PROBLEMS, type AuditEntry, type AuditProblem, type AuditProblemKind, type AuditVerification } from '../../shared/audit';
import { AUDIT_KEY_FILE, checkEntry, checkHead, type AuditHead, type AuditKeyring, type EntryVerdict, type HeadVerdict } from './audit-key';
import { GENESIS_HASH, parseLine, readSealedLine } from './entry';

export type { AuditHead } from './audit-key';

const KEYED: EntryVerdict = { kind: 'keyed' };
const HEAD = 'head.json';

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

export type HeadState = AuditHead | 'missing' | 'unreadable';

export interface AuditScan {
  /** Every line that parses as an entry, in log order (intact or not: the verification says). */
  readonly entries: readonly AuditEntry[];
  readonly verification: AuditVerification;
}

/** The verifier's state between two files: restoring it forgets everything fed after it. */
export interface ChainCheckpoint {
  readonly entries: number;
  readonly problems: number;
  readonly problemCount: number;
  readonly prev: AuditEntry | null | undefined;
  readonly firstKeyedSeq: number | undefined;
  readonly torn: number;
  readonly legacy: number;
  readonly expectedIndex: number;
  readonly files: number;
  readonly lastFile: string;
  readonly reportedKeys: readonly string[];
}

export interface ChainVerifier {
  checkpoint(): ChainCheckpoint;
  restore(checkpoint: ChainCheckpoint): void;
  /** A whole file: how many complete lines it has, and whether it ends in a torn (unterminated) one. */
  file(file: AuditFileText): { lines: number; tornTail: boolean };
  /** An entry the log itself just appended as line `line` of the file fed last. */
  appended(entry: AuditEntry, fileName: string, line: number): void;
  /** Starts a file the log itself just created (its entries follow through `appended`). */
  startFile(index: number, name: string): void;
  /** The verification as of now: the chain so far, then the head and the files that could not be read. */
  finish(head: HeadState, now: Date, unreadable?: readonly string[]): AuditScan;
}

export function createChainVerifier(keyring: AuditKeyring): ChainVerifier {
  const entries: AuditEntry[] = [];
  const problems: AuditProblem[] = [];
  let problemCount = 0;
  /** The entry before; `null` after an unparsable line (the next link cannot be judged). */
  let prev: AuditEntry | null | undefined;
  let firstKeyedSeq: number | undefined;
  let torn = 0;
  let legacy = 0;
  let expectedIndex = 1;
  let files = 0;
  let lastFile = '';
  /** Keys already reported as unusable: one problem per key, not one per entry. */
  let reportedKeys = new Set<string>();

  const report = (kind: AuditProblemKind, file: string, line: number, message: string): void => {
    problemCount += 1;
    if (problems.length < MAX_REPORTED_PROBLEMS) problems.push({ kind, file, line, message: message.slice(0, 500) });
  };

  function startFile(index: number, name: string): void {
    if (index !== expectedIndex) report('file-gap', name, 0, `expected audit file #${expectedIndex} before this one: a file is missing`);
    expectedIndex = index + 1;
    files += 1;
    lastFile = name;
  }

  function entry(item: AuditEntry, fileName: string, lineNo: number, verdict: EntryVerdict = checkEntry(keyring, item)): void {
    entries.push(item);
    switch (verdict.kind) {
      case 'mismatch':
        report(
          'hash-mismatch',
          fileName,
          lineNo,
          verdict.keyed
            ? `entry ${item.seq} does not match its MAC: it was changed after it was written, or written without the audit key`
            : `entry ${item.seq} was changed after it was written (its hash does not match its content)`,
        );
        break;
      case 'key-unavailable':
        firstKeyedSeq ??= item.seq;
        if (!reportedKeys.has(verdict.keyId)) {
          reportedKeys.add(verdict.keyId);
          report('key-unavailable', fileName, lineNo, `entries from ${item.seq} on sealed with audit key ${verdict.keyId} cannot be checked: ${verdict.why}`);
        }
        break;
      case 'unkeyed':
        report('unkeyed', fileName, lineNo, `entry ${item.seq} has no MAC, but the log was keyed before it was written: it was not written by this app`);
        break;
      case 'legacy':
        // Unkeyed entries belong only to the start of a log older than the keyed chain.
        if (firstKeyedSeq !== undefined) {
          report('unkeyed', fileName, lineNo, `entry ${item.seq} has no MAC, but the log is keyed from entry ${firstKeyedSeq}: it was not written by this app`);
        } else legacy += 1;
        break;
      case 'keyed':
        firstKeyedSeq ??= item.seq;
        break;
    }
    if (prev === undefined) {
      if (item.seq !== 1 || item.prevHash !== GENESIS_HASH) {
        report('bad-start', fileName, lineNo, `the log starts at entry ${item.seq}, not at entry 1: earlier entries are missing`);
      }
    } else if (prev !== null) {
      if (item.seq !== prev.seq + 1) {
        report('sequence', fileName, lineNo, `entry ${item.seq} follows entry ${prev.seq}: entries were removed or reordered`);
      } else if (item.prevHash === GENESIS_HASH && verdict.kind === 'keyed') {
        // Written by the app (its MAC verifies) as the start of a new chain: see recover() in store.ts.
        report('chain-break', fileName, lineNo, `entry ${item.seq} starts a new chain: the app did not go on from the log before it, which did not verify when it was appended to`);
      } else if (item.prevHash !== prev.hash) {
        report('chain-break', fileName, lineNo, `entry ${item.seq} does not seal entry ${prev.seq}: an entry was replaced or rewritten`);
      }
    }
    prev = item;
  }

  /** Why head.json is not the app's, if it is shown not to be. */
  function headForgery(head: AuditHead, verdict: HeadVerdict, keyedEntry: number | undefined): string | undefined {
    const keyedFrom = Math.min(keyring.legacyBelow, keyedEntry ?? Infinity);
    if (verdict.kind === 'mismatch') return 'the record of the last entry does not match its MAC: it was changed, or written without the audit key';
    if (verdict.kind === 'unsealed' || (verdict.kind === 'legacy' && head.seq >= keyedFrom)) {
      return `the record of the last entry has no MAC, but the log is keyed from entry ${keyedFrom}: it was not written by this app`;
    }
    if (verdict.kind === 'key-unavailable' && !verdict.listed) {
      return `the record of the last entry names audit key ${verdict.keyId}, which ${AUDIT_KEY_FILE} does not hold: it was not written by this app`;
    }
    return undefined;
  }

  /** Whether the log ends where the head says (or up to one interrupted group past it). */
  function endOfLog(head: AuditHead, lastEntry: AuditEntry | undefined, end: (kind: AuditProblemKind, file: string, message: string) => void): void {
    if (!lastEntry) {
      // Entry 0 is the head of a log whose first lines are not written yet.
      if (head.seq > 0) end('truncated', lastFile || HEAD, `the log has no entries, but entry ${head.seq} was written: it was removed`);
    } else if (head.seq > lastEntry.seq) {
      end('truncated', lastFile || HEAD, `the log ends at entry ${lastEntry.seq}, but entry ${head.seq} was written: the end was cut off`);
    } else if (head.seq === lastEntry.seq) {
      if (head.hash !== lastEntry.hash) end('head-mismatch', lastFile, `entry ${head.seq} is not the entry that was written last`);
    } else {
      // Up to one group of entries past the head, the first sealing it, is a group commit whose head
      // update was interrupted (their chain and MACs are checked above); more is not.
      const past = lastEntry.seq - head.seq;
      const first = entries[entries.length - past];
      if (past > MAX_GROUP_ENTRIES || first?.seq !== head.seq + 1 || first.prevHash !== head.hash) {
        end('head-mismatch', lastFile, `the log goes on past entry ${head.seq}, the last one recorded as written`);
      }
    }
  }

  return {
    checkpoint: () => ({ entries: entries.length, problems: problems.length, problemCount, prev, firstKeyedSeq, torn, legacy, expectedIndex, files, lastFile, reportedKeys: [...reportedKeys] }),
    restore(checkpoint) {
      entries.length = checkpoint.entries;
      problems.length = checkpoint.problems;
      ({ problemCount, prev, firstKeyedSeq, torn, legacy, expectedIndex, files, lastFile } = checkpoint);
      reportedKeys = new Set(checkpoint.reportedKeys);
    },
    file(file) {
      startFile(file.index, file.name);
      const lines = file.text.split('\n');
      const tail = lines.pop(); // what follows the last newline: nothing, or a torn line
      const tornTail = tail !== undefined && tail !== '';
      if (tornTail) torn += 1; // an unterminated line: an append interrupted before it was acknowledged
      const macKeyFor = (keyId: string) => keyring.usable.get(keyId)?.macKey;
      lines.forEach((line, i) => {
        // The fast path: a line the app sealed, byte for byte, under a key known here.
        const sealed = readSealedLine(line, macKeyFor);
        if (sealed) return entry(sealed, file.name, i + 1, KEYED);
        const parsed = parseLine(line);
        if (!parsed.ok) {
          report('unparsable', file.name, i + 1, `line ${parsed.why}`);
          prev = null;
          return;
        }
        entry(parsed.entry, file.name, i + 1);
      });
      return { lines: lines.length, tornTail };
    },
    appended: entry,
    startFile,
    finish(head, now, unreadable = []) {
      const found: AuditProblem[] = [];
      let extra = 0;
      const add = (kind: AuditProblemKind, file: string, line: number, message: string): void => {
        extra += 1;
        found.push({ kind, file, line, message });
      };
      for (const name of unreadable) add('unreadable', name, 0, 'the file could not be read');
      for (const copy of keyring.copies) {
        if (copy.state !== 'damaged' && copy.state !== 'unreadable') continue;
        const what = copy.name === AUDIT_KEY_FILE ? 'the audit key file' : `its copy beside the audit folder (${copy.name})`;
        const how = copy.state === 'damaged' ? 'damaged' : `unreadable (${copy.reason ?? 'unknown error'})`;
        const effect = keyring.fileState === 'ok' ? 'the keys are read from the other file' : 'entries sealed with its keys cannot be checked';
        add('key-unavailable', copy.name, 0, `${what} is ${how}: ${effect}`);
      }
      const lastEntry = entries.at(-1);
      const endProblems: AuditProblem[] = [];
      const end = (kind: AuditProblemKind, file: string, message: string): void => {
        extra += 1;
        endProblems.push({ kind, file, line: 0, message });
      };
      if (head === 'unreadable') {
        end('head-unreadable', HEAD, 'the record of the last entry could not be read');
      } else if (head === 'missing') {
        if (lastEntry) end('head-missing', HEAD, 'the record of the last entry is missing, so a cut-off end cannot be ruled out');
        // The audit key is made by the first append: key records with no entry and no head mean the log was removed.
        else if (keyring.usable.size > 0 || keyring.unusable.size > 0) end('head-missing', HEAD, 'the log and the record of its last entry are missing, but the audit key records show entries were written: they were removed');
      } else {
        const verdict = checkHead(keyring, head);
        const forged = headForgery(head, verdict, firstKeyedSeq);
        if (forged) end('head-mismatch', HEAD, forged);
        else {
          if (verdict.kind === 'key-unavailable' && !reportedKeys.has(verdict.keyId)) {
            end('key-unavailable', HEAD, `the record of the last entry is sealed with audit key ${verdict.keyId}, which cannot be checked: ${verdict.why}`);
          }
          // A head under a key that is unavailable here is not proven, but what it says is still compared.
          endOfLog(head, lastEntry, end);
        }
      }
      const all = [...found, ...problems, ...endProblems].slice(0, MAX_REPORTED_PROBLEMS).map((p) => ({ ...p, message: p.message.slice(0, 500) }));
      const total = problemCount + extra;
      return {
        entries,
        verification: {
          ok: total === 0,
          entries: entries.length,
          files,
          lastSeq: lastEntry?.seq ?? 0,
          problemCount: total,
          problems: all,
          torn,
          legacy,
          checkedAt: now.toISOString(),
        },
      };
    },
  };
}

/** The whole log at once (a pure function of the files' text, the head and the keys). */
export function scanAudit(files: readonly AuditFileText[], head: HeadState, now: Date, keyring: AuditKeyring, unreadable: readonly string[] = []): AuditScan {
  const verifier = createChainVerifier(keyring);
  for (const file of files) verifier.file(file);
  return verifier.finish(head, now, unreadable);
}
