import { DeletionSchedule } from './deletion-schedule';
import { ListIndexes } from './name-index';

/**
 * The vault's in-memory state, and the mutation records ("ops") that change it. The same
 * `applyOps` runs for a live request and when the journal is replayed on open, so what is on disk
 * and what is served can never follow different rules.
 */

export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

export type SecretValue = { readonly kind: 'string'; readonly text: string } | { readonly kind: 'binary'; readonly base64: string };

export interface VersionRecord {
  readonly id: string;
  readonly createdAt: number; // epoch ms
  readonly stages: readonly string[];
  readonly lastAccessedAt?: number; // epoch ms, day resolution
  readonly value: SecretValue;
}

/** Everything about a secret except its versions. */
export interface SecretMeta {
  readonly arn: string;
  readonly name: string;
  readonly description?: string;
  readonly kmsKeyId?: string;
  readonly createdAt: number;
  readonly lastChangedAt: number;
  readonly lastAccessedAt?: number;
  /** When the secret is (or was scheduled to be) deleted: the end of the recovery window. */
  readonly deletedAt?: number;
  readonly tags: readonly Tag[];
}

export class SecretRecord {
  private map: Map<string, VersionRecord> | undefined;
  /** What ListSecrets answers for this secret, as JSON text, until the secret changes: VaultState drops it on every op. */
  listEntry: string | undefined;
  /**
   * The secret's ListSecrets entry and its versions as JSON, as a snapshot record of format 3 holds
   * them (snapshot-secrets.ts): bytes [entryAt, entryEnd) of `entryBytes`, [versionsAt, versionsEnd)
   * of `versionsBytes` — the record decrypted when the vault opened, or the one the last compaction
   * wrote. Kept as bytes outside the JS heap instead of 50,000 strings and parsed objects: opening
   * the vault neither parses nor copies them, a listing copies the entry bytes as they are, and a
   * compaction writes them again without building anything. The entry is dropped when the secret
   * changes, the versions when they are first used; a record is let go of once nothing uses it.
   */
  private entryBytes: Buffer | undefined;
  private entryAt = 0;
  private entryEnd = 0;
  private versionsBytes: Buffer | undefined;
  private versionsAt = 0;
  private versionsEnd = 0;

  constructor(
    public meta: SecretMeta,
    /** The versions as a snapshot of format 2 holds them (JSON text of VersionRecord[]), until something asks for them. */
    private loaded: string | readonly VersionRecord[] = [],
  ) {}

  /**
   * By id; insertion order is creation order. Parsed and built on first use: a snapshot of
   * 50,000 secrets held 50,000 version lists (and their maps) that most requests never look at,
   * and parsing and building them was a third of the time it took to open the vault.
   */
  get versions(): Map<string, VersionRecord> {
    if (!this.map) {
      const map = new Map<string, VersionRecord>();
      for (const version of this.versionList()) map.set(version.id, version);
      this.map = map;
      this.loaded = [];
      this.versionsBytes = undefined;
    }
    return this.map;
  }

  /**
   * The versions in creation order, for reading only (a listing's stages): parsed, but neither a
   * map built nor the parse kept. A listing reads each secret's stages once (its entry is then kept
   * as text, see list-secrets.ts); keeping 50,000 parsed version lists — values included — after a
   * first walk cost more than the walk's own work, as each one survived into the old generation.
   */
  versionList(): readonly VersionRecord[] {
    if (this.map) return [...this.map.values()];
    if (this.versionsBytes) return JSON.parse(this.versionsBytes.toString('utf8', this.versionsAt, this.versionsEnd)) as VersionRecord[];
    return typeof this.loaded === 'string' ? (JSON.parse(this.loaded) as VersionRecord[]) : this.loaded;
  }

  /** The versions as JSON, for a snapshot: bytes or text as they are when nothing asked for them (not parsed and written again). */
  versionsJson(): string | Buffer {
    if (this.map) return JSON.stringify([...this.map.values()]);
    if (this.versionsBytes) return this.versionsBytes.subarray(this.versionsAt, this.versionsEnd);
    return typeof this.loaded === 'string' ? this.loaded : JSON.stringify(this.loaded);
  }

  /** The ListSecrets entry stored with the secret's snapshot record, if the secret has not changed since (a view: copy from it, never hand it out). */
  storedEntry(): Buffer | undefined {
    return this.entryBytes?.subarray(this.entryAt, this.entryEnd);
  }

  /** The stored entry's length in bytes; 0 when there is none. */
  get storedEntryBytes(): number {
    return this.entryBytes ? this.entryEnd - this.entryAt : 0;
  }

  /** Copies the stored entry into `target` at `offset` (a listing's answer) without making a view of it; returns the bytes copied. */
  copyStoredEntry(target: Buffer, offset: number): number {
    return this.entryBytes ? this.entryBytes.copy(target, offset, this.entryAt, this.entryEnd) : 0;
  }

  /** Replaces every version (a snapshot's `loadSecret`). */
  replaceVersions(versions: string): void {
    this.map = undefined;
    this.changed();
    this.versionsBytes = undefined;
    this.loaded = versions;
  }

  /**
   * Takes the entry and versions from a snapshot record of format 3 (snapshot-secrets.ts) that
   * holds this secret as it is now: [entryAt, entryEnd) and [versionsAt, versionsEnd) of `bytes`
   * (an empty entry: none). Versions in use as a map are let go of too: the next write to the
   * secret parses them again (a few microseconds), and no compaction serialises them again.
   */
  useStored(bytes: Buffer, entryAt: number, entryEnd: number, versionsAt: number, versionsEnd: number): void {
    this.listEntry = undefined;
    this.entryBytes = entryEnd > entryAt ? bytes : undefined;
    this.entryAt = entryAt;
    this.entryEnd = entryEnd;
    this.map = undefined;
    this.loaded = [];
    this.versionsBytes = bytes;
    this.versionsAt = versionsAt;
    this.versionsEnd = versionsEnd;
  }

