/**
 * Words for a key's health (the verdict `foundry-secrets verify` tagged it with): the card's badge,
 * the fleet cell's title and the CSV share them. Built from the verdict and dates only.
 */
import type { KeyHealth } from '../../../../shared/key-health';
import { relativeTime } from '../../lib/time';

/** "Rejected by provider yesterday" / "Valid · checked 3 days ago" / "Couldn't verify · checked 2 hours ago". */
export function healthLabel(health: KeyHealth, now: number): string {
  const when = relativeTime(health.checkedAt, now);
  switch (health.verdict) {
    case 'valid':
      return `Valid · checked ${when}`;
    case 'rejected':
      return `Rejected by provider ${when}`;
    case 'unverified':
      return `Couldn't verify · checked ${when}`;
  }
}

export const OUTDATED_NOTE = 'outdated: rewritten after the check';
