/** Audit entries in words: actions and outcomes as people say them, and what an entry was about. */
import type { AuditAction, AuditEntry, AuditKeyCheck, AuditOutcome } from '../../../../shared/audit';
import type { BadgeTone } from '../../components/badge';

export const ACTION_LABELS: Readonly<Record<AuditAction, string>> = {
  'secret.write': 'Key added',
  'secret.rotate': 'Key rotated',
  'secret.remove': 'Deletion scheduled',
  'secret.force-remove': 'Deleted at once',
  'secret.restore': 'Restored',
  'secret.health-tag': 'Key health recorded',
  'profile.create': 'Profile created',
  'profile.update': 'Profile changed',
  'profile.remove': 'Profile removed',
  'profile.select': 'Profile selected',
  'org.add': 'Organization added',
  'org.remove': 'Organization removed',
  'settings.key-checks': 'Key check settings changed',
  'settings.fleet': 'Stale policy changed',
  'fleet.export': 'Coverage exported',
  'drift.export': 'Drift report exported',
  'job.export': 'Job report exported',
  'audit.export': 'Audit log exported',
  'iam.export': 'IAM policy saved',
};

export const OUTCOME_LABELS: Readonly<Record<AuditOutcome, string>> = {
  attempt: 'Attempt',
  success: 'Success',
  failure: 'Failure',
};

/** A change's outcome: `attempt` as its outcome means none was recorded after the attempt. */
export const CHANGE_OUTCOME_LABELS: Readonly<Record<AuditOutcome, string>> = {
  attempt: 'No outcome recorded',
  success: 'Success',
  failure: 'Failure',
};

export const OUTCOME_TONES: Readonly<Record<AuditOutcome, BadgeTone>> = {
  attempt: 'slate',
  success: 'green',
  failure: 'amber',
};

/** What the provider's live check found before a write, in words (shown as "Key check: …"). */
export const KEY_CHECK_LABELS: Readonly<Record<AuditKeyCheck, string>> = {
  valid: 'valid',
  rejected: 'rejected by provider',
  unverified: 'couldn’t verify',
  skipped: 'not checked',
  off: 'checks off',
  'not-applicable': 'none for this secret',
};

/** The secret, else the organization, else the profile an entry is about. */
export function targetOf(entry: AuditEntry): { label: string; mono: boolean } {
  if (entry.action === 'settings.key-checks') return { label: 'key check settings', mono: false };
  if (entry.export) return { label: entry.export.fileName, mono: true };
  if (entry.secretId) return { label: entry.secretId, mono: true };
  if (entry.orgId) return { label: `organization ${entry.orgId}`, mono: false };
  return { label: `profile ${entry.profileId}`, mono: false };
}
