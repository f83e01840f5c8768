/**
 * Crash-safe file writes, shared by the vault, the profile store and the settings store: a crash
 * leaves either the old file or the new one, never half of either.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';

/** fsync a directory so a rename or a new file in it survives a power loss. */
export async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch (err) {
    // Windows cannot open or fsync a directory; the rename itself is still atomic there.
    if (process.platform !== 'win32') throw err;
  } finally {
    await handle?.close();
  }
}

/** Temp file + fsync + rename + directory fsync. Files are created readable by the owner only. */
export async function writeFileDurably(file: string, data: string | Uint8Array, mode = 0o600): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const handle = await fs.open(tmp, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await syncDirectory(path.dirname(file));
}

/** Renames a file that could not be read to `<file>.broken-<time>` (never overwriting), and returns the new name. */
export async function moveAside(file: string, now: Date): Promise<string> {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  let target = `${file}.broken-${stamp}`;
  for (let n = 2; ; n++) {
    try {
      await fs.access(target);
      target = `${file}.broken-${stamp}-${n}`;
    } catch {
      break;
    }
  }
  await fs.rename(file, target);
  return target;
}
