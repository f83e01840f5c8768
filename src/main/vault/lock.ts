import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { VaultError } from './errors';

interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly createdAt: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOwner(lockPath: string): Promise<LockOwner | null> {
  try {
    const parsed: unknown = JSON.parse(await fs.readFile(lockPath, 'utf8'));
    if (parsed && typeof parsed === 'object' && 'pid' in parsed && typeof parsed.pid === 'number' && 'host' in parsed && typeof parsed.host === 'string') {
      return parsed as LockOwner;
    }
    return null;
  } catch {
    return null;
  }
}

/**
 * One process per data directory. The lock file names its owner; a lock left by a process that
 * no longer runs on this host (a crash, a SIGKILL) is taken over, a live one refuses with a clear error.
 */
export async function acquireLock(dataDir: string): Promise<{ release(): Promise<void> }> {
  const lockPath = path.join(dataDir, 'vault.lock');
  const me: LockOwner = { pid: process.pid, host: os.hostname(), createdAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await fs.open(lockPath, 'wx', 0o600);
      try {
        await handle.writeFile(JSON.stringify(me));
        await handle.sync();
      } finally {
        await handle.close();
      }
      let released = false;
      return {
        async release() {
          if (released) return;
          released = true;
          await fs.rm(lockPath, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new VaultError('IO', `Cannot create the vault lock in ${dataDir}: ${(error as Error).message}`, { cause: error });
      }
    }
    const owner = await readOwner(lockPath);
    const stale = owner === null || (owner.host === me.host && !isAlive(owner.pid));
    if (!stale) {
      const who = owner.host === me.host ? `process ${owner.pid}` : `process ${owner.pid} on ${owner.host}`;
      throw new VaultError(
        'LOCKED',
        `The vault in ${dataDir} is already open in ${who}. Close that Foundry Secrets window or vault server, then retry.`,
      );
    }
    await fs.rm(lockPath, { force: true });
  }
  throw new VaultError('LOCKED', `The vault in ${dataDir} is being opened by another process at the same moment; retry.`);
}
