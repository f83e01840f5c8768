import type { OrgSummary } from '../../../../shared/contract';
import { ConfirmDialog } from '../../components/dialog';
import { usePendingAction } from '../../lib/use-pending-action';
import { useAppStore } from '../../store';
import { ErrorMessage } from '../errors/ErrorMessage';

interface Props {
  /** An organization added by hand (main refuses any other with NOT_FOUND). */
  org: OrgSummary;
  /** Closed: `removed` says whether the organization was taken off the list. */
  onClose(removed: boolean): void;
}

/** What removing does, said before it is done: it never touches a secret. */
export function removeOrgDescription(org: Pick<OrgSummary, 'orgId' | 'secretCount'>): string {
  if (org.secretCount === 0) return `${org.orgId} has no secrets yet; removing it only takes it off this list. You can add it again at any time.`;
  const secrets = org.secretCount === 1 ? '1 secret' : `${org.secretCount} secrets`;
  return `${org.orgId} was added by hand and has ${secrets}. Removing it only forgets that it was added: its ${secrets} ${org.secretCount === 1 ? 'is' : 'are'} untouched, and it stays in this list as long as ${org.secretCount === 1 ? 'it exists' : 'they exist'}.`;
}

/** Takes an organization added by hand off the list, after a confirmation. */
export function RemoveOrgDialog({ org, onClose }: Props) {
  const { pending, error, run } = usePendingAction();
  const removeOrg = useAppStore((s) => s.removeOrg);

  function remove() {
    return run(async () => {
      await removeOrg(org.orgId);
      onClose(true);
    });
  }

  return (
    <ConfirmDialog
      open
      onOpenChange={(open) => !open && onClose(false)}
      title={`Remove ${org.orgId} from the list?`}
      description={<p>{removeOrgDescription(org)}</p>}
      confirmLabel="Remove from list"
      pendingLabel="Removing…"
      tone="primary"
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
