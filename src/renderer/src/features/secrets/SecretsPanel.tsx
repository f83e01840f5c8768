import { useMemo } from 'react';
import { buildSecretId } from '../../../../shared/naming-rules';
import type { CatalogEntry, SecretStatus } from '../../../../shared/contract';
import { Button } from '../../components/button';
import { Loading } from '../../components/spinner';
import { activeProfileOf, contextKeyOf, useAppStore } from '../../store';
import { DeleteDialog, RestoreDialog } from '../../later-parts';
import { ErrorMessage } from '../errors/ErrorMessage';
import { CustomSecretForm } from './CustomSecretForm';
import { matchesFilter } from './filter';
import { SecretSection, type SectionItem } from './SecretSection';
import { LazyPart } from '../../components/lazy-part';

interface Grouped {
  readonly categories: { id: string; label: string; items: SectionItem[] }[];
  readonly custom: SectionItem[];
  readonly customNames: string[];
  readonly byName: Map<string, SectionItem>;
}

/**
 * Statuses laid out as the catalog groups them, then the custom ones (and any typed, unsaved name).
 * The filter hides what does not match, except the card whose write form is open: hiding it would
 * unmount the form and silently drop what was typed in it. That card stays, marked as pinned.
 */
function useGrouped(): Grouped | null {
  const catalog = useAppStore((s) => s.catalog.data);
  const list = useAppStore((s) => s.secrets.data);
  const pending = useAppStore((s) => s.pendingCustom);
  const filter = useAppStore((s) => s.filter);
  const openForm = useAppStore((s) => s.openForm);
  return useMemo(() => {
    if (!list || !catalog) return null;
    const entries = new Map<string, CatalogEntry>(catalog.categories.flatMap((c) => c.secrets.map((e) => [e.secretName, e] as const)));
    const statuses = new Map(list.secrets.map((s) => [s.secretName, s]));
    const byName = new Map<string, SectionItem>();
    const item = (status: SecretStatus): SectionItem => {
      const made = { status, entry: entries.get(status.secretName) };
      byName.set(status.secretName, made);
      return made;
    };
    const categories = catalog.categories.map((category) => ({
      id: category.id,
      label: category.label,
      items: category.secrets.flatMap((entry) => {
        const status = statuses.get(entry.secretName);
        return status ? [item(status)] : [];
      }),
    }));
    const customStatuses = list.secrets.filter((s) => !entries.has(s.secretName));
    const drafts = pending
      .filter((name) => !statuses.has(name))
      .map<SecretStatus>((secretName) => ({
        secretId: buildSecretId({ env: list.env, orgId: list.orgId, domainId: list.domainId, secretName }),
        env: list.env,
        orgId: list.orgId,
        domainId: list.domainId,
        secretName,
        state: 'not-configured',
      }));
    const custom = [...customStatuses, ...drafts].map(item);
    // Matching items as they are; the open form's card kept (and marked) when it does not match.
    const shown = (items: SectionItem[]): SectionItem[] =>
      items.flatMap((i) => {
        if (matchesFilter(filter, i.status.secretName, i.entry)) return [i];
        return i.status.secretName === openForm ? [{ ...i, pinned: true }] : [];
      });
    return {
      categories: categories.map((c) => ({ ...c, items: shown(c.items) })),
      custom: shown(custom),
      customNames: custom.map((i) => i.status.secretName),
      byName,
    };
  }, [catalog, list, pending, filter, openForm]);
}

export function SecretsPanel() {
  const secrets = useAppStore((s) => s.secrets);
  const catalog = useAppStore((s) => s.catalog);
  const filter = useAppStore((s) => s.filter);
  const setFilter = useAppStore((s) => s.setFilter);
  const loadSecrets = useAppStore((s) => s.loadSecrets);
  const dialog = useAppStore((s) => s.dialog);
  const closeDialog = useAppStore((s) => s.closeDialog);
  const readOnly = useAppStore((s) => activeProfileOf(s)?.readOnly ?? false);
  const contextKey = useAppStore(contextKeyOf);
  const grouped = useGrouped();

  if (catalog.error) return <ErrorMessage context="Could not load the catalog" error={catalog.error} />;
  if (secrets.error && !secrets.data) return <ErrorMessage context="Could not load the secrets" error={secrets.error} onRetry={() => void loadSecrets()} />;
  if (!grouped || contextKey === null) return <Loading label="Loading secrets…" />;

  const list = secrets.data;
  const shownCount = grouped.categories.reduce((n, c) => n + c.items.length, 0) + grouped.custom.length;
  const dialogItem = dialog ? grouped.byName.get(dialog.secretName) : undefined;

  return (
    <div className="space-y-8" aria-busy={secrets.loading}>
      {secrets.error && <ErrorMessage compact context="Could not refresh" error={secrets.error} onRetry={() => void loadSecrets()} />}
      {filter.trim() !== '' && shownCount === 0 && (
        <div className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-700 dark:border-slate-600 dark:text-slate-300">
          <p>No secret matches the filter “{filter.trim()}”.</p>
          <Button size="sm" className="mt-3" onClick={() => setFilter('')}>
            Clear the filter
          </Button>
        </div>
      )}
      {grouped.categories
        .filter((category) => category.items.length > 0)
        .map((category) => (
          <SecretSection key={category.id} title={category.label} items={category.items} readOnly={readOnly} contextKey={contextKey} />
        ))}
      {(filter.trim() === '' || grouped.custom.length > 0) && list && (
        <SecretSection
          title="Custom secrets"
          items={grouped.custom}
          readOnly={readOnly}
          contextKey={contextKey}
          empty={<p className="text-sm text-slate-600 dark:text-slate-400">No custom secrets in this domain.</p>}
          footer={readOnly ? null : <CustomSecretForm key={contextKey} orgId={list.orgId} domainId={list.domainId} existing={grouped.customNames} />}
        />
      )}
      {/* Dialogs come with their own chunk (later-parts.ts): nothing shows for the moment it may take. */}
      <LazyPart what="the dialog" fallback={null}>
        {dialog?.kind === 'delete' && dialogItem && (
          <DeleteDialog key={`${contextKey}|${dialog.secretName}`} status={dialogItem.status} entry={dialogItem.entry} contextKey={contextKey} onClose={closeDialog} />
        )}
        {dialog?.kind === 'restore' && dialogItem && (
          <RestoreDialog key={`${contextKey}|${dialog.secretName}`} status={dialogItem.status} entry={dialogItem.entry} contextKey={contextKey} onClose={closeDialog} />
        )}
      </LazyPart>
    </div>
  );
}
