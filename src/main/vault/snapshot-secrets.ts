import { snapshotEntry } from './list-entry';
import type { SecretMeta, SecretRecord, Tag, VaultState } from './model';
import { paddedBuffer } from './record-padding';

/**
 * A snapshot record of secrets in format 3: what opening a vault must read, and what it can leave
 * as bytes until something asks.
 *
 *   u32 count, then per secret:
 *     f64 createdAt | f64 lastChangedAt | f64 lastAccessedAt | f64 deletedAt   (NaN: none)
 *     u32 arn bytes | u32 nameAt | u32 name length | u32 extra bytes | u32 entry bytes | u32 versions bytes
 *     arn | name, only when nameAt is NAME_APART | extra | entry | versions
 *   then spaces up to the record's size bucket (record-padding.ts). Little-endian, UTF-8.
 * - The name is usually part of the ARN (`…:secret:<name>-AbCdEf`): it is then read as a slice of
 *   it [nameAt, nameAt + length) in UTF-16 code units, neither stored twice nor copied on opening.
 * - extra: JSON of what most secrets lack ({description?, kmsKeyId?, tags?}); empty when none.
 * - entry: the secret's ListSecrets entry (list-entry.ts) as JSON; versions: VersionRecord[] as JSON.
 *
 * Format 2 held one JSON document per record, each secret's versions as an escaped JSON string
 * inside it: opening 50,000 secrets decoded and parsed 23 MiB of JSON, made 50,000 version strings
 * that survived into the old generation (garbage collection was about a third of opening), and
 * the first ListSecrets walk after opening built every entry again. Now opening reads the fixed
 * fields and the ARN, and keeps the decrypted record as it is (outside the JS heap): a listing
 * copies a secret's stored entry bytes into its answer, its versions are parsed when first used
 * (model.ts), a secret that changes drops its stored entry, and the record is let go of once none
 * of its secrets uses it.
 *
 * The record is sealed like every other (store.ts): only this code, holding the data key, writes
 * one, so its layout is checked for bounds (a bug must not read past it) but not re-validated.
 */
const U32 = 4;
const F64 = 8;
const FIXED = 4 * F64 + 6 * U32;
const NAME_APART = 0xffffffff;
/** "-AbCdEf": what an ARN has after the name (operation.ts newArn). */
const ARN_SUFFIX = 7;
/** Variable-length parts per secret: arn, name, extra, entry, versions. */
const PARTS = 5;
/** Shared by every secret without tags (metadata is never changed in place: model.ts replaces it). */
const NO_TAGS: readonly Tag[] = Object.freeze([]);

