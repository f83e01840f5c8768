/**
 * Status from metadata. DescribeSecret and ListSecrets describe a secret with the same fields under
 * two names (VersionIdsToStages / SecretVersionsToStages); both become `SecretMetadata`, and one
 * function turns that into the status the renderer sees — never a value, only facts about it.
 */
import type { DescribeSecretCommandOutput, SecretListEntry } from '@aws-sdk/client-secrets-manager';
import { DEFAULT_DOMAIN_ID, buildSecretId, type Env } from '../../shared/naming';
import type { SecretStatus } from '../../shared/secrets';

export interface SecretMetadata {
  readonly name: string;
  readonly description?: string;
  readonly createdAt?: Date;
  readonly lastChangedAt?: Date;
  readonly deletedDate?: Date;
  /** AWS records access by day. Absent: never accessed (or the backend does not say). */
  readonly lastAccessedAt?: Date;
  readonly stages: Readonly<Record<string, readonly string[]>>;
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
  },
  stages: Record<string, string[]> | undefined,
): SecretMetadata {
  return {
    name,
    ...(fields.Description !== undefined && fields.Description !== '' && { description: fields.Description }),
    ...(fields.CreatedDate && { createdAt: fields.CreatedDate }),
    ...(fields.LastChangedDate && { lastChangedAt: fields.LastChangedDate }),
    ...(fields.DeletedDate && { deletedDate: fields.DeletedDate }),
    ...(fields.LastAccessedDate && { lastAccessedAt: fields.LastAccessedDate }),
    stages: stages ?? {},
  };
}

export function currentVersionId(meta: SecretMetadata): string | undefined {
  return Object.entries(meta.stages).find(([, stages]) => stages.includes('AWSCURRENT'))?.[0];
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
  });
  if (own?.deletedDate) {
    return { ...base, ...facts(own), state: 'scheduled-for-deletion', deletionDate: own.deletedDate.toISOString() };
  }
  const version = own ? currentVersionId(own) : undefined;
  if (own && version) return { ...base, ...facts(own), state: 'configured', currentVersionId: version };
  if (target.domainId !== DEFAULT_DOMAIN_ID && isConfigured(shared)) {
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
