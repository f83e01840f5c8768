import { chmod, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  defaultKeyProtector,
  envKeyProtector,
  keyFileProtector,
  safeStorageKeyProtector,
  VaultError,
  type SafeStorageLike,
} from '../../src/main/vault/index';
import { decodeKeyPayload, sealedKeyPayload } from '../../src/main/vault/key-payload';
import { tempDir } from './helpers';

/** A stand-in for Electron's safeStorage (the binary is not available here): reversible, keyed. */
function fakeSafeStorage(options: { backend?: string; available?: boolean; secret?: string } = {}): SafeStorageLike {
  const secret = options.secret ?? 'keychain-a';
  return {
    isAsyncEncryptionAvailable: async () => options.available ?? true,
    encryptStringAsync: async (text) => Buffer.from(`${secret}:${text}`),
    decryptStringAsync: async (buffer) => {
      const [prefix, text] = buffer.toString().split(':');
      if (prefix !== secret) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return { result: text ?? '', shouldReEncrypt: false };
    },
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
  };
}

const dataKey = Buffer.alloc(32, 7);

describe('key protectors', () => {
  it('wrap and unwrap the data key with each protector', async () => {
    const dir = await tempDir();
    for (const protector of [envKeyProtector('a-long-enough-passphrase'), keyFileProtector(path.join(dir, 'k')), safeStorageKeyProtector(fakeSafeStorage(), 'linux')]) {
      const wrapped = await protector.wrap(dataKey);
      expect(wrapped.includes(dataKey)).toBe(false);
      expect(await protector.unwrap(wrapped)).toEqual(dataKey);
    }
  });

  it('wrap and unwrap a sealed vault\'s key (the seal in front of the data key), and answer any other length with WRONG_KEY', async () => {
    const dir = await tempDir();
    const sealed = sealedKeyPayload(dataKey);
    for (const protector of [envKeyProtector('a-long-enough-passphrase'), keyFileProtector(path.join(dir, 'k')), safeStorageKeyProtector(fakeSafeStorage(), 'linux')]) {
      const unwrapped = await protector.unwrap(await protector.wrap(sealed));
      expect(decodeKeyPayload(unwrapped)).toEqual({ dataKey, sealed: true });
      await expect(protector.unwrap(await protector.wrap(Buffer.alloc(40, 7)))).rejects.toMatchObject({ code: 'WRONG_KEY' });
    }
  });

  it.skipIf(process.platform === 'win32')('keep the key file in an owner-only folder, even one that existed with a wider mode', async () => {
    const dir = await tempDir();
    const fresh = path.join(dir, 'fresh', 'vault');
    await keyFileProtector(path.join(fresh, 'vault.key')).wrap(dataKey);
    expect((await stat(fresh)).mode & 0o777).toBe(0o700);
    const wide = path.join(dir, 'wide');
    await mkdir(wide, { mode: 0o755 });
    await chmod(wide, 0o755);
    await keyFileProtector(path.join(wide, 'vault.key')).wrap(dataKey);
    expect((await stat(wide)).mode & 0o777).toBe(0o700);
    expect((await stat(path.join(wide, 'vault.key'))).mode & 0o777).toBe(0o600);
  });

  it('report honestly whether the key is protected', () => {
    expect(safeStorageKeyProtector(fakeSafeStorage({ backend: 'gnome_libsecret' }), 'linux').isProtected).toBe(true);
    expect(safeStorageKeyProtector(fakeSafeStorage({ backend: 'basic_text' }), 'linux').isProtected).toBe(false);
    expect(safeStorageKeyProtector(fakeSafeStorage({ backend: 'basic_text' }), 'linux').description).toContain('no keyring');
    expect(safeStorageKeyProtector(fakeSafeStorage(), 'darwin').isProtected).toBe(true);
    expect(keyFileProtector('/tmp/x').isProtected).toBe(false);
    expect(envKeyProtector('a-long-enough-passphrase').isProtected).toBe(true);
  });

  it('answer a wrong key with WRONG_KEY', async () => {
    const wrapped = await safeStorageKeyProtector(fakeSafeStorage({ secret: 'one' }), 'linux').wrap(dataKey);
    await expect(safeStorageKeyProtector(fakeSafeStorage({ secret: 'two' }), 'linux').unwrap(wrapped)).rejects.toMatchObject({ code: 'WRONG_KEY' });
    const envWrapped = await envKeyProtector('a-long-enough-passphrase').wrap(dataKey);
    await expect(envKeyProtector('another-long-passphrase').unwrap(envWrapped)).rejects.toMatchObject({ code: 'WRONG_KEY' });
  });

  it('refuse an unavailable keychain, a missing key file and a short FOUNDRY_VAULT_KEY', async () => {
    await expect(safeStorageKeyProtector(fakeSafeStorage({ available: false }), 'linux').wrap(dataKey)).rejects.toMatchObject({ code: 'KEY_UNAVAILABLE' });
    await expect(keyFileProtector(path.join(await tempDir(), 'missing')).unwrap(Buffer.alloc(64))).rejects.toMatchObject({ code: 'KEY_UNAVAILABLE' });
    expect(() => envKeyProtector('short')).toThrow(VaultError);
  });

  it('default to FOUNDRY_VAULT_KEY when set, else a key file in the data directory', () => {
    expect(defaultKeyProtector('/data', { FOUNDRY_VAULT_KEY: 'a-long-enough-passphrase' }).kind).toBe('env');
    const fileProtector = defaultKeyProtector('/data', {});
    expect(fileProtector.kind).toBe('key-file');
    expect(fileProtector.description).toContain(path.join('/data', 'vault.key'));
  });
});
