/**
 * Organizations added by hand ("bookmarks"): kept in the app's settings per profile, so an org
 * shows up before any of its secrets exists. A read-only profile changes nothing anywhere, this
 * local list included (issue 12): support staff look at what the backend has, and an org without a
 * single secret is exactly what the fleet shows as missing everything.
 */
import { AppError } from '../../shared/errors';
import type { Profile } from '../../shared/profiles';
import type { AuditRecorder } from '../audit/index';
import type { SettingsStore } from '../settings-store';

export interface OrgBookmarks {
  add(profile: Profile, orgId: string): Promise<void>;
  remove(profile: Profile, orgId: string): Promise<void>;
}

function refuseOnReadOnly(profile: Profile, what: string): void {
  if (!profile.readOnly) return;
  throw new AppError(
    'READ_ONLY_PROFILE',
    `Profile "${profile.name}" is read-only, so ${what} was not changed — not even in this app's own list. Organizations appear by themselves once one of their secrets exists; to add one by hand, switch to a profile that allows changes.`,
    { profileId: profile.id },
  );
}

export function createOrgBookmarks(settings: Pick<SettingsStore, 'addOrg' | 'removeOrg'>, recorder: AuditRecorder): OrgBookmarks {
  return {
    async add(profile, orgId) {
      // The refusal runs inside the recorder, so a refused attempt is in the audit log like any other.
      await recorder.run({ action: 'org.add', profile, orgId, label: `organization ${orgId}`, lookupIdentity: true }, async () => {
        refuseOnReadOnly(profile, 'the organization list');
        await settings.addOrg(profile.id, orgId);
      });
    },
    async remove(profile, orgId) {
      const removed = await recorder.run({ action: 'org.remove', profile, orgId, label: `organization ${orgId}` }, async () => {
        refuseOnReadOnly(profile, 'the organization list');
        return settings.removeOrg(profile.id, orgId);
      });
      if (!removed) {
        throw new AppError(
          'NOT_FOUND',
          `${orgId} is not an organization added by hand in this profile, so there was nothing to remove. Organizations found in secret names stay while they have secrets.`,
        );
      }
    },
  };
}
