import { NameIndex } from './name-index';

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

export interface SecretRecord {
  meta: SecretMeta;
  /** Insertion order is creation order. */
  readonly versions: Map<string, VersionRecord>;
}

export type Op =
  | { readonly op: 'putSecret'; readonly meta: SecretMeta }
  | { readonly op: 'putVersion'; readonly arn: string; readonly version: VersionRecord }
  | { readonly op: 'setStages'; readonly arn: string; readonly versionId: string; readonly stages: readonly string[] }
  | { readonly op: 'touchVersion'; readonly arn: string; readonly versionId: string; readonly lastAccessedAt: number }
  | { readonly op: 'dropVersion'; readonly arn: string; readonly versionId: string }
  | { readonly op: 'purge'; readonly arn: string };

export class VaultState {
  readonly byArn = new Map<string, SecretRecord>();
  readonly arnByName = new Map<string, string>();
  /** Secrets by name, for ListSecrets' name-prefix filter. */
  readonly byName = new NameIndex(() => this.byArn.values());
  /** ARNs of secrets scheduled for deletion, so the purge check before each request reads only these. */
  readonly scheduledForDeletion = new Set<string>();

  get size(): number {
    return this.byArn.size;
  }

  /** Applies ops in order. Replaying an op that was already applied gives the same state. */
  apply(ops: readonly Op[]): void {
    for (const op of ops) this.applyOne(op);
  }

  private applyOne(op: Op): void {
    switch (op.op) {
      case 'putSecret': {
        const existing = this.byArn.get(op.meta.arn);
        if (existing && existing.meta.name !== op.meta.name) this.byName.invalidate();
        if (existing) existing.meta = op.meta;
        else {
          this.byArn.set(op.meta.arn, { meta: op.meta, versions: new Map() });
          this.byName.invalidate();
        }
        this.arnByName.set(op.meta.name, op.meta.arn);
        if (op.meta.deletedAt === undefined) this.scheduledForDeletion.delete(op.meta.arn);
        else this.scheduledForDeletion.add(op.meta.arn);
        return;
      }
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
        this.byArn.delete(op.arn);
        this.byName.invalidate();
        this.scheduledForDeletion.delete(op.arn);
        if (this.arnByName.get(secret.meta.name) === op.arn) this.arnByName.delete(secret.meta.name);
        return;
      }
    }
  }

  private require(arn: string): SecretRecord {
    const secret = this.byArn.get(arn);
    // A journal whose ops reference a secret that does not exist was not written by this code.
    if (!secret) throw new Error(`journal references an unknown secret (${arn})`);
    return secret;
  }

  /** The whole state as ops, for a snapshot. */
  *toOps(): Generator<Op> {
    for (const secret of this.byArn.values()) {
      yield { op: 'putSecret', meta: secret.meta };
      for (const version of secret.versions.values()) yield { op: 'putVersion', arn: secret.meta.arn, version };
    }
  }
}
