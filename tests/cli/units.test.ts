/** The CLI's small parts, in process: the progress bar, the app's data folder, tables. */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultUserDataDir, runningAppIn } from '../../src/cli/app-data';
import type { CliIo } from '../../src/cli/io';
import { formatTable, listInWords } from '../../src/cli/output';
import { progressBar } from '../../src/cli/progress';
import { tempDir } from '../vault/helpers';

function fakeStream(isTTY: boolean) {
  const written: string[] = [];
  const stream = { isTTY, columns: 100, write: (text: string) => written.push(text) > 0 };
  return { stream: stream as unknown as CliIo['stderr'], written };
}
const counts = { total: 10, done: 4, written: 3, skipped: 1, failed: 0, cancelled: 0 };

describe('progress bar', () => {
  it('draws counts on one redrawn line when stderr is a terminal, and clears it at the end', () => {
    const { stream, written } = fakeStream(true);
    const bar = progressBar(stream);
    bar.update(counts);
    bar.finish();
    const clearLine = '\r\u001b[2K';
    expect(written[0]?.startsWith(clearLine)).toBe(true);
    expect(written[0]?.slice(clearLine.length)).toMatch(/^\[#+-+\] 4\/10 {2}written 3 · skipped 1 · failed 0$/);
    expect(written[1]).toBe('\r\u001b[2K');
  });

  it('draws nothing when stderr is not a terminal', () => {
    const { stream, written } = fakeStream(false);
    const bar = progressBar(stream);
    bar.update(counts);
    bar.finish();
    expect(written).toEqual([]);
  });
});

describe("the app's data folder", () => {
  it('is where Electron puts userData for this app', () => {
    expect(defaultUserDataDir({}, 'linux', '/home/ada')).toBe('/home/ada/.config/foundry-secrets');
    expect(defaultUserDataDir({ XDG_CONFIG_HOME: '/xdg' }, 'linux', '/home/ada')).toBe('/xdg/foundry-secrets');
    expect(defaultUserDataDir({}, 'darwin', '/Users/ada')).toBe('/Users/ada/Library/Application Support/foundry-secrets');
    expect(defaultUserDataDir({ APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, 'win32', 'C:\\Users\\ada')).toBe(path.join('C:\\Users\\ada\\AppData\\Roaming', 'foundry-secrets'));
  });

  it('counts as in use while a live process holds its SingletonLock, not after that process is gone', async () => {
    const dir = await tempDir('foundry-cli-lock-');
    expect(await runningAppIn(dir)).toBeUndefined();
    await fs.symlink(`${os.hostname()}-${process.pid}`, path.join(dir, 'SingletonLock'));
    expect(await runningAppIn(dir)).toBe(`process ${process.pid}`);
    await fs.rm(path.join(dir, 'SingletonLock'));
    await fs.symlink(`${os.hostname()}-2147483646`, path.join(dir, 'SingletonLock'));
    expect(await runningAppIn(dir)).toBeUndefined();
  });
});

describe('text output', () => {
  it('aligns columns without trailing spaces', () => {
    expect(formatTable(['A', 'BB', 'C'], [['xxx', 'y', 'last cell'], ['z', '', '']])).toBe('A    BB  C\nxxx  y   last cell\nz\n');
  });

  it('lists in words', () => {
    expect([listInWords([1]), listInWords([1, 2]), listInWords([1, 2, 3])]).toEqual(['1', '1 and 2', '1, 2 and 3']);
  });
});
