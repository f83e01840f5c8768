import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM from node:crypto, nothing home-made. Each sealed blob is
 * version(1) || iv(12) || tag(16) || ciphertext; the purpose string is bound as additional
 * authenticated data so a blob cut from one file cannot be replayed into another.
 */
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const DATA_KEY_BYTES = 32;
/** version || iv || tag: the part of a sealed blob that identifies it (the tag authenticates the rest). */
export const SEALED_HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;

export class AuthenticationFailed extends Error {
  constructor() {
    super('authentication failed');
    this.name = 'AuthenticationFailed';
  }
}

export function newDataKey(): Buffer {
  return randomBytes(DATA_KEY_BYTES);
}

export function seal(key: Buffer, purpose: string, plaintext: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(purpose, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), ciphertext]);
}

export function open(key: Buffer, purpose: string, sealed: Buffer): Buffer {
  if (sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] !== VERSION) throw new AuthenticationFailed();
  const iv = sealed.subarray(1, 1 + IV_BYTES);
  const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(purpose, 'utf8'));
  decipher.setAuthTag(tag);
  try {
    const plaintext = decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES));
    const rest = decipher.final();
    // GCM has nothing left over: not copying the plaintext again matters for 25 MiB of snapshot.
    return rest.length === 0 ? plaintext : Buffer.concat([plaintext, rest]);
  } catch {
    throw new AuthenticationFailed();
  }
}

/** A separate key for a separate job (e.g. signing pagination tokens), derived from the data key. */
export function deriveKey(dataKey: Buffer, label: string): Buffer {
  return Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), Buffer.from(label, 'utf8'), 32));
}
