import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VALUE_FILE_TTL_MS, createValueFiles } from '../../../src/main/secrets/value-files';
import { tempDir } from '../../vault/helpers';

const ref = { orgId: 'acme', domainId: 'shared', secretName: 'tls_key' };
const plain = { whitespace: undefined, mode: 'single-line' } as const;

async function fileWith(content: string | Uint8Array, name = 'value'): Promise<string> {
  const file = path.join(await tempDir('foundry-value-files-'), name);
  await fs.writeFile(file, content);
  return file;
}

async function pickedHandle(files: ReturnType<typeof createValueFiles>): Promise<string> {
  const picked = await files.pick(ref);
  if (!picked.picked) throw new Error('not picked');
  return picked.handle;
}

describe('value files held in main', () => {
  it('forgets a file after 15 minutes: the form must pick it again', async () => {
    let now = 1_000;
    const file = await fileWith('sk-held');
    const files = createValueFiles({ choose: async () => file, now: () => now });
    const handle = await pickedHandle(files);
    now += VALUE_FILE_TTL_MS - 1;
    const use = files.use(handle, ref, plain);
    expect(use.value.reveal()).toBe('sk-held');
    use.done(false);
    now += 1;
    expect(() => files.use(handle, ref, plain)).toThrow(/Pick the file again/);
  });

  it('gives each write its own copy of binary bytes, so a wipe cannot change a write in flight', async () => {
    const file = await fileWith(Uint8Array.from([1, 2, 3, 0]));
    const files = createValueFiles({ choose: async () => file });
    const handle = await pickedHandle(files);
    const use = files.use(handle, ref, plain);
    use.done(true); // stored: the held bytes are wiped
    expect([...(use.value.reveal() as Uint8Array)]).toEqual([1, 2, 3, 0]);
    expect(files.release(handle)).toBe(false);
  });

  it('is good for the secret it was picked for only, and for one write at a time', async () => {
    const file = await fileWith('tok_only_for_tls_key');
    const files = createValueFiles({ choose: async () => file });
    const handle = await pickedHandle(files);
    // Picked for tls_key: not usable for openai_api_key (whose check would send it to a provider).
    expect(() => files.use(handle, { ...ref, secretName: 'openai_api_key' }, plain)).toThrow(/Pick the file again/);
    expect(() => files.use(handle, { ...ref, domainId: 'cards' }, plain)).toThrow(/Pick the file again/);
    const first = files.use(handle, ref, plain);
    expect(() => files.use(handle, ref, plain)).toThrow(/being saved already/);
    expect(files.release(handle)).toBe(false); // in use: a cancel does not pull it from under the write
    first.done(false); // failed: held again for a retry
    files.use(handle, ref, plain).done(true);
    expect(() => files.use(handle, ref, plain)).toThrow(/Pick the file again/);
  });

  it('holds at most 16 files, dropping the oldest when a 17th is picked — and never when one is used', async () => {
    const file = await fileWith('sk-many');
    const files = createValueFiles({ choose: async () => file });
    const handles: string[] = [];
    for (let i = 0; i < 16; i += 1) handles.push(await pickedHandle(files));
    // Using the 16th does not push the first out.
    files.use(handles[15] ?? '', ref, plain).done(false);
    files.use(handles[0] ?? '', ref, plain).done(false);
    handles.push(await pickedHandle(files));
    expect(() => files.use(handles[0] ?? '', ref, plain)).toThrow(/no longer held/);
    expect(files.use(handles[16] ?? '', ref, plain).value.reveal()).toBe('sk-many');
    files.clear();
    expect(() => files.use(handles[16] ?? '', ref, plain)).toThrow(/no longer held/);
  });

  it('applies JSON mode to a file too', async () => {
    const files = createValueFiles({ choose: async () => fileWith('{"type": "service_account", oops') });
    const handle = await pickedHandle(files);
    expect(() => files.use(handle, ref, { whitespace: undefined, mode: 'json' })).toThrow(/not valid JSON/);
    const binary = createValueFiles({ choose: async () => fileWith(Uint8Array.from([0, 1])) });
    const binaryHandle = await pickedHandle(binary);
    expect(() => binary.use(binaryHandle, ref, { whitespace: undefined, mode: 'json' })).toThrow(/not UTF-8 text/);
  });

  it('names the file by its base name only, without control or bidi format characters', async () => {
    const dir = await tempDir('foundry-value-files-');
    const file = path.join(dir, 'odd\u0007name\u001b\u202Etxt.pem');
    await fs.writeFile(file, 'x');
    const picked = await createValueFiles({ choose: async () => file }).pick(ref);
    expect(picked).toMatchObject({ fileName: 'oddnametxt.pem' });
  });

  it('refuses a FIFO at once instead of waiting for a writer (which would hold a file-system thread for good)', async () => {
    const fifo = path.join(await tempDir('foundry-value-files-'), 'pipe');
    execFileSync('mkfifo', [fifo]);
    const files = createValueFiles({ choose: async () => fifo });
    const outcome = await Promise.race([files.pick(ref).then(() => 'picked', (error: Error) => error.message), new Promise((resolve) => setTimeout(() => resolve('hung'), 2_000))]);
    expect(outcome).toContain('not a regular file');
  });
});
