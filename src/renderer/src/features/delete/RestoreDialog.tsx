import type { CatalogEntry, SecretStatus } from '../../../../shared/contract';
import { api } from '../../api';
import { usePendingAction } from '../../lib/use-pending-action';
import { ConfirmDialog } from '../../components/dialog';
import { calendarDate } from '../../lib/time';
import { useAppStore } from '../../store';
import { ErrorMessage } from '../errors/ErrorMessage';

interface Props {
  status: SecretStatus;
  entry: CatalogEntry | undefined;
  contextKey: string;
  onClose(): void;
}

/** Cancels a scheduled deletion: the secret and its last value are kept. */
export function RestoreDialog({ status, entry, contextKey, onClose }: Props) {
  const { pending, error, run } = usePendingAction();
  const applyStatus = useAppStore((s) => s.applyStatus);
  const notify = useAppStore((s) => s.notify);
  const name = entry?.displayName ?? status.secretName;

  function restore() {
    return run(async () => {
      const next = await api.restoreSecret({ orgId: status.orgId, domainId: status.domainId, secretName: status.secretName });
      applyStatus(next, contextKey);
      notify(`${name} was restored; its last value is current again.`);
      onClose();
    });
  }

  return (
    <ConfirmDialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={`Restore ${name}?`}
      description={
        <p>
          <code className="font-mono text-xs break-all">{status.secretId}</code> is scheduled for deletion
          {status.deletionDate ? ` on ${calendarDate(status.deletionDate)}` : ''}. Restoring cancels the deletion and keeps its last value.
        </p>
      }
      confirmLabel="Restore"
      pendingLabel="Restoring…"
      tone="primary"
      pending={pending}
      onConfirm={() => void restore()}
    >
      {error && (
        <div className="mt-4">
          <ErrorMessage compact context="Not restored" error={error} />
        </div>
      )}
    </ConfirmDialog>
  );
}
