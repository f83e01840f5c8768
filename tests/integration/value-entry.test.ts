/**
 * Values arrive exactly as typed or picked: through the router, the real service and the embedded
 * vault, then read back through the vault itself (GetSecretValue, which the app cannot call).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelName } from '../../src/shared/channels';
import type { PickValueFileResult } from '../../src/shared/contract';
import { readStoredValue } from '../fixtures/stored-value';
import { ENV, startHarness, type Harness } from '../main/audit/harness';
import { tempDir } from '../vault/helpers';
const ID = (name: string, domain = 'shared') => `agentfoundry/dev/acme/${domain}/${name}`;

describe('values arrive exactly as typed or picked', () => {
  let h: Harness;
  let filesDir: string;
  let nextFile: string | null;
  const ok = <T>(name: ChannelName, input: unknown = {}): Promise<T> => h.ok(name, input) as Promise<T>;
  const failure = (name: ChannelName, input: unknown = {}) => h.failure(name, input);

  /** Puts bytes in a file and makes it the one the "dialog" picks next. */
  async function pick(name: string, content: string | Uint8Array, secretName: string): Promise<PickValueFileResult> {
    nextFile = path.join(filesDir, name);
    await fs.writeFile(nextFile, content);
    return ok<PickValueFileResult>('pickValueFile', { orgId: 'acme', secretName });
  }
  /** What the vault holds (the app is closed first: the vault is one process's at a time). */
  async function stored(secretId: string) {
    await h.close();
    return readStoredValue(h.userDataDir, ENV, secretId);
  }

  beforeEach(async () => {
    filesDir = await tempDir('foundry-files-');
    nextFile = null;
    h = await startHarness({ chooseValueFile: async () => nextFile });
  });
  afterEach(async () => {
    await h.close().catch(() => undefined);
  });

  it('stores a multi-line PEM with its trailing newline when asked to keep it', async () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n';
    expect(await failure('writeSecret', { orgId: 'acme', secretName: 'github_app_key', value: pem, mode: 'multi-line' })).toMatchObject({ code: 'VALIDATION' });
    await ok('writeSecret', { orgId: 'acme', secretName: 'github_app_key', value: pem, mode: 'multi-line', whitespace: 'keep' });
    expect(await stored(ID('github_app_key'))).toEqual({ kind: 'string', text: pem });
  });

  it('trims only when asked, and keeps tabs, CRLF and non-ASCII text inside the value', async () => {
    await ok('writeSecret', { orgId: 'acme', secretName: 'trimmed', value: '\t sk-abc \r\n', whitespace: 'trim' });
    await ok('writeSecret', { orgId: 'acme', secretName: 'inner', value: 'a\tb\r\nc clé-ключ-鍵-🔑' });
    expect(await stored(ID('trimmed'))).toEqual({ kind: 'string', text: 'sk-abc' });
    expect(await readStoredValue(h.userDataDir, ENV, ID('inner'))).toEqual({ kind: 'string', text: 'a\tb\r\nc clé-ключ-鍵-🔑' });
  });

  it('takes exactly 65,536 UTF-8 bytes and refuses one more, storing nothing', async () => {
    const exact = `${'é'.repeat(20_000)}${'鍵'.repeat(8_000)}${'k'.repeat(1_536)}`; // 40,000 + 24,000 + 1,536 bytes
    expect(new TextEncoder().encode(exact).length).toBe(65_536);
    await ok('writeSecret', { orgId: 'acme', secretName: 'exact', value: exact });
    expect(await failure('writeSecret', { orgId: 'acme', secretName: 'over', value: `${exact}k` })).toMatchObject({ code: 'VALIDATION' });
    expect(await failure('writeSecret', { orgId: 'acme', secretName: 'blank', value: ' \t\n ' })).toMatchObject({ code: 'VALIDATION' });
    expect(await stored(ID('exact'))).toEqual({ kind: 'string', text: exact });
    expect(await readStoredValue(h.userDataDir, ENV, ID('over'))).toEqual({ kind: 'missing' });
    expect(await readStoredValue(h.userDataDir, ENV, ID('blank'))).toEqual({ kind: 'missing' });
  });

  it('refuses invalid JSON in JSON mode, saying where, and stores valid JSON as typed', async () => {
    const doc = '{\n  "type": "service_account",\n  "private_key": "-----BEGIN-----\\nMIIE\\n-----END-----\\n"\n}';
    const error = await failure('writeSecret', { orgId: 'acme', secretName: 'gcp', value: '{"type": "service_account",\n "key" "x"}', mode: 'json' });
    expect(error.message).toContain('at line 2, expected ":" after the property name');
    await ok('writeSecret', { orgId: 'acme', secretName: 'gcp', value: doc, mode: 'json' });
    expect(await stored(ID('gcp'))).toEqual({ kind: 'string', text: doc });
  });

  it('reads a picked text file in main: the window learns facts, never the content, path or size', async () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const picked = await pick('cert.pem', pem, 'tls_cert');
    expect(picked).toEqual({
      picked: true,
      handle: expect.any(String),
      fileName: 'cert.pem',
      content: 'text',
      multiLine: true,
      leadingWhitespace: false,
      trailingWhitespace: true,
      trailingNewline: true,
    });
    const answer = JSON.stringify(picked);
    expect(answer).not.toContain(filesDir);
    expect(answer).not.toContain('MIIB');
    // (toEqual above: exactly these fields, so no size, line count or digest either.)
    if (!picked.picked) throw new Error('not picked');
    // Whitespace at an end is a choice, for files as for typed values.
    expect(await failure('writeSecret', { orgId: 'acme', secretName: 'tls_cert', file: picked.handle })).toMatchObject({ code: 'VALIDATION', details: { field: 'whitespace' } });
    await ok('writeSecret', { orgId: 'acme', secretName: 'tls_cert', file: picked.handle, whitespace: 'keep' });
    // Used once: the bytes are forgotten after the write.
    expect(await failure('writeSecret', { orgId: 'acme', secretName: 'tls_cert', file: picked.handle, whitespace: 'keep' })).toMatchObject({ code: 'VALIDATION' });
    expect(await stored(ID('tls_cert'))).toEqual({ kind: 'string', text: pem });
  });

  it('stores a binary file as SecretBinary, byte for byte', async () => {
    const bytes = Uint8Array.from([0x30, 0x82, 0x00, 0xff, 0xfe, 0x0a, 0x20, 0x00, 0x7f, 0xc3]);
    const picked = await pick('keystore.p12', bytes, 'keystore');
    expect(picked).toMatchObject({ picked: true, content: 'binary', multiLine: false, trailingWhitespace: false });
    if (!picked.picked) throw new Error('not picked');
    await ok('writeSecret', { orgId: 'acme', secretName: 'keystore', file: picked.handle });
    const value = await stored(ID('keystore'));
    expect(value.kind).toBe('binary');
    expect(value.kind === 'binary' && [...value.bytes]).toEqual([...bytes]);
  });

  it('keeps a UTF-8 BOM and CRLF from a file exactly (as SecretString)', async () => {
    const text = '\uFEFFline one\r\nline two';
    const picked = await pick('bom.txt', text, 'bom');
    expect(picked).toMatchObject({ content: 'text', leadingWhitespace: true });
    if (!picked.picked) throw new Error('not picked');
    await ok('writeSecret', { orgId: 'acme', secretName: 'bom', file: picked.handle, whitespace: 'keep' });
    expect(await stored(ID('bom'))).toEqual({ kind: 'string', text });
  });

  it('refuses files that could never be stored, reading no more than one byte past the limit', async () => {
    // Cancelled dialog: nothing picked, no error.
    expect(await ok('pickValueFile', { orgId: 'acme', secretName: 'x' })).toEqual({ picked: false });
    for (const [name, content, says] of [
      ['empty.txt', '', 'empty'],
      ['blank.txt', ' \n\t\n', 'only spaces'],
      ['big.bin', new Uint8Array(65_537), 'larger than 65,536 bytes'],
    ] as const) {
      nextFile = path.join(filesDir, name);
      await fs.writeFile(nextFile, content);
      const error = await failure('pickValueFile', { orgId: 'acme', secretName: 'x' });
      expect(error).toMatchObject({ code: 'VALIDATION' });
      expect(error.message).toContain(says);
    }
    nextFile = filesDir; // a directory
    expect((await failure('pickValueFile', { orgId: 'acme', secretName: 'x' })).message).toContain('not a regular file');
    nextFile = path.join(filesDir, 'missing.pem');
    expect((await failure('pickValueFile', { orgId: 'acme', secretName: 'x' })).message).toContain('could not be opened (ENOENT)');
    // Exactly 65,536 bytes is a secret's maximum: accepted.
    const max = await pick('max.bin', new Uint8Array(65_536).fill(0x41), 'max');
    expect(max).toMatchObject({ picked: true, content: 'text' });
  });

  it('forgets a picked file on discard; an unknown handle is refused', async () => {
    const picked = await pick('token.txt', 'ghp_abc', 'github_token');
    if (!picked.picked) throw new Error('not picked');
    expect(await ok('discardValueFile', { handle: picked.handle })).toEqual({ discarded: true });
    expect(await ok('discardValueFile', { handle: picked.handle })).toEqual({ discarded: false });
    const error = await failure('writeSecret', { orgId: 'acme', secretName: 'github_token', file: picked.handle });
    expect(error.message).toContain('Pick the file again');
  });

  it('checks JSON mode for a file too, and lets one write at a time use a picked file', async () => {
    const broken = await pick('sa.json', '{"type": "service_account", oops', 'gcp');
    if (!broken.picked) throw new Error('not picked');
    expect((await failure('writeSecret', { orgId: 'acme', secretName: 'gcp', file: broken.handle, mode: 'json' })).message).toContain('not valid JSON');
    const token = await pick('token.txt', 'tok_concurrent', 'twice');
    if (!token.picked) throw new Error('not picked');
    const input = { orgId: 'acme', secretName: 'twice', file: token.handle };
    const results = await Promise.all([h.call('writeSecret', input), h.call('writeSecret', input)]);
    expect(results.map((r) => (r.ok ? 'stored' : r.error.code)).sort()).toEqual(['CONFLICT', 'stored']);
  });

  it('says "not available" when no file chooser is wired', async () => {
    await h.close();
    h = await startHarness({ userDataDir: h.userDataDir });
    expect(await failure('pickValueFile', { orgId: 'acme', secretName: 'x' })).toMatchObject({ code: 'INTERNAL' });
  });
});
