/**
 * A `.env` file as main reads it for an import: values by dotenv's own parser (`export`, quotes,
 * comments, multi-line quoted values, `=` inside values, CRLF), plus what a blind preview needs and
 * dotenv does not say — the line of each assignment, keys assigned twice (the last wins, as dotenv
 * reads them), lines that are not assignments, and lines whose "key" looks like key material
 * (see env-key-name.ts) — both by number only, never echoed, and kept apart: a material line may
 * be a real variable the heuristic hid, so the person is told so instead of "not an assignment".
 *
 * Values never leave as text: each becomes a SecretValue as soon as it is parsed.
 */
import { open } from 'node:fs/promises';
import { parse } from 'dotenv';
import { AppError } from '../../shared/errors';
import { MAX_IMPORT_FILE_BYTES } from '../../shared/jobs';
import { SecretValue } from '../../shared/secret-value';
import { keyLooksLikeName } from './env-key-name';

export { keyLooksLikeName } from './env-key-name';

export interface EnvEntry {
  readonly key: string;
  readonly value: SecretValue;
  /** The value is empty (reported, never written). */
  readonly empty: boolean;
  /** 1-based line of the assignment that counts (0 when it could not be placed). */
  readonly line: number;
  /** Earlier lines that assigned the same key. */
  readonly overriddenLines: readonly number[];
  /** Why it cannot be imported as it is written: a PEM (or other multi-line value) without quotes. */
  readonly problem?: 'unquoted-multiline';
}

export interface ParsedEnv {
  readonly entries: readonly EnvEntry[];
  /** Lines that are neither an assignment, a comment nor blank (by number only). */
  readonly badLines: readonly number[];
  /** Assignments whose key looks like key material rather than a name: not imported, never shown. */
  readonly materialLines: readonly number[];
}

/**
 * dotenv's own line pattern (lib/main.js, v16–v18), used only to place each assignment on a line
 * and to find the lines it skips; the values come from `parse` itself, and if the two ever
 * disagree on the keys, the keys are placed on line 0 rather than guessed.
 */
const LINE = /(?:^|^)\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?(?:$|$)/gm;

function lineAt(lineStarts: readonly number[], offset: number): number {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >>> 1;
    if ((lineStarts[middle] as number) <= offset) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}

/** More lines than any real `.env` file has. */
export const MAX_IMPORT_LINES = 10_000;

/**
 * dotenv's pattern starts each try with `^\s*` in multi-line mode: at every line start inside a
 * stretch of whitespace (blank lines, lines of spaces or tabs, U+2028 and U+2029, which are line
 * breaks to the pattern but not to `split('\n')`), it runs to the stretch's end and backs off. Its
 * work is the line starts in each stretch times the stretch's length: 9,999 lines of 100 spaces,
 * a 1 MB file under the line cap, is about 70 s of main's thread; a few thousand U+2028 in one
 * line, minutes. This bound is about 0.1 s on a 2-core machine; a real `.env` file is far below it
 * (1,000 blank lines in a row is 10^6).
 */
export const MAX_BLANK_STRETCH_WORK = 10_000_000;

/** Whether `code` is a line terminator to a multi-line RegExp (`\r` is normalised away before). */
const isLineBreak = (code: number): boolean => code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029;

/** Whether `code` is what RegExp's `\s` matches (ECMAScript WhiteSpace and LineTerminator). */
function isSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/** The work dotenv's pattern does on `text`'s stretches of whitespace (see MAX_BLANK_STRETCH_WORK), in one pass. */
export function blankStretchWork(text: string): number {
  let work = 0;
  let length = 0;
  let lineStarts = 0;
  for (let at = 0; at <= text.length; at += 1) {
    if (at < text.length && isSpace(text.charCodeAt(at))) {
      if (at === 0 || isLineBreak(text.charCodeAt(at - 1))) lineStarts += 1;
      length += 1;
      continue;
    }
    work += lineStarts * length;
    length = 0;
    lineStarts = 0;
  }
  return work;
}

