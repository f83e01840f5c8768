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

  constructor(
    public meta: SecretMeta,
    /** The versions as a snapshot holds them (JSON text of VersionRecord[]), until something asks for them. */
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
    return typeof this.loaded === 'string' ? (JSON.parse(this.loaded) as VersionRecord[]) : this.loaded;
  }

  /** The versions as JSON text, for a snapshot: not parsed or rebuilt when nothing asked for them. */
  versionsJson(): string {
    if (this.map) return JSON.stringify([...this.map.values()]);
    return typeof this.loaded === 'string' ? this.loaded : JSON.stringify(this.loaded);
  }

  /** Replaces every version (a snapshot's `loadSecret`). */
  replaceVersions(versions: string): void {
    this.map = undefined;
    this.listEntry = undefined;
    this.loaded = versions;
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
      record.listEntry = undefined;
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
    secret.listEntry = undefined;
    return secret;
  }

  /** The whole state as ops, for a snapshot: one `loadSecret` per secret. */
  *toOps(): Generator<Op> {
    for (const secret of this.byArn.values()) yield { op: 'loadSecret', meta: secret.meta, versions: secret.versionsJson() };
  }
}
