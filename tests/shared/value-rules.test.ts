import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { secretValueSchema } from '../../src/shared/secrets';
import {
  edgeWhitespace,
  findJsonProblem,
  isBlank,
  isMultiLine,
  MAX_SECRET_VALUE_BYTES,
  SECRET_VALUE_PROBLEMS,
  secretValueProblem,
  utf8ByteLength,
} from '../../src/shared/value-rules';

describe('value rules', () => {
  it('counts UTF-8 bytes', () => {
    expect(utf8ByteLength('abc')).toBe(3);
    expect(utf8ByteLength('é')).toBe(2);
    expect(utf8ByteLength('鍵')).toBe(3);
    expect(utf8ByteLength('🔑')).toBe(4);
  });

  it('tells which end has whitespace, and a trailing newline apart', () => {
    expect(edgeWhitespace('key')).toEqual({ leading: false, trailing: false, trailingNewline: false });
    expect(edgeWhitespace(' key')).toEqual({ leading: true, trailing: false, trailingNewline: false });
    expect(edgeWhitespace('key\t')).toEqual({ leading: false, trailing: true, trailingNewline: false });
    expect(edgeWhitespace('-----END-----\n')).toEqual({ leading: false, trailing: true, trailingNewline: true });
    expect(edgeWhitespace('x\r\n')).toMatchObject({ trailingNewline: true });
    expect(edgeWhitespace('\uFEFFkey')).toMatchObject({ leading: true });
    expect(isBlank(' \t\r\n')).toBe(true);
    expect(isBlank(' a ')).toBe(false);
    expect(isMultiLine('a\nb')).toBe(true);
    expect(isMultiLine('a\rb')).toBe(true);
    expect(isMultiLine('a b')).toBe(false);
  });

  describe('JSON', () => {
    it('finds the place and names what was expected', () => {
      expect(findJsonProblem('{"a": 1,}')).toEqual({ line: 1, expected: 'a property name in double quotes' });
      expect(findJsonProblem('{\n  "a": 1\n  "b": 2\n}')).toMatchObject({ line: 3, column: 3, expected: '"," or "}" after a property value' });
      expect(findJsonProblem('[1, 2')).toMatchObject({ line: 1, column: 1, expected: expect.stringContaining('the text ended before this was closed') });
      expect(findJsonProblem('"line\nbreak"')).toEqual({ line: 1, expected: expect.stringContaining('no line break') });
      expect(findJsonProblem('{"a": 01}')).toMatchObject({ expected: expect.stringContaining('valid number') });
      expect(findJsonProblem('{"a": "\\x"}')).toMatchObject({ expected: expect.stringContaining('escape') });
      expect(findJsonProblem('')).toMatchObject({ line: 1, column: 1 });
      expect(findJsonProblem('{} {}')).toMatchObject({ expected: expect.stringContaining('end of the document') });
      expect(findJsonProblem('NaN')).not.toBeNull();
      expect(findJsonProblem('[' .repeat(10_000))).toMatchObject({ expected: expect.stringContaining('nesting') });
    });

    it('does not tell the length of a document cut short: it points at what was left open', () => {
      const short = findJsonProblem('{"key": "abc');
      const long = findJsonProblem(`{"key": "${'x'.repeat(41)}`);
      expect(short).toEqual(long);
      expect(short).toEqual({ line: 1, expected: expect.stringContaining('the text ended') });
      expect(findJsonProblem('{"a": [1, 2,')).toEqual({ line: 1, expected: expect.stringContaining('the text ended') });
      expect(findJsonProblem('{\n  "a": [1, 2,')).toEqual({ line: 2, expected: expect.stringContaining('the text ended') });
      expect(findJsonProblem('{\n  [')).toMatchObject({ line: 2, column: 3 });
      expect(findJsonProblem('  ')).toMatchObject({ line: 1, column: 1 });
    });

    it('gives a column only when the place is the first thing on its line: further along, it would count a string (review finding)', () => {
      // Before: column 19 for {"k":"S3cr3tValue"] — the column minus 8 was the secret's length.
      const at = (secret: string) => findJsonProblem(`{"k":"${secret}"]`);
      expect(at('S3cr3tValue')).toEqual({ line: 1, expected: '"," or "}" after a property value' });
      expect(findJsonProblem('{"k":"S3cr3tValue" "x":1}')).toEqual({ line: 1, expected: '"," or "}" after a property value' });
      // Pretty-printed JSON still gets its column: the mistake starts a line.
      expect(findJsonProblem('{\n  "k": "S3cr3tValue"\n  "x": 1\n}')).toEqual({ line: 3, column: 3, expected: '"," or "}" after a property value' });
      // Whatever the document, what is said about it does not change with the length of a string,
      // number or key in it (the same document with one of them longer or shorter).
      const broken = ['}', ']', ' "x":1}', ',,', ' 1', ':', '\u0001"', '\\x"', '.', 'e', '-'];
      fc.assert(
        fc.property(fc.constantFrom(...broken), fc.string({ unit: 'grapheme-ascii', maxLength: 40 }), fc.nat(40), fc.constantFrom('string', 'number', 'key'), (tail, text, extra, where) => {
          // No quote, backslash or control character: the filler stays inside its string.
          const safe = [...text].map((char) => (char === '"' || char === '\\' || char.charCodeAt(0) < 0x20 ? 'a' : char)).join('');
          const make = (filler: string): string =>
            where === 'string' ? `{"k":"${filler}"${tail}` : where === 'number' ? `[1${'0'.repeat(filler.length)}${tail}` : `{"${filler}"${tail}`;
          expect(findJsonProblem(make(safe))).toEqual(findJsonProblem(make(safe + 'z'.repeat(extra + 1))));
        }),
        { numRuns: 1000 },
      );
    });

    it('more after the first value: points at where that value starts, so its length is not told', () => {
      const short = findJsonProblem('{"k":"sk-123"} trailingjunk');
      const long = findJsonProblem(`{"k":"${'x'.repeat(57)}"} trailingjunk`);
      expect(short).toEqual(long);
      expect(short).toMatchObject({ line: 1, column: 1, expected: expect.stringContaining('more after') });
      // Nor the count of its lines.
      expect(findJsonProblem('{\n"k": 1\n}\nmore')).toEqual(findJsonProblem('{"k": 1} more'));
      // Leading blank lines are the person's, not the value's: the place is still where the value starts.
      expect(findJsonProblem('\n  [1] 2')).toMatchObject({ line: 2, column: 3 });
    });

    it('takes numbers of any length, as JSON.parse does', () => {
      expect(findJsonProblem('1'.repeat(401))).toBeNull();
      expect(findJsonProblem(`[-0.${'5'.repeat(500)}e+${'9'.repeat(3)}]`)).toBeNull();
      expect(findJsonProblem('1.')).not.toBeNull();
      expect(findJsonProblem('-')).not.toBeNull();
      expect(findJsonProblem('1e')).not.toBeNull();
    });

    it('never quotes the text it fails on', () => {
      const problem = findJsonProblem('{"key": CANARYsecret}');
      expect(JSON.stringify(problem)).not.toContain('CANARY');
    });

    it('agrees with JSON.parse on any JSON value and on mangled ones', () => {
      fc.assert(
        fc.property(fc.json(), (text) => {
          expect(findJsonProblem(text)).toBeNull();
        }),
        { numRuns: 300 },
      );
      fc.assert(
        fc.property(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', 'x', '\n', '0', '-', '\\'), (text, at, insert) => {
          const position = text.length === 0 ? 0 : at % text.length;
          const mangled = text.slice(0, position) + insert + text.slice(position);
          let valid = true;
          try {
            JSON.parse(mangled);
          } catch {
            valid = false;
          }
          expect(findJsonProblem(mangled) === null).toBe(valid);
        }),
        { numRuns: 2000 },
      );
    });
  });
});

