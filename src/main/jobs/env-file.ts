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
  /** Why it cannot be imported as it is written (ENV_PROBLEMS): dotenv would read something else than the file says. */
  readonly problem?: EnvProblem;
}

/**
 * Lines dotenv reads differently from what they plainly say, so the value it gives is not the one
 * in the file: a multi-line value without quotes (only its first line is read: a PEM, a JSON
 * document), an unquoted `#` right after the value (the rest of the line is a comment: `p@ss#word`
 * reads `p@ss`), and a quote that is not closed at the end of the value (`"abc` reads `"abc`,
 * quote included). Such a key is not imported; the person fixes the line and opens the file again.
 */
export type EnvProblem = 'unquoted-multiline' | 'comment-in-value' | 'unclosed-quote';

/** The fixed words for each problem (never the value, nor where in it the problem is). */
export const ENV_PROBLEMS: Readonly<Record<EnvProblem, string>> = {
  'unquoted-multiline': 'A multi-line value (a PEM key, a JSON document?) without quotes: only its first line would be read. Put it in double quotes in the file, then open it again.',
  'comment-in-value': 'A "#" right after an unquoted value starts a comment in a .env file, so only the part before it would be read. Put the value in quotes in the file, then open it again.',
  'unclosed-quote': 'The value starts with a quote that is not closed at its end, so the quote would become part of the value. Close the quote (or remove it) in the file, then open it again.',
};

const QUOTES = ['"', "'", '`'];

/** Opening minus closing brackets of `text`, outside double-quoted strings (enough to follow a JSON document's lines). */
function bracketDepth(text: string): number {
  let depth = 0;
  let inString = false;
  for (let at = 0; at < text.length; at += 1) {
    const char = text[at];
    if (inString) {
      if (char === '\\') at += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') depth += 1;
    else if (char === '}' || char === ']') depth -= 1;
  }
  return depth;
}

/** What an assignment's raw text (dotenv's value group, untrimmed) says dotenv will not read as written; null when it reads as written. */
function valueProblem(rawValue: string | undefined, next: string | undefined): EnvProblem | null {
  const raw = (rawValue ?? '').trim();
  const quote = QUOTES.find((mark) => raw.startsWith(mark));
  // dotenv's quoted forms matched whole lines only; a value that starts with a quote and did not
  // end with the same one was read by its unquoted form, quote included.
  if (quote !== undefined) return raw.length < 2 || !raw.endsWith(quote) ? 'unclosed-quote' : null;
  // Unquoted: `[^#\r\n]+` stops at the first `#`; with no space before it, it was meant as part of the value.
  if (next === '#' && (rawValue === undefined || rawValue === '' || !/\s$/.test(rawValue))) return 'comment-in-value';
  return null;
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
  /** Assignments dotenv reads otherwise than written (see EnvProblem), by line. */
  const problems = new Map<number, EnvProblem>();
  const matches = [...text.matchAll(LINE)];
  for (const match of matches) {
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
      continue;
    }
    // Where the value group ended: the character after it tells an unquoted `#` from a comment.
    const valueEnd = match.index + match[0].indexOf(match[2] ?? '', match[0].search(/[=:]/) + 1) + (match[2] ?? '').length;
    const problem = valueProblem(match[2], match[2] === undefined ? text[match.index + match[0].search(/[=:]/) + 1] : text[valueEnd]);
    if (problem !== null) problems.set(first, problem);
  }
  // An unquoted value that opens a JSON object or array it does not close on its line (a service
  // account's JSON pasted without quotes): dotenv read its first line only; the lines up to where
  // the brackets close are part of it.
  for (const match of matches) {
    const raw = (match[2] ?? '').trim();
    const first = lineAt(lineStarts, match.index + (match[0].length - match[0].trimStart().length));
    if (unquoted.has(first) || !(raw.startsWith('{') || raw.startsWith('['))) continue;
    let depth = bracketDepth(raw);
    if (depth <= 0) continue;
    const rest: number[] = [];
    for (let line = first + 1; line <= lines.length && depth > 0; line += 1) {
      if (covered.has(line)) break;
      rest.push(line);
      depth += bracketDepth(lines[line - 1] as string);
    }
    if (rest.length > 0) unquoted.set(first, rest);
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
    const problem = unquoted.has(line) ? 'unquoted-multiline' : problems.get(line);
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
