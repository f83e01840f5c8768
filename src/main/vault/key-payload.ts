import { DATA_KEY_BYTES } from './crypto';

/**
 * What a key protector wraps for the vault: the data key, and whether the vault is sealed — keeps
 * a sealed head (head.ts), so that a missing head is a rollback, never a vault from before heads.
 *
 * The seal lives inside the wrapped key, not beside it in vault.json, because what has to be
 * proven is its absence: a MAC next to a `sealed` flag shows a flag that is there is genuine, but
 * deleting flag and MAC together leaves a file that looks exactly like one from before the seal.
 * Inside the wrapping, the flag is authenticated by the key protector (AES-GCM for the key file
 * and FOUNDRY_VAULT_KEY, the OS keychain for safe-storage): taking it away means wrapping the key
 * again, which takes the protector's own secret, not access to the data directory.
 *
 * - Vaults from before the seal wrapped the bare data key (32 bytes).
 * - Sealed vaults wrap the marker followed by the data key (48 bytes).
 */
const SEAL_MARKER = Buffer.from('foundry-seal/v1\n', 'ascii');
const SEALED_PAYLOAD_BYTES = SEAL_MARKER.length + DATA_KEY_BYTES;

export interface KeyPayload {
  readonly dataKey: Buffer;
  readonly sealed: boolean;
}

/** Lengths a protector may unwrap; anything else means the wrong key (or a damaged blob). */
export function isKeyPayloadLength(bytes: number): boolean {
  return bytes === DATA_KEY_BYTES || bytes === SEALED_PAYLOAD_BYTES;
}

/** What a sealed vault wraps. Only sealed payloads are written now: from-before-the-seal ones are only read. */
export function sealedKeyPayload(dataKey: Buffer): Buffer {
  if (dataKey.length !== DATA_KEY_BYTES) throw new Error('a data key is 32 bytes');
  return Buffer.concat([SEAL_MARKER, dataKey]);
}

/** The data key and the seal, or null when the payload is neither format. */
export function decodeKeyPayload(payload: Buffer): KeyPayload | null {
  if (payload.length === DATA_KEY_BYTES) return { dataKey: Buffer.from(payload), sealed: false };
  if (payload.length === SEALED_PAYLOAD_BYTES && payload.subarray(0, SEAL_MARKER.length).equals(SEAL_MARKER)) {
    return { dataKey: Buffer.from(payload.subarray(SEAL_MARKER.length)), sealed: true };
  }
  return null;
}
