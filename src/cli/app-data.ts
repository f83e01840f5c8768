/**
 * The desktop app's data folder: where it is by default, and whether the app is running on it.
 *
 * The CLI works on the same files as the app (profiles, vault, audit log). The vault has its own
 * lock, but the audit log is a hash chain whose tail the app keeps in memory: two processes
 * appending to it would fork the chain. So the CLI refuses a data folder the app has open.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isAlive } from '../main/vault/lock';

/**
 * The vault's folder inside the data folder: composition.ts's VAULT_DIR (a test keeps them equal;
 * importing composition here would load all of main for one word).
 */
export const APP_VAULT_DIR = 'vault';
/** The app's name as Electron uses it for the folder (package.json "name"). */
export const APP_FOLDER_NAME = 'foundry-secrets';

/** Electron's `app.getPath('userData')` for this app, computed the way Electron does. */
export function defaultUserDataDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform, home: string = os.homedir()): string {
  if (platform === 'win32') return path.join(env['APPDATA'] || path.join(home, 'AppData', 'Roaming'), APP_FOLDER_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_FOLDER_NAME);
  return path.join(env['XDG_CONFIG_HOME'] || path.join(home, '.config'), APP_FOLDER_NAME);
}


/**
 * Who holds the app's single-instance lock on `userDataDir`, if anyone: Chromium's `SingletonLock`
 * (Linux, macOS), a symbolic link to "<host>-<pid>" that the running app keeps. A link left by a
 * crashed app (its process gone) does not count. Windows keeps no such file: nothing is detected
 * there, and the vault's own lock is the only guard.
 */
export async function runningAppIn(userDataDir: string): Promise<string | undefined> {
  let target: string;
  try {
    target = await fs.readlink(path.join(userDataDir, 'SingletonLock'));
  } catch {
    return undefined;
  }
  const match = /^(.*)-(\d+)$/.exec(target);
  if (!match) return 'another process';
  const [, host, pidText] = match;
  const pid = Number(pidText);
  if (host !== os.hostname()) return `process ${pid} on ${host}`;
  return isAlive(pid) ? `process ${pid}` : undefined;
}
