import { randomBytes, scryptSync } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createFileDurably, makePrivateDirectory } from '../durable-fs';
import { AuthenticationFailed, open, seal } from './crypto';
import { VaultError } from './errors';
import { isKeyPayloadLength } from './key-payload';

/**
 * Wraps the vault's random data key. The data key encrypts everything; the protector decides how
 * well that key itself is kept, and says so honestly (`isProtected`), so the UI can warn. What is
 * wrapped is the data key alone or with the vault's seal in front of it (key-payload.ts).
 */
export interface KeyProtector {
  readonly kind: 'safe-storage' | 'key-file' | 'env';
  readonly isProtected: boolean;
  readonly description: string;
  wrap(dataKey: Buffer): Promise<Buffer>;
  unwrap(wrapped: Buffer): Promise<Buffer>;
}

const WRAP_PURPOSE = 'foundry-vault/data-key';

function wrongKey(where: string): VaultError {
  return new VaultError(
    'WRONG_KEY',
    `The vault key from ${where} does not open this vault. Use the key the vault was created with; nothing was changed.`,
  );
}

function checkDataKey(key: Buffer, where: string): Buffer {
  if (!isKeyPayloadLength(key.length)) throw wrongKey(where);
  return key;
}

/**
 * A 0600 file holding a random key. It keeps values unreadable to whoever copies the data files
 * without the key file (the default location is beside them, so copy the directory and you copy
 * the key) and to other OS users — never to this user.
 */
export function keyFileProtector(keyPath: string): KeyProtector {
  async function readOrCreateKey(create: boolean): Promise<Buffer> {
    try {
      const key = await fs.readFile(keyPath);
      if (key.length !== 32) throw new VaultError('CORRUPT', `The vault key file ${keyPath} is damaged (wrong length).`);
      return key;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      if (!create) {
        throw new VaultError('KEY_UNAVAILABLE', `The vault key file ${keyPath} is missing; without it the vault cannot be opened.`);
      }
    }
    // Owner-only, like the vault folder it usually is (the audit log may create it before the vault opens).
    await makePrivateDirectory(path.dirname(keyPath));
    // Complete or absent, never empty: a crash mid-creation must not leave a key file that cannot open.
    await createFileDurably(keyPath, randomBytes(32)); // false: another opener made it first; either way, read it
    return readOrCreateKey(false);
  }
  return {
    kind: 'key-file',
    isProtected: false,
    description: `key file ${keyPath} (mode 0600; readable by anyone who can act as this OS user)`,
    async wrap(dataKey) {
      return seal(await readOrCreateKey(true), WRAP_PURPOSE, dataKey);
    },
    async unwrap(wrapped) {
      const key = await readOrCreateKey(false);
      try {
        return checkDataKey(open(key, WRAP_PURPOSE, wrapped), keyPath);
      } catch (error) {
        if (error instanceof AuthenticationFailed) throw wrongKey(keyPath);
        throw error;
      }
    },
  };
}

const SALT_BYTES = 16;
// scrypt's defaults (N=16384, r=8, p=1): a passphrase costs ~50 ms to try, once per open.
function passphraseKey(secret: string, salt: Buffer): Buffer {
  return scryptSync(secret, salt, 32);
}

/** A key given in the environment (FOUNDRY_VAULT_KEY): nothing about it is stored beside the vault. */
export function envKeyProtector(secret: string, variable = 'FOUNDRY_VAULT_KEY'): KeyProtector {
  if (secret.length < 16) {
    throw new VaultError('KEY_UNAVAILABLE', `${variable} must be at least 16 characters; use a long random string.`);
  }
  return {
    kind: 'env',
    isProtected: true,
    description: `key from the ${variable} environment variable`,
    async wrap(dataKey) {
      const salt = randomBytes(SALT_BYTES);
      return Buffer.concat([salt, seal(passphraseKey(secret, salt), WRAP_PURPOSE, dataKey)]);
    },
    async unwrap(wrapped) {
      const salt = wrapped.subarray(0, SALT_BYTES);
      try {
        return checkDataKey(open(passphraseKey(secret, salt), WRAP_PURPOSE, wrapped.subarray(SALT_BYTES)), variable);
      } catch (error) {
        if (error instanceof AuthenticationFailed) throw wrongKey(variable);
        throw error;
      }
    },
  };
}

/** The subset of Electron's `safeStorage` the vault uses (the async API; the sync one is deprecated). */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
  getSelectedStorageBackend?(): string;
}

/** The OS keychain through Electron. On Linux without a keyring (`basic_text`) it protects nothing. */
export function safeStorageKeyProtector(safeStorage: SafeStorageLike, platform: NodeJS.Platform = process.platform): KeyProtector {
  const backend = platform === 'linux' ? (safeStorage.getSelectedStorageBackend?.() ?? 'unknown') : 'os';
  const isProtected = platform !== 'linux' || !['basic_text', 'unknown'].includes(backend);
  async function requireAvailable(): Promise<void> {
    if (!(await safeStorage.isAsyncEncryptionAvailable())) {
      throw new VaultError('KEY_UNAVAILABLE', 'The operating system keychain is not available, so the vault key cannot be unlocked.');
    }
  }
  return {
    kind: 'safe-storage',
    isProtected,
    description: isProtected
      ? `operating system keychain (${backend})`
      : `operating system keychain backend "${backend}", which stores the key with a fixed password (no keyring found)`,
    async wrap(dataKey) {
      await requireAvailable();
      return safeStorage.encryptStringAsync(dataKey.toString('base64'));
    },
    async unwrap(wrapped) {
      await requireAvailable();
      let decrypted: string;
      try {
        decrypted = (await safeStorage.decryptStringAsync(wrapped)).result;
      } catch {
        throw wrongKey('the operating system keychain');
      }
      return checkDataKey(Buffer.from(decrypted, 'base64'), 'the operating system keychain');
    },
  };
}

/** Outside Electron: FOUNDRY_VAULT_KEY when set, else a key file beside the data. */
export function defaultKeyProtector(dataDir: string, env: NodeJS.ProcessEnv = process.env): KeyProtector {
  const fromEnv = env['FOUNDRY_VAULT_KEY'];
  return fromEnv ? envKeyProtector(fromEnv) : keyFileProtector(path.join(dataDir, 'vault.key'));
}