  /** Something about the secret changed: what ListSecrets answered for it is stale, the stored entry too. */
  changed(): void {
    this.listEntry = undefined;
    this.entryBytes = undefined;
  }
}

export type Op =
  | { readonly op: 'putSecret'; readonly meta: SecretMeta }
  /**
   * A whole secret as a snapshot holds it: one op per secret, its ARN written once, its versions as
   * JSON text (VersionRecord[]) that is parsed when the secret is first used, not when the vault opens.
   */
  | { readonly op: 'loadSecret'; readonly meta: SecretMeta; readonly versions: string }
  | { readonly op: 'putVersion'; readonly arn: string; readonly version: VersionRecord }
  | { readonly op: 'setStages'; readonly arn: string; readonly versionId: string; readonly stages: readonly string[] }
  | { readonly op: 'touchVersion'; readonly arn: string; readonly versionId: string; readonly lastAccessedAt: number }
  | { readonly op: 'dropVersion'; readonly arn: string; readonly versionId: string }
  | { readonly op: 'purge'; readonly arn: string };

export class VaultState {
  readonly byArn = new Map<string, SecretRecord>();
  readonly arnByName = new Map<string, string>();
  /** The orders ListSecrets pages through (built on first use, then kept up to date). */
  readonly listing: ListIndexes;
  /** Secrets scheduled for deletion by deadline, so the purge check before each request reads only the earliest. */
  readonly schedule: DeletionSchedule;

  /** `chunkSize`: the indexes' chunk size; tests use a small one so a few secrets span many chunks. */
  constructor(options: { readonly chunkSize?: number } = {}) {
    this.listing = new ListIndexes(() => this.byArn.values(), options.chunkSize);
    this.schedule = new DeletionSchedule(options.chunkSize);
  }

  get size(): number {
    return this.byArn.size;
  }

  /** Applies ops in order. Replaying an op that was already applied gives the same state. */
  apply(ops: readonly Op[]): void {
    for (const op of ops) this.applyOne(op);
  }

  private applyOne(op: Op): void {
    switch (op.op) {
      case 'putSecret':
        this.putMeta(op.meta);
        return;
      case 'loadSecret':
        this.putMeta(op.meta).replaceVersions(op.versions);
        return;
      case 'putVersion':
        this.require(op.arn).versions.set(op.version.id, op.version);
        return;
      case 'setStages': {
        const secret = this.require(op.arn);
        const version = secret.versions.get(op.versionId);
        if (version) secret.versions.set(op.versionId, { ...version, stages: [...op.stages] });
        return;
      }
      case 'touchVersion': {
        const secret = this.require(op.arn);
        const version = secret.versions.get(op.versionId);
        if (version) secret.versions.set(op.versionId, { ...version, lastAccessedAt: op.lastAccessedAt });
        return;
      }
      case 'dropVersion':
        this.require(op.arn).versions.delete(op.versionId);
        return;
      case 'purge': {
        const secret = this.byArn.get(op.arn);
        if (!secret) return;
        this.schedule.remove(secret);
        this.listing.removed(secret);
        this.byArn.delete(op.arn);
        if (this.arnByName.get(secret.meta.name) === op.arn) this.arnByName.delete(secret.meta.name);
        return;
      }
    }
  }

  /** Adds a secret, or replaces its metadata, keeping every index in step. */
  private putMeta(meta: SecretMeta): SecretRecord {
    let record = this.byArn.get(meta.arn);
    if (record) {
      // Out of the indexes under its old keys, back in under the new ones.
      this.schedule.remove(record);
      const moved = this.listing.changing(record, meta);
      if (record.meta.name !== meta.name && this.arnByName.get(record.meta.name) === meta.arn) this.arnByName.delete(record.meta.name);
      record.meta = meta;
      record.changed();
      this.listing.changed(record, moved);
    } else {
      record = new SecretRecord(meta);
      this.byArn.set(meta.arn, record);
      this.listing.added(record);
    }
    this.schedule.add(record);
    this.arnByName.set(meta.name, meta.arn);
    return record;
  }

  private require(arn: string): SecretRecord {
    const secret = this.byArn.get(arn);
    // A journal whose ops reference a secret that does not exist was not written by this code.
    if (!secret) throw new Error(`journal references an unknown secret (${arn})`);
    // Every op on a secret's versions comes through here: what ListSecrets answered for it is stale.
    secret.changed();
    return secret;
  }

  /**
   * A secret from a format-3 snapshot record (snapshot-secrets.ts): its metadata parsed, its entry
   * and versions left in `bytes` until used.
   */
  loadStored(meta: SecretMeta, bytes: Buffer, entryAt: number, entryEnd: number, versionsEnd: number): void {
    this.putMeta(meta).useStored(bytes, entryAt, entryEnd, entryEnd, versionsEnd);
  }

  /** The whole state as ops: one `loadSecret` per secret (the snapshot format before format 3, kept for tests of replay). */
  *toOps(): Generator<Op> {
    for (const secret of this.byArn.values()) {
      const versions = secret.versionsJson();
      yield { op: 'loadSecret', meta: secret.meta, versions: typeof versions === 'string' ? versions : versions.toString('utf8') };
    }
  }
}
