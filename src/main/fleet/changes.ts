/**
 * What a write, delete or restore of this app means for the fleet snapshot, from the status the
 * change answered (no extra backend call): the secret's own metadata, or null when it is gone.
 */
import type { SecretStatus } from '../../shared/secrets';
import type { SecretMetadata } from '../secrets/status';

export function metadataFromStatus(status: SecretStatus): SecretMetadata | null {
  // inherited / not-configured: this domain has no secret of its own (a forced delete removed it).
  if (status.state !== 'configured' && status.state !== 'scheduled-for-deletion') return null;
  const date = (iso: string | undefined): Date | undefined => (iso === undefined ? undefined : new Date(iso));
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
