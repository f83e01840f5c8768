import { parse } from 'dotenv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_BLANK_STRETCH_WORK, MAX_IMPORT_LINES, blankStretchWork, keyLooksLikeName, parseEnvBytes, parseEnvText, readEnvFile } from '../../../src/main/jobs/env-file';
import { planImport } from '../../../src/main/jobs/import-plan';
import { createImportSources } from '../../../src/main/jobs/import-sources';
import { CATALOG } from '../../../src/shared/catalog';
import { isAppError } from '../../../src/shared/errors';

const reveal = (text: string) => Object.fromEntries(parseEnvText(text).entries.map((entry) => [entry.key, entry.value.reveal()]));

describe('.env files as main reads them for an import', () => {
  it('takes values from dotenv itself: export, quotes, comments, = inside values, multi-line quotes', () => {
    const text = ['export A=1', 'B="two # not a comment"', "C='x=y=z'", 'D=plain # comment', 'E="line 1', 'line 2"', 'F=', '# G=commented out'].join('\n');
    expect(reveal(text)).toEqual(parse(text));
    expect(reveal(text)).toEqual({ A: '1', B: 'two # not a comment', C: 'x=y=z', D: 'plain', E: 'line 1\nline 2', F: '' });
  });

  it('places each assignment on its line, the last of a duplicate wins, and names lines that are not assignments by number', () => {
    const parsed = parseEnvText(['A=1', '', 'not an assignment', 'B="multi', 'line"', 'A=2', '  # indented comment', 'é=x'].join('\n'));
    expect(parsed.entries.map((entry) => [entry.key, entry.line, entry.overriddenLines])).toEqual([
      ['B', 4, []],
      ['A', 6, [1]],
    ]);
    expect(parsed.entries.find((entry) => entry.key === 'A')?.value.reveal()).toBe('2');
    expect(parsed.badLines).toEqual([3, 8]);
    expect(parsed.entries.find((entry) => entry.key === 'A')?.empty).toBe(false);
  });

  it('reads CRLF and a UTF-8 BOM like LF files', () => {
    expect(reveal('\uFEFFA=1\r\nB="x\r\ny"\r\n')).toEqual({ A: '1', B: 'x\ny' });
  });

  it('refuses binary input and more than 1 MiB, without quoting it', () => {
    const refusal = (bytes: Uint8Array) => {
      try {
        parseEnvBytes(bytes);
      } catch (error) {
        if (isAppError(error)) return `${error.code}: ${error.message}`;
        throw error;
      }
      throw new Error('accepted');
    };
    expect(refusal(Buffer.from('A=secret-bytes\0'))).toMatch(/^VALIDATION: This is a binary file/);
    expect(refusal(Buffer.from([0x41, 0x3d, 0xff, 0xfe]))).toMatch(/^VALIDATION: This is a binary file/);
    expect(refusal(Buffer.alloc(1024 * 1024 + 1, 0x41))).toMatch(/^VALIDATION: The input is larger than 1 MiB/);
    expect(refusal(Buffer.from('A=secret-bytes\0'))).not.toContain('secret-bytes');
  });

  it('never shows key material as a key: a base64 line ending in "=" and an unquoted PEM are reported by line number only', () => {
    // dotenv reads "c2stbGl2ZS1hYmMxMjNYWVo=" (base64 of a key) as the key "c2stbGl2ZS1hYmMxMjNYWVo" with an empty value.
    const jwt = parseEnvText('JWT_SECRET=\nc2stbGl2ZS1hYmMxMjNYWVo=\nPORT=8080\n');
    expect(jwt.entries.map((entry) => entry.key)).toEqual(['JWT_SECRET', 'PORT']);
    expect(jwt.badLines).toEqual([]);
    expect(jwt.materialLines).toEqual([2]);
    const pem = parseEnvText(['SERVICE_PRIVATE_KEY=-----BEGIN PRIVATE KEY-----', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC', 'RT4bRmbSCafx1Q==', '-----END PRIVATE KEY-----', 'NEXT_KEY=ok'].join('\n'));
    expect(pem.entries.map((entry) => [entry.key, entry.line, entry.problem ?? null])).toEqual([
      ['SERVICE_PRIVATE_KEY', 1, 'unquoted-multiline'],
      ['NEXT_KEY', 5, null],
    ]);
    expect(pem.badLines).toEqual([2, 3, 4]);
    // Keys dotenv does not keep (__proto__) neither hide the other lines' numbers nor go unreported.
    const proto = parseEnvText('__proto__=x\nOPENAI_API_KEY=sk-1\nfoo');
    expect(proto.entries.map((entry) => [entry.key, entry.line])).toEqual([['OPENAI_API_KEY', 2]]);
    expect(proto.badLines).toEqual([1, 3]);
    // A key dotenv accepts but no variable is named like (a digit first: most hex) is hidden as material.
    expect(parseEnvText('1PASSWORD=abc')).toMatchObject({ entries: [], badLines: [], materialLines: [1] });
  });

  it('never shows key material that dotenv reads as a key: "=" padding, base32, hex, AWS key ids, long runs, JWT-ish runs', () => {
    // Each of these lines parses as an assignment (dotenv takes "WORD=", "WORD==" and "WORD: x"),
    // but the "key" is the material itself; it must be reported by line number and never echoed.
    const material = [
      ['JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', '===='], // a TOTP seed (base32) with padding: the value is "==="
      ['JBSWY3DPEHPK3PXP', ': 123456'], // a 16-character seed before a code
      ['C55AD0159F86D081884C7D659A2FEAA0', '=='], // upper-case hex starting with a letter, padded
      ['E3B0C44298FC1C149AFBF4C8996FB924', '='], // the same with an empty value
      ['DEADBEEFCAFEBABE0123456789ABCDEF', '=on'], // hex with a value
      ['deadbeefcafebabe0123456789abcdef', '=1'], // lower-case hex
      ['AKIAIOSFODNN7EXAMPLE', ': x'], // an AWS access key id, YAML-style
      ['QWERTYUIOPASDFGHJKLZXCVBNMQWERTYUIOPASDF', '=x'], // a 40-character upper-case run
      ['A1B2C3D4E5F6', '=v'], // a short hex run
      ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', '='], // a JWT
      ['YWJjZGVmZ2g', '='], // a short base64 tail
      ['QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo', '=='], // base64 of upper-case letters
    ] as const;
    const text = ['OPENAI_API_KEY=sk-proj-abc123def456', ...material.map(([key, rest]) => `${key}${rest}`), 'PORT=8080'].join('\n');
    const parsed = parseEnvText(text);
    expect(parsed.entries.map((entry) => entry.key)).toEqual(['OPENAI_API_KEY', 'PORT']);
    expect(parsed.materialLines).toEqual(material.map((_, index) => index + 2));
    expect(parsed.badLines).toEqual([]);

    // Nor in the app's preview, where a custom key would become a secret name.
    const sources = createImportSources({ env: {} });
    const record = sources.adopt('file', '.env', parsed);
    const { preview, writes } = planImport(record, { sourceId: record.sourceId, orgId: 'acme', domainId: 'shared', includeCustom: true, overwrite: false, skipKeys: [] }, 'dev', undefined);
    const shown = JSON.stringify(preview).toLowerCase();
    for (const [key] of material) for (const part of key.toLowerCase().split(/[._-]/)) if (part.length >= 8) expect(shown).not.toContain(part.slice(0, 8));
    expect(writes.map((write) => write.item.secretName)).toEqual(['openai_api_key', 'port']);
  });

  it('still shows real variable names: the catalog\'s, common one-word ones, lower case, dotted', () => {
    const names = [
      ...CATALOG.flatMap((entry) => (entry.envVar === undefined ? [] : [entry.envVar])),
      ...['PORT', 'DEBUG', 'DATABASE_URL', 'NODE_ENV', 'SECRET', 'TOKEN', 'PASSWORD', 'HOSTNAME', 'ENVIRONMENT', 'KUBECONFIG', 'HTTP2', 'LOGLEVEL'],
      ...['port', 'Custom_Thing', 'db.url', 'AWS_S3_BUCKET', 'NEXT_PUBLIC_API_URL', 'SHA256_SALT', 'OAUTH2_CLIENT_SECRET', 'SENTRY_DSN', `${'LONG_'.repeat(25)}X`],
    ];
    expect(names).toContain('OPENAI_API_KEY');
    const parsed = parseEnvText(names.map((name, index) => `${name}=value-${index}`).join('\n'));
    expect(parsed.entries.map((entry) => entry.key)).toEqual(names);
    expect(parsed.badLines).toEqual([]);
    // An empty assignment of a real name is still shown (and reported as empty), not hidden.
    expect(parseEnvText('SENTRY_DSN=\nPORT=\nJWT_SECRET=').entries.map((entry) => [entry.key, entry.empty])).toEqual([
      ['SENTRY_DSN', true],
      ['PORT', true],
      ['JWT_SECRET', true],
    ]);
  });

  it('reports lines hidden as key material apart from lines that are not assignments, in the source and the preview (finding 6)', () => {
    // auth0ClientSecret is a real name the rule takes for material (a long key with a digit that mixes cases):
    // it must be reported as "looks like key material", not as a line that is not an assignment.
    const text = ['OPENAI_API_KEY=sk-1', 'auth0ClientSecret=live-value', 'not an assignment', 'DpdmvTC__lAGBnQIS4H_jQZ-8Ku9Z_nG-fRPZI22W4w: x', 'PORT=8080'].join('\n');
    const parsed = parseEnvText(text);
    expect(parsed.entries.map((entry) => entry.key)).toEqual(['OPENAI_API_KEY', 'PORT']);
    expect(parsed.badLines).toEqual([3]);
    expect(parsed.materialLines).toEqual([2, 4]);

    const sources = createImportSources({ env: {} });
    const record = sources.adopt('file', '.env', parsed);
    const { preview } = planImport(record, { sourceId: record.sourceId, orgId: 'acme', domainId: 'shared', includeCustom: true, overwrite: false, skipKeys: [] }, 'dev', undefined);
    expect(preview).toMatchObject({ badLines: [3], materialLines: [2, 4] });
    expect(JSON.stringify(preview)).not.toMatch(/auth0|Dpdmv/i);
  });

  it('keeps every line of a key assigned many times, and refuses more lines than a .env file has', () => {
    // Up to the cap, a key assigned on every line is one entry that knows all its earlier lines.
    const repeated = parseEnvText('A=1\n'.repeat(MAX_IMPORT_LINES - 1));
    expect(repeated.entries).toHaveLength(1);
    expect(repeated.entries[0]?.overriddenLines).toHaveLength(MAX_IMPORT_LINES - 2);
    // Past it, nothing is parsed (dotenv's own pattern is quadratic on long runs of blank lines).
    expect(() => parseEnvText('A=1\n'.repeat(MAX_IMPORT_LINES + 1))).toThrow(/more than 10,000 lines/);
    expect(() => parseEnvText('\n'.repeat(MAX_IMPORT_LINES + 1))).toThrow(/more than 10,000 lines/);
  });

  it('refuses at once a file whose whitespace would keep dotenv busy for minutes, and reads real blank lines as before', () => {
    // Review finding: dotenv's pattern is quadratic in stretches of whitespace. 3,000 lines of 100
    // spaces took 6 s of main's thread (9,999 of them, a 1 MB file under the line cap, about 70 s);
    // U+2028 is a line break to the pattern but not to the line cap (one line of thousands).
    const hostile = [(' '.repeat(100) + '\n').repeat(3_000), 'A=1\n' + (' '.repeat(10) + '\u2028').repeat(3_000) + '\nB=2\n', '\t\n'.repeat(9_000)];
    for (const text of hostile) {
      const started = performance.now();
      expect(() => parseEnvText(text)).toThrow(expect.objectContaining({ code: 'VALIDATION', message: expect.stringContaining('blank or whitespace-only lines in a row') }));
      expect(performance.now() - started).toBeLessThan(1_000);
    }
    // A real file: blank lines between groups, a quoted value with blank lines inside it.
    const real = ['# app', '', '', 'PORT=8080', '   ', '\t', 'CERT="line one', '', '   ', 'line four"', ...Array<string>(500).fill(''), 'OPENAI_API_KEY=sk-test'].join('\n');
    expect(blankStretchWork(real)).toBeLessThan(MAX_BLANK_STRETCH_WORK / 10);
    const parsed = parseEnvText(real);
    expect(parsed.entries.map((entry) => entry.key)).toEqual(['PORT', 'CERT', 'OPENAI_API_KEY']);
    expect(parsed.entries[1]?.value.reveal()).toBe('line one\n\n   \nline four');
  });

  it('measures the whitespace work in one pass, as the line starts in each stretch times its length', () => {
    expect(blankStretchWork('')).toBe(0);
    expect(blankStretchWork('A=1')).toBe(0);
    // "\n\n\n": three characters, line starts at 0 (the text's start), 1 and 2.
    expect(blankStretchWork('\n\n\n')).toBe(9);
    // A stretch in the middle of a line has no line start: dotenv never starts a try there.
    expect(blankStretchWork('A=1   B')).toBe(0);
    // "1", then the stretch "\n  \n" (4 characters) with one line start in it (after its first \n), then "B".
    expect(blankStretchWork('1\n  \nB')).toBe(4);
    expect(blankStretchWork('x\u2028 \u2029y')).toBe(3);
    // Every character RegExp's \s matches counts, and only those.
    const disagree: string[] = [];
    for (let code = 0; code <= 0xffff; code += 1) {
      const char = String.fromCharCode(code);
      if (blankStretchWork(char) > 0 !== /\s/.test(char)) disagree.push(`U+${code.toString(16)}`);
    }
    expect(disagree).toEqual([]);
  });

  it('reads only regular files, and never more than the limit (a device or a pipe has no size)', async () => {
    await expect(readEnvFile('/dev/zero')).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('not a regular file') });
  });

  it('agrees with dotenv on every key and value, and accounts for every line, whatever the text', () => {
    const line = fc.oneof(
      fc.tuple(fc.constantFrom('', 'export '), fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,8}$/), fc.constantFrom('=', ' = '), fc.string({ maxLength: 12 })).map(([e, k, s, v]) => `${e}${k}${s}${v}`),
      fc.tuple(fc.stringMatching(/^[A-Z_]{1,6}$/), fc.constantFrom('"', "'", '`'), fc.string({ maxLength: 10 })).map(([k, q, v]) => `${k}=${q}${v.replaceAll(q, '')}${q}`),
      fc.string({ maxLength: 12 }).map((c) => `# ${c}`),
      fc.string({ maxLength: 16 }),
      fc.constant(''),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), fc.constantFrom('\n', '\r\n'), (lines, eol) => {
        const text = lines.join(eol);
        const parsed = parseEnvText(text);
        const dotenv = parse(text.replace(/\r\n?/g, '\n'));
        const shown = Object.fromEntries(parsed.entries.map((entry) => [entry.key, entry.value.reveal()]));
        // Every key shown is dotenv's, with dotenv's value; a key not shown is one that does not read as a name.
        for (const [key, value] of Object.entries(shown)) expect(dotenv[key]).toBe(value);
        for (const key of Object.keys(dotenv)) if (!(key in shown)) expect(keyLooksLikeName(key, dotenv[key] ?? '') && !parsed.entries.some((e) => e.problem)).toBe(false);
        const count = text.replace(/\r\n?/g, '\n').split('\n').length;
        for (const bad of parsed.badLines) expect(bad).toBeLessThanOrEqual(count);
        // A line is reported once, as not an assignment or as material, never both.
        for (const material of parsed.materialLines) expect(material <= count && !parsed.badLines.includes(material)).toBe(true);
        for (const entry of parsed.entries) expect(entry.line === 0 || entry.line <= count).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});