/** Parses `.env` text (CRLF and a UTF-8 BOM allowed). */
export function parseEnvText(source: string): ParsedEnv {
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lines = text.split('\n');
  if (lines.length > MAX_IMPORT_LINES) {
    throw new AppError('VALIDATION', `The file has more than ${MAX_IMPORT_LINES.toLocaleString('en-US')} lines, so it is not a .env file this app imports. Pick the .env file itself.`);
  }
  if (blankStretchWork(text) > MAX_BLANK_STRETCH_WORK) {
    throw new AppError(
      'VALIDATION',
      'The file has a very long stretch of blank or whitespace-only lines in a row, which no .env file this app imports has. Remove it (or pick the .env file itself) and try again.',
    );
  }
  const values = parse(text);
  const lineStarts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    lineStarts.push(offset);
    offset += line.length + 1;
  }

  const covered = new Set<number>();
  const linesOf = new Map<string, number[]>();
  /** Lines that belong to an unquoted multi-line value (a PEM pasted without quotes), by the key's line. */
  const unquoted = new Map<number, number[]>();
  for (const match of text.matchAll(LINE)) {
    const key = match[1] as string;
    const start = match.index + (match[0].length - match[0].trimStart().length);
    const end = match.index + Math.max(match[0].trimEnd().length - 1, 0);
    const first = lineAt(lineStarts, start);
    for (let line = first; line <= lineAt(lineStarts, end); line += 1) covered.add(line);
    const at = linesOf.get(key);
    if (at) at.push(first);
    else linesOf.set(key, [first]);
    const raw = (match[2] ?? '').trim();
    if (raw.startsWith('-----BEGIN') && !raw.includes('-----END')) {
      // dotenv stores only the first line; the rest would parse as lines of their own (even as keys).
      const rest: number[] = [];
      for (let line = first + 1; line <= lines.length; line += 1) {
        rest.push(line);
        if ((lines[line - 1] as string).includes('-----END')) break;
      }
      unquoted.set(first, rest);
    }
  }
  // Keys dotenv does not keep (`__proto__`) are reported as bad lines, not compared.
  for (const key of [...linesOf.keys()]) {
    if (Object.hasOwn(values, key)) continue;
    for (const line of linesOf.get(key) ?? []) covered.delete(line);
    linesOf.delete(key);
  }
  const placed = Object.keys(values).every((key) => linesOf.has(key));

  const inUnquoted = new Set([...unquoted.values()].flat());
  const material = new Set<number>();
  const entries: EnvEntry[] = [];
  for (const [key, value] of Object.entries(values)) {
    const at = placed ? (linesOf.get(key) ?? []) : [];
    const line = at.at(-1) ?? 0;
    if (inUnquoted.has(line)) continue;
    if (!keyLooksLikeName(key, value)) {
      for (const each of at) if (!inUnquoted.has(each)) material.add(each);
      continue;
    }
    const problem = unquoted.has(line) ? 'unquoted-multiline' : undefined;
    entries.push({ key, value: new SecretValue(value), empty: value === '', line, overriddenLines: at.slice(0, -1).filter((each) => !inUnquoted.has(each)), ...(problem && { problem }) });
  }
  entries.sort((a, b) => a.line - b.line || a.key.localeCompare(b.key));

  const badLines: number[] = [];
  lines.forEach((line, index) => {
    const trimmed = line.trim();
    if (material.has(index + 1)) return;
    if (inUnquoted.has(index + 1) || (trimmed !== '' && !trimmed.startsWith('#') && !covered.has(index + 1))) badLines.push(index + 1);
  });
  const materialLines = [...material].sort((a, b) => a - b);
  return { entries, badLines: placed ? badLines : [...inUnquoted].sort((a, b) => a - b), materialLines };
}

/**
 * Reads a `.env` file for an import: at most 1 MiB, UTF-8 text. The errors name the file's
 * problem, never its content.
 */
export async function readEnvFile(filePath: string): Promise<ParsedEnv> {
  const unreadable = () => new AppError('NOT_FOUND', 'The file could not be read (it was moved, deleted or is not readable). Pick it again.');
  const handle = await open(filePath, 'r').catch(() => {
    throw unreadable();
  });
  try {
    // A device or a pipe reports size 0 and never ends: only a regular file, and never more than the limit + 1.
    if (!(await handle.stat()).isFile()) throw new AppError('VALIDATION', 'That is not a regular file. Pick the .env file itself.');
    const buffer = Buffer.alloc(MAX_IMPORT_FILE_BYTES + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > MAX_IMPORT_FILE_BYTES) {
      throw new AppError('VALIDATION', 'The file is larger than 1 MiB, so it is not a .env file this app imports. Pick the .env file itself.');
    }
    return parseEnvBytes(buffer.subarray(0, length));
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw unreadable();
  } finally {
    await handle.close();
  }
}

/** As readEnvFile, for bytes already read (stdin in the CLI). */
export function parseEnvBytes(bytes: Uint8Array): ParsedEnv {
  if (bytes.length > MAX_IMPORT_FILE_BYTES) {
    throw new AppError('VALIDATION', 'The input is larger than 1 MiB, so it is not a .env file this app imports.');
  }
  let text: string;
  try {
    if (bytes.includes(0)) throw new Error('NUL');
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new AppError('VALIDATION', 'This is a binary file, not a .env file (it is not UTF-8 text). Pick the .env file itself.');
  }
  return parseEnvText(text);
}
