import { createHmac } from 'node:crypto';
import { deriveKey, SEALED_HEADER_BYTES } from './crypto';

/**
 * The running chain over the vault's history: a MAC, keyed from the data key, over each journal
 * line in turn. Every line carries the chain value before it (`prev`, inside its encryption), so
 * each line authenticates its predecessor, and the sealed head (head.ts) names the chain value of
 * the last acknowledged line — which is what makes a cut or replaced journal tail visible.
 *
 * A link covers a line's sealed header (version, IV and GCM tag), not its whole text: the tag
 * already authenticates the rest of the line under the data key, so it identifies the line as
 * well as the full text would, and hashing 29 bytes instead of the line keeps opening fast.
 */
export interface ChainPoint {
  /** The sequence number of the last write the point covers. */
  readonly seq: number;
  /** base64url HMAC-SHA-256. */
  readonly chain: string;
}

export function chainKeyFor(dataKey: Buffer): Buffer {
  return deriveKey(dataKey, 'foundry-vault/journal-chain');
}

/** Where the chain of a vault with no history starts (and where a pre-chain journal's lines are chained from). */
export function genesis(chainKey: Buffer): string {
  return createHmac('sha256', chainKey).update('foundry-vault/genesis').digest('base64url');
}

/** The chain value after a journal line, from the line's sealed bytes. */
export function linkLine(chainKey: Buffer, previous: string, sealed: Buffer): string {
  return createHmac('sha256', chainKey).update(previous).update('\n').update(sealed.subarray(0, SEALED_HEADER_BYTES)).digest('base64url');
}

/** The chain value of a snapshot: the journal point it was taken after, and its (sealed) header line. */
export function linkSnapshot(chainKey: Buffer, previous: string, sealedHeader: Buffer): string {
  return createHmac('sha256', chainKey).update(previous).update('\nsnapshot\n').update(sealedHeader.subarray(0, SEALED_HEADER_BYTES)).digest('base64url');
}
