import type { ReactNode } from 'react';
import { useId } from 'react';
import type { CatalogEntry, SecretStatus } from '../../../../shared/contract';
import { SecretCard } from './SecretCard';

export interface SectionItem {
  readonly status: SecretStatus;
  readonly entry: CatalogEntry | undefined;
  /** Kept despite the filter, because its write form is open. */
  readonly pinned?: boolean;
}

interface Props {
  title: string;
  items: readonly SectionItem[];
  readOnly: boolean;
  contextKey: string;
  /** Shown under the cards (e.g. "Add custom secret"), or in place of them when there are none. */
  footer?: ReactNode;
  empty?: ReactNode;
}

export function SecretSection({ title, items, readOnly, contextKey, footer, empty }: Props) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="space-y-3">
      <h2 id={id} className="text-sm font-semibold tracking-wide text-slate-700 uppercase dark:text-slate-300">
        {title} <span className="font-normal text-slate-600 dark:text-slate-400">({items.length})</span>
      </h2>
      {items.length > 0 ? (
        <ul className="space-y-3">
          {items.map((item) => (
            <SecretCard key={item.status.secretName} status={item.status} entry={item.entry} readOnly={readOnly} contextKey={contextKey} pinned={item.pinned ?? false} />
          ))}
        </ul>
      ) : (
        empty
      )}
      {footer}
    </section>
  );
}
