import { CopyButton } from '../../components/copy-button';

/** The full secret id, selectable and copyable, for troubleshooting and IAM policies. */
export function SecretId({ secretId }: { secretId: string }) {
  return (
    <p className="mt-0.5 flex items-center gap-1 text-xs text-slate-600 dark:text-slate-400">
      <span className="sr-only">Secret id: </span>
      <code className="truncate font-mono select-all" data-testid="secret-id">
        {secretId}
      </code>
      <CopyButton text={secretId} label="Copy secret id" size="xs" />
    </p>
  );
}
