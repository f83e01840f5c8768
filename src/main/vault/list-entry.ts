import type { SecretRecord } from './model';
import { stagesByVersion } from './operation';
import { describeFields } from './operations/read';

/**
 * The version of what `buildEntry` writes. Snapshots store each secret's entry (snapshot-secrets.ts)
 * and record this number; entries stored under another number are not used (they are built again
 * when first listed), so a change to the entry's fields or their format cannot be hidden behind
 * entries written by an older build. Change it whenever buildEntry's output can change.
 */
export const LIST_ENTRY_VERSION = 1;

/**
 * A secret's ListSecrets entry as JSON text, built once per change of the secret. Only the text is
 * kept: 50,000 entries kept as objects (with their stage maps and tag lists) made the first walk
 * slower than building them every time, as each one survived into the old generation.
 */
export function listEntryText(secret: SecretRecord): string {
  if (secret.listEntry === undefined) secret.listEntry = buildEntry(secret);
  return secret.listEntry;
}

function buildEntry(secret: SecretRecord): string {
  const entry = describeFields(secret);
  const stages = stagesByVersion(secret);
  if (Object.keys(stages).length > 0) entry.SecretVersionsToStages = stages;
  return JSON.stringify(entry);
}

/**
 * The entry as a snapshot stores it (snapshot-secrets.ts): the one kept or stored if there is one,
 * else built, without keeping it — a compaction after opening an older format builds every
 * secret's entry once, and keeping them all would hold 50,000 strings that no listing asked for.
 */
export function snapshotEntry(secret: SecretRecord): string | Buffer {
  return secret.listEntry ?? secret.storedEntry() ?? buildEntry(secret);
}

const COMMA = 0x2c;

/**
 * A ListSecrets answer's body, written straight into one buffer from its entries: those still
 * stored in the snapshot are copied as bytes (no string is made of them, nor a view), the others
 * are written from their kept text (built now if need be). Byte for byte what JSON.stringify
 * would write for the same answer.
 */
export function listPageBody(page: readonly SecretRecord[], nextToken: string | undefined): Buffer {
  const head = '{"SecretList":[';
  const tail = nextToken === undefined ? ']}' : `],"NextToken":${JSON.stringify(nextToken)}}`;
  let length = Buffer.byteLength(head) + Buffer.byteLength(tail) + Math.max(0, page.length - 1);
  for (const secret of page) {
    // A kept text wins over the stored bytes (it is newer: a secret that changed dropped those).
    length += secret.listEntry === undefined && secret.storedEntryBytes > 0 ? secret.storedEntryBytes : Buffer.byteLength(listEntryText(secret), 'utf8');
  }
  // Not zero-filled: every byte is written below, and the check after proves it.
  const body = Buffer.allocUnsafe(length);
  let offset = body.write(head, 0, 'utf8');
  page.forEach((secret, index) => {
    if (index > 0) body[offset++] = COMMA;
    offset += secret.listEntry === undefined ? secret.copyStoredEntry(body, offset) : body.write(secret.listEntry, offset, 'utf8');
  });
  offset += body.write(tail, offset, 'utf8');
  if (offset !== length) throw new Error(`a ListSecrets answer came out at ${offset} of ${length} bytes`);
  return body;
}
