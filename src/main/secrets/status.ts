/**
 * Status from metadata. DescribeSecret and ListSecrets describe a secret with the same fields under
 * two names (VersionIdsToStages / SecretVersionsToStages); both become `SecretMetadata`, and one
 * function turns that into the status the renderer sees — never a value, only facts about it.
 */
import type { DescribeSecretCommandOutput, SecretListEntry } from '@aws-sdk/client-secrets-manager';
import { DEFAULT_DOMAIN_ID, buildSecretId, type Env } from '../../shared/naming';
import type { SecretStatus } from '../../shared/secrets';
import { effectiveSource, type SecretPresence } from '../../shared/secret-fallback';
import { healthOf, lastValueChangeOf, type KeyHealth, type TagLike } from '../../shared/key-health';

export interface SecretMetadata {
  readonly name: string;
  readonly description?: string;
  readonly createdAt?: Date;
  /**
   * When the value in effect last changed: the date `foundry-secrets verify` tagged for the version
   * it checked, when that is still the current one (verify's own tagging moves LastChangedDate), else
   * LastChangedDate. What the stale policy, drift and "Changed …" count from.
   */
  readonly lastChangedAt?: Date;
  readonly deletedDate?: Date;
  /** AWS records access by day. Absent: never accessed (or the backend does not say). */
  readonly lastAccessedAt?: Date;
  readonly stages: Readonly<Record<string, readonly string[]>>;
  /** The verdict `foundry-secrets verify` tagged it with (never a value: see shared/key-health.ts). */
  readonly health?: KeyHealth;
}

export function fromDescribe(output: DescribeSecretCommandOutput): SecretMetadata {
  return metadata(output.Name ?? '', output, output.VersionIdsToStages);
}

export function fromListEntry(entry: SecretListEntry): SecretMetadata {
  return metadata(entry.Name ?? '', entry, entry.SecretVersionsToStages);
}

function metadata(
  name: string,
  fields: {
    Description?: string | undefined;
    CreatedDate?: Date | undefined;
    LastChangedDate?: Date | undefined;
    DeletedDate?: Date | undefined;
    LastAccessedDate?: Date | undefined;
    Tags?: readonly TagLike[] | undefined;
  },
  stages: Record<string, string[]> | undefined,
): SecretMetadata {
  const versionStages = stages ?? {};
  const current = currentVersionOf(versionStages);
  const health = healthOf(fields.Tags, fields.LastChangedDate, current);
  const lastChangedAt = lastValueChangeOf({ tags: fields.Tags, currentVersionId: current, lastChangedAt: fields.LastChangedDate, createdAt: fields.CreatedDate });
  return {
    name,
    ...(fields.Description !== undefined && fields.Description !== '' && { description: fields.Description }),
    ...(fields.CreatedDate && { createdAt: fields.CreatedDate }),
    ...(lastChangedAt && { lastChangedAt }),
    ...(fields.DeletedDate && { deletedDate: fields.DeletedDate }),
    ...(fields.LastAccessedDate && { lastAccessedAt: fields.LastAccessedDate }),
    stages: versionStages,
    ...(health && { health }),
  };
}

function currentVersionOf(stages: Readonly<Record<string, readonly string[]>>): string | undefined {
  return Object.entries(stages).find(([, labels]) => labels.includes('AWSCURRENT'))?.[0];
}

export function currentVersionId(meta: SecretMetadata): string | undefined {
  return currentVersionOf(meta.stages);
}

/** What a secret's metadata says it holds, for the shared fallback decision. */
export function presenceOf(meta: SecretMetadata | undefined): SecretPresence {
  if (meta === undefined) return 'missing';
  if (meta.deletedDate !== undefined) return 'scheduled-for-deletion';
  return currentVersionId(meta) === undefined ? 'no-current-version' : 'current';
}

/** Configured = not scheduled for deletion and has a current version. */
export function isConfigured(meta: SecretMetadata | undefined): meta is SecretMetadata {
  return meta !== undefined && meta.deletedDate === undefined && currentVersionId(meta) !== undefined;
}

export interface StatusTarget {
  readonly env: Env;
  readonly orgId: string;
  readonly domainId: string;
  readonly secretName: string;
}

/**
 * The effective status of `target`: its own secret if it has one (configured, or scheduled for
 * deletion), else the org's `shared` secret of the same name (`inherited`), else not configured.
 */
export function effectiveStatus(target: StatusTarget, own: SecretMetadata | undefined, shared: SecretMetadata | undefined): SecretStatus {
  const secretId = buildSecretId(target);
  const base = { secretId, env: target.env, orgId: target.orgId, domainId: target.domainId, secretName: target.secretName };
  const facts = (meta: SecretMetadata) => ({
    ...(meta.description !== undefined && { description: meta.description }),
    ...(meta.createdAt && { createdAt: meta.createdAt.toISOString() }),
    ...(meta.lastChangedAt && { lastChangedAt: meta.lastChangedAt.toISOString() }),
    ...(meta.health && { health: meta.health }),
  });
  // The decision itself is shared with the runtime reader, so both fall back alike.
  const source = effectiveSource(target.domainId, presenceOf(own), presenceOf(shared));
  if (own?.deletedDate && source === 'scheduled') {
    return { ...base, ...facts(own), state: 'scheduled-for-deletion', deletionDate: own.deletedDate.toISOString() };
  }
  const version = own ? currentVersionId(own) : undefined;
  if (own && version && source === 'own') return { ...base, ...facts(own), state: 'configured', currentVersionId: version };
  if (shared && source === 'shared') {
    const sharedVersion = currentVersionId(shared);
    return {
      ...base,
      ...facts(shared),
      state: 'inherited',
      inheritedFrom: buildSecretId({ ...target, domainId: DEFAULT_DOMAIN_ID }),
      ...(sharedVersion && { currentVersionId: sharedVersion }),
    };
  }
  return { ...base, ...(own ? facts(own) : {}), state: 'not-configured' };
}
