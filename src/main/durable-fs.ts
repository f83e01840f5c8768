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

/**
 * Creates `dir` (and its parents) if needed and makes it owner-only (0700), also when it already
 * existed with a wider mode: `mkdir`'s mode applies only to directories it creates. On Windows the
 * mode bits mean nothing (access is governed by ACLs, and the user profile is private by default),
 * so there is nothing to change.
 */
export async function makePrivateDirectory(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') await fs.chmod(dir, 0o700);
}

/** A unique temporary name beside `file` (the vault removes leftovers of this shape on open). */
function temporaryName(file: string): string {
  return `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
}

async function writeTemporary(file: string, data: string | Uint8Array, mode: number): Promise<string> {
  const tmp = temporaryName(file);
  const handle = await fs.open(tmp, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (err) {
    await handle.close();
    await fs.rm(tmp, { force: true }); // a failed write (a full disk) must not leave its leftovers
    throw err;
  }
  await handle.close();
  return tmp;
}

/** Temp file + fsync + rename + directory fsync. Files are created readable by the owner only. */
export async function writeFileDurably(file: string, data: string | Uint8Array, mode = 0o600): Promise<void> {
  const tmp = await writeTemporary(file, data, mode);
  try {
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await syncDirectory(path.dirname(file));
}

/**
 * Like writeFileDurably, but only if `file` does not exist yet (link() fails on an existing name):
 * the file appears complete or not at all. Answers false when it already existed.
 */
export async function createFileDurably(file: string, data: string | Uint8Array, mode = 0o600): Promise<boolean> {
  const tmp = await writeTemporary(file, data, mode);
  try {
    await fs.link(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    await fs.rm(tmp, { force: true });
  }
  await syncDirectory(path.dirname(file));
  return true;
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
