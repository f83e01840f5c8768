import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createFileDurably } from '../durable-fs';
import { VaultError } from './errors';

interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly createdAt: string;
  /** Tells this lock apart from any other, even one of a later process with the same pid. */
  readonly nonce: string;
}

/** The lock file in a vault's data directory (its temporary twin is `vault.lock.tmp-…`). */
export const LOCK_FILE = 'vault.lock';

/** Data directories this process has open: a second open here is refused without asking the OS. */
const openHere = new Set<string>();
const STALE_UNREADABLE_MS = 10_000;

/** Whether a process with this id exists (EPERM: it exists, owned by another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The lock's owner; null when the file cannot be read as one; 'gone' when it no longer exists. */
async function readOwner(file: string): Promise<LockOwner | null | 'gone'> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : null;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockOwner>;
    return typeof parsed.pid === 'number' && typeof parsed.host === 'string' && typeof parsed.nonce === 'string' ? (parsed as LockOwner) : null;
  } catch {
    return null;
  }
}

async function isOld(file: string): Promise<boolean> {
  try {
    return Date.now() - (await fs.stat(file)).mtimeMs > STALE_UNREADABLE_MS;
  } catch {
    return false;
  }
}

function lockedError(dataDir: string, owner: LockOwner | null, me: LockOwner): VaultError {
  const who = owner === null ? 'another process' : owner.host === me.host ? `process ${owner.pid}` : `process ${owner.pid} on ${owner.host}`;
  return new VaultError('LOCKED', `The vault in ${dataDir} is already open in ${who}. Close that Foundry Secrets window or vault server, then retry.`);
}

/**
 * One process per data directory. The lock file appears complete or not at all (written aside,
 * then linked into place) and names its owner. A lock whose owner no longer runs on this host — a
 * crash, a SIGKILL, a container restarted with the same pid — is taken over: moved aside under a
 * unique name, checked to be the very lock judged stale (else put back), then replaced.
 */
export async function acquireLock(dataDir: string): Promise<{ release(): Promise<void> }> {
  const key = await fs.realpath(dataDir);
  const lockPath = path.join(dataDir, LOCK_FILE);
  const me: LockOwner = { pid: process.pid, host: os.hostname(), createdAt: new Date().toISOString(), nonce: randomBytes(12).toString('hex') };
  if (openHere.has(key)) throw lockedError(dataDir, me, me);

  for (let attempt = 0; attempt < 5; attempt += 1) {
    if (await createFileDurably(lockPath, JSON.stringify(me))) {
      openHere.add(key);
      let released = false;
      return {
        async release() {
          if (released) return;
          released = true;
          openHere.delete(key);
          const owner = await readOwner(lockPath);
          // Only our own lock is removed, never one another process has taken since.
          if (owner !== null && owner !== 'gone' && owner.nonce === me.nonce) await fs.rm(lockPath, { force: true });
        },
      };
    }
    const owner = await readOwner(lockPath);
    if (owner === 'gone') continue;
    // Not open here (checked above), so a lock naming this very pid was left by an earlier process.
    const stale = owner === null ? await isOld(lockPath) : owner.host === me.host && (owner.pid === process.pid || !isAlive(owner.pid));
    if (!stale) throw lockedError(dataDir, owner, me);
    const aside = `${lockPath}.stale-${me.nonce}`;
    try {
      await fs.rename(lockPath, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    const moved = await readOwner(aside);
    const sameLock = owner === null ? moved === null : moved !== null && moved !== 'gone' && moved.nonce === owner.nonce;
    if (!sameLock) {
      // Another process replaced the stale lock between our read and our rename: give it back.
      await fs.link(aside, lockPath).catch(() => undefined);
      await fs.rm(aside, { force: true });
      continue;
    }
    await fs.rm(aside, { force: true });
  }
  throw new VaultError('LOCKED', `The vault in ${dataDir} is being opened by another process at the same moment; retry.`);
}
