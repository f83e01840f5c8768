/**
 * Rules about a secret value's text that both the form (as you type) and main (at the boundary)
 * apply, so the person is told the same thing in both places. Pure: bundled into the renderer.
 *
 * Nothing here returns or quotes the value, its length or any part of it: answers are booleans,
 * fixed texts, and (for JSON) a line and column.
 */

/** AWS's limit for SecretString (UTF-8 bytes on the wire) and SecretBinary (bytes). */
export const MAX_SECRET_VALUE_BYTES = 65_536;

/** How the value was entered. Only `json` adds a rule (it must parse); the others are stored as typed. */
export const VALUE_MODES = ['single-line', 'multi-line', 'json'] as const;
export type ValueMode = (typeof VALUE_MODES)[number];

/** What to do with whitespace at either end. Required whenever there is some: never trimmed silently. */
export const WHITESPACE_CHOICES = ['keep', 'trim'] as const;
export type WhitespaceChoice = (typeof WHITESPACE_CHOICES)[number];

const encoder = new TextEncoder();

/** UTF-8 byte count (what AWS counts), not UTF-16 code units (`.length`). */
export function utf8ByteLength(text: string): number {
  return encoder.encode(text).length;
}

export interface EdgeWhitespace {
  /** Starts with a space, tab, line break or other Unicode blank (a BOM included). */
  readonly leading: boolean;
  /** Ends with one (a trailing newline included). */
  readonly trailing: boolean;
  /** Ends with a line break (\n or \r): usual in PEM files, a stray paste in a token. */
  readonly trailingNewline: boolean;
}

export function edgeWhitespace(text: string): EdgeWhitespace {
  return { leading: /^\s/.test(text), trailing: /\s$/.test(text), trailingNewline: /[\r\n]$/.test(text) };
}

export function hasEdgeWhitespace(text: string): boolean {
  const edges = edgeWhitespace(text);
  return edges.leading || edges.trailing;
}

/** Only spaces, tabs and line breaks (or nothing): never a usable secret. */
export function isBlank(text: string): boolean {
  return /^\s*$/.test(text);
}

/** "65,536", written out: Intl's first use costs the window 25–75 ms while it starts (renderer lib/numbers.ts). */
const MAX_BYTES_TEXT = String(MAX_SECRET_VALUE_BYTES).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const TOO_MANY_BYTES = `The value is longer than ${MAX_BYTES_TEXT} bytes, the most a secret can hold (characters beyond plain ASCII count 2 to 4 bytes each).`;

/** What `secretValueProblem` says, each a whole sentence of fixed text (secretValueSchema uses the same). */
export const SECRET_VALUE_PROBLEMS = {
  empty: 'Enter a value: it must not be empty.',
  // Too long in UTF-16 units or in UTF-8 bytes: one sentence for one limit, wherever it is said.
  tooLong: TOO_MANY_BYTES,
  loneSurrogate: 'The value contains invalid Unicode (an unpaired surrogate); paste it again from its source.',
  tooManyBytes: TOO_MANY_BYTES,
  blank: 'The value is only spaces, tabs or line breaks; enter the secret itself.',
} as const;

/**
 * The first rule a typed secret value breaks, or null: what the window says as you type and what
 * main's schema (secrets.ts) refuses. None states the value, its length or any part of it. Bytes
 * are counted as UTF-8 (what AWS counts), not UTF-16 code units (`.length`). The value is judged
 * exactly as typed: whitespace is a choice (WhitespaceChoice), never trimmed here.
 */
export function secretValueProblem(value: string): string | null {
  if (value.length === 0) return SECRET_VALUE_PROBLEMS.empty;
  // A necessary bound (a UTF-16 unit is at least one UTF-8 byte) that also spares encoding a huge input.
  if (value.length > MAX_SECRET_VALUE_BYTES) return SECRET_VALUE_PROBLEMS.tooLong;
  // An unpaired surrogate would be stored as U+FFFD: the stored value would differ from the typed one.
  if (LONE_SURROGATE.test(value)) return SECRET_VALUE_PROBLEMS.loneSurrogate;
  if (utf8ByteLength(value) > MAX_SECRET_VALUE_BYTES) return SECRET_VALUE_PROBLEMS.tooManyBytes;
  if (isBlank(value)) return SECRET_VALUE_PROBLEMS.blank;
  return null;
}

export function applyWhitespaceChoice(text: string, choice: WhitespaceChoice | undefined): string {
  return choice === 'trim' ? text.trim() : text;
}

/** Has a line break: such a value cannot be typed into a single-line field without being flattened. */
export function isMultiLine(text: string): boolean {
  return /[\r\n]/.test(text);
}

export interface JsonProblem {
  /** 1-based. */
  readonly line: number;
  /**
   * 1-based, in UTF-16 units as editors count; only when the place is the first thing on its line.
   * Further along a line, the column counts what comes before it on that line: the length of a
   * string, a number or a key of the value (`{"k":"S3cr3t"]` would say 15, telling the secret's
   * length). Line breaks cannot occur inside a string or a number, so the line tells none.
   */
  readonly column?: number;
  /** Fixed text naming what was expected; never the text found. */
  readonly expected: string;
}