describe('secretValueProblem (the form) and secretValueSchema (main) say the same', () => {
  const firstIssue = (value: unknown): string | null => {
    const parsed = secretValueSchema.safeParse(value);
    return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'no message');
  };

  it('for each rule, in the same order', () => {
    const cases: readonly [string, string | null][] = [
      ['', SECRET_VALUE_PROBLEMS.empty],
      [' \t\n', SECRET_VALUE_PROBLEMS.blank],
      ['x'.repeat(MAX_SECRET_VALUE_BYTES + 1), SECRET_VALUE_PROBLEMS.tooLong],
      ['é'.repeat(MAX_SECRET_VALUE_BYTES / 2 + 1), SECRET_VALUE_PROBLEMS.tooManyBytes],
      ['sk-\uD800-x', SECRET_VALUE_PROBLEMS.loneSurrogate],
      ['sk-live-123', null],
      ['  sk-with-edges  ', null],
    ];
    for (const [value, expected] of cases) {
      expect(secretValueProblem(value)).toBe(expected);
      expect(firstIssue(value)).toBe(expected);
    }
  });

  it('for any text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('', ' ', '\n', '\uDC00')), (value) => {
        expect(firstIssue(value)).toBe(secretValueProblem(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('never with the value in it', () => {
    const value = 'sk-canary-7f3a\uD800';
    expect(secretValueProblem(value)).not.toContain('canary');
  });
});
