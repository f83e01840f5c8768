import type { Profile } from '../../../../shared/contract';
import { api } from '../../api';
import { usePendingAction } from '../../lib/use-pending-action';
import { ConfirmDialog } from '../../components/dialog';
import { useAppStore } from '../../store';
import { ErrorMessage } from '../errors/ErrorMessage';
import { kindLabel, whereLabel } from './describe-profile';

/**
 * Removes a profile (never its secrets). Main refuses to remove the active or the last profile;
 * should that happen (another window switched meanwhile), its message is shown here as it is.
 */
export function RemoveProfileDialog({ profile, onClose }: { profile: Profile; onClose(): void }) {
  const { pending, error, run } = usePendingAction();
  const profilesChanged = useAppStore((s) => s.profilesChanged);
  const notify = useAppStore((s) => s.notify);

  function remove() {
    return run(async () => {
      void profilesChanged(await api.removeProfile(profile.id));
      notify(`Profile “${profile.name}” removed. Its secrets were not touched.`, 'info');
      onClose();
    });
  }

  return (
    <ConfirmDialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={`Remove profile “${profile.name}”?`}
      description={
        <>
          <p>
            {kindLabel(profile)} · {whereLabel(profile)} · {profile.env}.
          </p>
          <p className="mt-2">Only the profile goes: the secrets it points at stay where they are, and you can add the profile again later.</p>
        </>
      }
      confirmLabel="Remove profile"
      pendingLabel="Removing…"
      pending={pending}
      onConfirm={() => void remove()}
    >
      {error && (
        <div className="mt-4">
          <ErrorMessage compact context="Not removed" error={error} />
        </div>
      )}
    </ConfirmDialog>
  );
}