const MAX_JSON_DEPTH = 512;

class JsonStop extends Error {
  constructor(
    readonly offset: number,
    readonly expected: string,
  ) {
    super(expected);
  }
}

/**
 * Where a JSON document first goes wrong, or null when it is valid (RFC 8259, as JSON.parse reads
 * it). Written out rather than taken from JSON.parse's message, which quotes the text it choked on.
 */
export function findJsonProblem(text: string): JsonProblem | null {
  let i = 0;
  /** Where each open string, array and object began: a document cut short is reported there. */
  const openers: number[] = [];
  const stop = (expected: string): never => {
    // At the very end, the end's column would tell the length of the last line: point at what is
    // left open instead (or the start), which says as much about the mistake and nothing more.
    if (i >= text.length) throw new JsonStop(openers.at(-1) ?? 0, `${expected}, but the text ended${openers.length > 0 ? ' before this was closed' : ''}`);
    throw new JsonStop(i, expected);
  };
  const skipSpace = (): void => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i += 1;
  };
  const literal = (word: string): void => {
    if (text.startsWith(word, i)) i += word.length;
    else stop('a value (object, array, string, number, true, false or null)');
  };
  const string = (): void => {
    openers.push(i);
    i += 1; // the opening quote
    for (;;) {
      if (i >= text.length) stop('a closing quote (") for the string');
      const code = text.charCodeAt(i);
      if (code === 0x22) {
        i += 1;
        openers.pop();
        return;
      }
      if (code < 0x20) stop('no line break or control character inside a string (write it as \\n, \\t …)');
      if (code === 0x5c) {
        const next = text[i + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            i += 1;
            stop('four hexadecimal digits after \\u');
          }
          i += 6;
        } else if (next !== undefined && '"\\/bfnrt'.includes(next)) {
          i += 2;
        } else {
          i += 1;
          stop('a valid escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX)');
        }
      } else {
        i += 1;
      }
    }
  };
  const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
  const digits = (): number => {
    const start = i;
    while (isDigit(text[i])) i += 1;
    return i - start;
  };
  const number = (): void => {
    if (text[i] === '-') i += 1;
    if (text[i] === '0') i += 1;
    else if (digits() === 0) stop('a number');
    if (text[i] === '.') {
      i += 1;
      if (digits() === 0) stop('a digit after "."');
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i += 1;
      if (text[i] === '+' || text[i] === '-') i += 1;
      if (digits() === 0) stop('a digit in the exponent');
    }
    if (/[0-9.eE+-]/.test(text[i] ?? '')) stop('a valid number (no leading zeros, digits after "." and "e")');
  };
  const value = (depth: number): void => {
    if (depth > MAX_JSON_DEPTH) stop(`at most ${MAX_JSON_DEPTH} levels of nesting`);
    skipSpace();
    const c = text[i];
    if (c === '{') {
      openers.push(i);
      i += 1;
      skipSpace();
      if (text[i] === '}') {
        i += 1;
        openers.pop();
        return;
      }
      for (;;) {
        skipSpace();
        if (text[i] !== '"') stop('a property name in double quotes');
        string();
        skipSpace();
        if (text[i] !== ':') stop('":" after the property name');
        i += 1;
        value(depth + 1);
        skipSpace();
        if (text[i] === ',') {
          i += 1;
          continue;
        }
        if (text[i] === '}') {
          i += 1;
          openers.pop();
          return;
        }
        stop('"," or "}" after a property value');
      }
    }
    if (c === '[') {
      openers.push(i);
      i += 1;
      skipSpace();
      if (text[i] === ']') {
        i += 1;
        openers.pop();
        return;
      }
      for (;;) {
        value(depth + 1);
        skipSpace();
        if (text[i] === ',') {
          i += 1;
          continue;
        }
        if (text[i] === ']') {
          i += 1;
          openers.pop();
          return;
        }
        stop('"," or "]" after an array element');
      }
    }
    if (c === '"') return string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    if (c === undefined) stop('a value');
    stop('a value (object, array, string, number, true, false or null)');
  };

  try {
    skipSpace();
    const firstValueStart = i;
    value(0);
    skipSpace();
    // Pointed at where the first value starts, not where it ended: that offset would be its length.
    if (i < text.length) throw new JsonStop(firstValueStart, 'the end of the document after the value that starts here (there is more after it)');
    return null;
  } catch (error) {
    if (!(error instanceof JsonStop)) throw error;
    const before = text.slice(0, error.offset);
    const lineStart = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) + 1;
    const line = (before.match(/\r\n|\r|\n/g)?.length ?? 0) + 1;
    const firstOnItsLine = /^[ \t]*$/.test(before.slice(lineStart));
    return firstOnItsLine ? { line, column: error.offset - lineStart + 1, expected: error.expected } : { line, expected: error.expected };
  }
}

/** "at line 3, column 14, expected …" (or "at line 3, expected …") — the place and the rule, never the text there. */
export function describeJsonProblem(problem: JsonProblem): string {
  const column = problem.column === undefined ? '' : `, column ${problem.column}`;
  return `is not valid JSON: at line ${problem.line}${column}, expected ${problem.expected}`;
}
