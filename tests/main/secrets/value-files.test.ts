import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VALUE_FILE_TTL_MS, createValueFiles } from '../../../src/main/secrets/value-files';
import { tempDir } from '../../vault/helpers';

async function fileWith(content: string | Uint8Array): Promise<string> {
  const file = path.join(await tempDir('foundry-value-files-'), 'value');
  await fs.writeFile(file, content);
  return file;
}

describe('value files held in main', () => {
  it('forgets a file after 15 minutes: the form must pick it again', async () => {
    let now = 1_000;
    const file = await fileWith('sk-held');
    const files = createValueFiles({ choose: async () => file, now: () => now });
    const picked = await files.pick();
    if (!picked.picked) throw new Error('not picked');
    now += VALUE_FILE_TTL_MS - 1;
    expect(files.valueOf(picked.handle, undefined).reveal()).toBe('sk-held');
    now += 1;
    expect(() => files.valueOf(picked.handle, undefined)).toThrow(/Pick the file again/);
  });

  it('gives each write its own copy of binary bytes, so a release (which wipes them) cannot change a write in flight', async () => {
    const file = await fileWith(Uint8Array.from([1, 2, 3, 0]));
    const files = createValueFiles({ choose: async () => file });
    const picked = await files.pick();
    if (!picked.picked) throw new Error('not picked');
    const inFlight = files.valueOf(picked.handle, undefined).reveal();
    expect(files.release(picked.handle)).toBe(true);
    expect([...(inFlight as Uint8Array)]).toEqual([1, 2, 3, 0]);
    expect(files.release(picked.handle)).toBe(false);
  });

  it('holds a bounded number of files, dropping the oldest first', async () => {
    const file = await fileWith('sk-many');
    const files = createValueFiles({ choose: async () => file });
    const handles: string[] = [];
    for (let i = 0; i < 20; i += 1) {
      const picked = await files.pick();
      if (picked.picked) handles.push(picked.handle);
    }
    expect(() => files.valueOf(handles[0] ?? '', undefined)).toThrow(/no longer held/);
    expect(files.valueOf(handles[19] ?? '', undefined).reveal()).toBe('sk-many');
    files.clear();
    expect(() => files.valueOf(handles[19] ?? '', undefined)).toThrow(/no longer held/);
  });

  it('names the file by its base name only, without control characters', async () => {
    const dir = await tempDir('foundry-value-files-');
    const file = path.join(dir, 'odd\u0007name\u001b.pem');
    await fs.writeFile(file, 'x');
    const picked = await createValueFiles({ choose: async () => file }).pick();
    expect(picked).toMatchObject({ fileName: 'oddname.pem' });
  });
});
