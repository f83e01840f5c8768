/**
 * What a write, delete or restore of this app means for the fleet snapshot, from the status the
 * change answered (no extra backend call): the secret's own metadata, or null when it is gone.
 */
import type { SecretStatus } from '../../shared/secrets';
import type { SecretMetadata } from '../secrets/status';

/**
 * `exists`: the change leaves the secret in place (a restore). Its effective state may then still
 * not be its own — a secret created without a value (by infrastructure code) is not configured, or
 * inherits the shared one — and it is kept, without a value, instead of being dropped from the
 * snapshot with its org. Its own dates come with the status only when nothing is inherited.
 */
export function metadataFromStatus(status: SecretStatus, options: { readonly exists?: boolean } = {}): SecretMetadata | null {
  const date = (iso: string | undefined): Date | undefined => (iso === undefined ? undefined : new Date(iso));
  if (status.state !== 'configured' && status.state !== 'scheduled-for-deletion') {
    // Otherwise: this domain has no secret of its own (a forced delete removed it).
    if (!options.exists) return null;
    const createdAt = status.state === 'not-configured' ? date(status.createdAt) : undefined;
    return {
      name: status.secretId,
      ...(status.state === 'not-configured' && status.description !== undefined && { description: status.description }),
      ...(createdAt && { createdAt }),
      stages: {},
    };
  }
  const createdAt = date(status.createdAt);
  const lastChangedAt = date(status.lastChangedAt);
  const deletedDate = date(status.deletionDate);
  return {
    name: status.secretId,
    ...(status.description !== undefined && { description: status.description }),
    ...(createdAt && { createdAt }),
    ...(lastChangedAt && { lastChangedAt }),
    ...(deletedDate && { deletedDate }),
    stages: status.currentVersionId ? { [status.currentVersionId]: ['AWSCURRENT'] } : {},
    // Tags survive a rewrite: the verdict stays, marked outdated, rather than vanishing until the next listing.
    ...(status.health && { health: status.health }),
  };
}