interface Extra {
  readonly description?: string;
  readonly kmsKeyId?: string;
  readonly tags?: readonly Tag[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const orNaN = (value: number | undefined): number => value ?? Number.NaN;

/** Where the name sits in the ARN (`…:secret:<name>-AbCdEf`), or NAME_APART. */
function nameInArn(meta: SecretMeta): number {
  const at = meta.arn.length - ARN_SUFFIX - meta.name.length;
  return at >= 0 && meta.arn.startsWith(meta.name, at) ? at : NAME_APART;
}

function extraJson(meta: SecretMeta): string {
  if (meta.description === undefined && meta.kmsKeyId === undefined && meta.tags.length === 0) return '';
  const extra: Extra = {
    ...(meta.description !== undefined && { description: meta.description }),
    ...(meta.kmsKeyId !== undefined && { kmsKeyId: meta.kmsKeyId }),
    ...(meta.tags.length > 0 && { tags: meta.tags }),
  };
  return JSON.stringify(extra);
}

const byteLength = (part: string | Buffer): number => (typeof part === 'string' ? Buffer.byteLength(part, 'utf8') : part.length);

/**
 * The plaintext of one record holding `secrets`, padded to its bucket. Flat arrays rather than an
 * object per secret: a compaction writes every secret of the vault.
 *
 * `use`: each secret then takes its entry and versions from the record (SecretRecord.useStored),
 * as if the vault had just been opened from it. A compaction does so: an entry it had to build
 * (a secret created or changed since the vault opened) is built once, not at every compaction,
 * and is kept outside the JS heap; the records the vault opened from are let go of. The record
 * must then never be changed (store.ts seals it into a new buffer and keeps it as it is).
 */
export function encodeSecretsRecord(secrets: readonly SecretRecord[], use = false): Buffer {
  const nameAts: number[] = [];
  const parts: (string | Buffer)[] = []; // per secret: arn, name (or ''), extra, entry, versions
  const sizes: number[] = [];
  let length = U32;
  for (const secret of secrets) {
    const { meta } = secret;
    const nameAt = nameInArn(meta);
    nameAts.push(nameAt);
    parts.push(meta.arn, nameAt === NAME_APART ? meta.name : '', extraJson(meta), snapshotEntry(secret), secret.versionsJson());
    length += FIXED;
    for (let index = parts.length - PARTS; index < parts.length; index += 1) {
      const size = byteLength(parts[index] as string | Buffer);
      sizes.push(size);
      length += size;
    }
  }
  const record = paddedBuffer(length);
  let offset = record.writeUInt32LE(secrets.length, 0);
  secrets.forEach((secret, index) => {
    const { meta } = secret;
    const first = index * PARTS;
    offset = record.writeDoubleLE(meta.createdAt, offset);
    offset = record.writeDoubleLE(meta.lastChangedAt, offset);
    offset = record.writeDoubleLE(orNaN(meta.lastAccessedAt), offset);
    offset = record.writeDoubleLE(orNaN(meta.deletedAt), offset);
    offset = record.writeUInt32LE(sizes[first] as number, offset);
    offset = record.writeUInt32LE(nameAts[index] as number, offset);
    offset = record.writeUInt32LE(meta.name.length, offset);
    for (let part = first + 2; part < first + PARTS; part += 1) offset = record.writeUInt32LE(sizes[part] as number, offset);
    for (let part = first; part < first + PARTS; part += 1) {
      const bytes = parts[part] as string | Buffer;
      offset += typeof bytes === 'string' ? record.write(bytes, offset, 'utf8') : bytes.copy(record, offset);
    }
    if (use) {
      const versionsAt = offset - (sizes[first + 4] as number);
      const entryAt = versionsAt - (sizes[first + 3] as number);
      secret.useStored(record, entryAt, versionsAt, versionsAt, offset);
    }
  });
  if (offset !== length) throw new Error(`a snapshot record came out at ${offset} of ${length} bytes`);
  return record;
}

/**
 * Loads a record's secrets into `state`. `storedEntries`: whether the entries were written as this
 * build writes them (LIST_ENTRY_VERSION); if not, they are left unused and built again when listed.
 * Throws on a record that does not hold together (the caller reports it as CORRUPT).
 */
export function loadSecretsRecord(record: Buffer, state: VaultState, storedEntries = true): void {
  const fits = (end: number): void => {
    if (end > record.length) throw new Error('the record is shorter than its layout says');
  };
  fits(U32);
  const count = record.readUInt32LE(0);
  let offset = U32;
  for (let index = 0; index < count; index += 1) {
    fits(offset + FIXED);
    const createdAt = record.readDoubleLE(offset);
    const lastChangedAt = record.readDoubleLE(offset + F64);
    const lastAccessedAt = record.readDoubleLE(offset + 2 * F64);
    const deletedAt = record.readDoubleLE(offset + 3 * F64);
    offset += 4 * F64;
    const arnEnd = offset + FIXED - 4 * F64 + record.readUInt32LE(offset);
    const nameAt = record.readUInt32LE(offset + U32);
    const nameLength = record.readUInt32LE(offset + 2 * U32);
    const nameEnd = arnEnd + (nameAt === NAME_APART ? nameLength : 0);
    const extraEnd = nameEnd + record.readUInt32LE(offset + 3 * U32);
    const entryEnd = extraEnd + record.readUInt32LE(offset + 4 * U32);
    const versionsEnd = entryEnd + record.readUInt32LE(offset + 5 * U32);
    fits(versionsEnd);
    const arnStart = offset + 6 * U32;
    const arn = record.toString('utf8', arnStart, arnEnd);
    const name = nameAt === NAME_APART ? record.toString('utf8', arnEnd, nameEnd) : arn.slice(nameAt, nameAt + nameLength);
    const extra = extraEnd > nameEnd ? (JSON.parse(record.toString('utf8', nameEnd, extraEnd)) as Extra) : undefined;
    // Built property by property, not by spreading: 50,000 of these are made while the vault opens.
    const meta: Mutable<SecretMeta> = { arn, name, createdAt, lastChangedAt, tags: extra?.tags ?? NO_TAGS };
    if (extra?.description !== undefined) meta.description = extra.description;
    if (extra?.kmsKeyId !== undefined) meta.kmsKeyId = extra.kmsKeyId;
    if (!Number.isNaN(lastAccessedAt)) meta.lastAccessedAt = lastAccessedAt;
    if (!Number.isNaN(deletedAt)) meta.deletedAt = deletedAt;
    state.loadStored(meta, record, storedEntries ? extraEnd : entryEnd, entryEnd, versionsEnd);
    offset = versionsEnd;
  }
}
