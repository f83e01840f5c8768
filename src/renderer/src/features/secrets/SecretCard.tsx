import { History, KeyRound, Pin, RotateCw, Trash, Undo2 } from 'lucide-react';
import { useEffect, useId, useRef } from 'react';
import type { CatalogEntry, SecretStatus } from '../../../../shared/contract';
import { DEFAULT_STALE_AFTER_DAYS } from '../../../../shared/fleet-rules';
import { Button } from '../../components/button';
import { useNow } from '../../lib/use-now';
import { useAppStore } from '../../store';
import { useFleetCell } from '../fleet/use-fleet-cell';
import { Loading } from '../../components/spinner';
import { WriteForm } from '../../later-parts';
import { HealthBadge } from './HealthBadge';
import { LastChanged } from './LastChanged';
import { SecretId } from './SecretId';
import { StaleBadge, StatusBadge } from './StatusBadge';
import { LazyPart } from '../../components/lazy-part';

interface Props {
  status: SecretStatus;
  entry: CatalogEntry | undefined;
  readOnly: boolean;
  contextKey: string;
  /** Shown only because its write form is open: it does not match the filter. */
  pinned?: boolean;
}

export function SecretCard({ status, entry, readOnly, contextKey, pinned = false }: Props) {
  const id = useId();
  const formOpen = useAppStore((s) => s.openForm === status.secretName);
  const openWriteForm = useAppStore((s) => s.openWriteForm);
  const closeWriteForm = useAppStore((s) => s.closeWriteForm);
  const openDialog = useAppStore((s) => s.openDialog);
  const showAuditFor = useAppStore((s) => s.showAuditFor);
  const primaryRef = useRef<HTMLButtonElement>(null);
  const articleRef = useRef<HTMLElement>(null);
  const refocus = useRef(false);
  const title = entry?.displayName ?? status.secretName;
  const { state } = status;
  const now = useNow();
  // Stale and last accessed come from the fleet snapshot (the status list carries neither).
  const fleetCell = useFleetCell(status.orgId, status.domainId, status.secretName, now);
  const staleAfterDays = useAppStore((s) => s.fleetSettings.data?.staleAfterDays ?? DEFAULT_STALE_AFTER_DAYS);
  const hasValue = state === 'configured' || state === 'inherited';
  const fleetKnows = hasValue && fleetCell?.secret !== undefined && (fleetCell.state === 'configured' || fleetCell.state === 'inherited');
  const stale = fleetKnows && fleetCell.stale;
  const lastAccessedAt = fleetKnows ? (fleetCell.secret?.lastAccessedAt ?? null) : undefined;
  const reveal = useAppStore((s) => s.revealSecret === status.secretName);
  const clearRevealSecret = useAppStore((s) => s.clearRevealSecret);

  // Opened from the coverage matrix without a form (scheduled, or a read-only profile): this card takes focus.
  useEffect(() => {
    if (!reveal) return;
    clearRevealSecret();
    (primaryRef.current ?? articleRef.current)?.focus();
  }, [reveal, clearRevealSecret]);

  // After the form closes, focus returns to the button that opened it (now maybe "Rotate Key").
  useEffect(() => {
    if (!formOpen && refocus.current) {
      refocus.current = false;
      primaryRef.current?.focus();
    }
  }, [formOpen, state]);

  // Unless the card went with its form (an unsaved custom name, or a card shown only while its
  // form was open under a filter): then to the main panel, not to the page's body.
  useEffect(() => {
    const closing = refocus;
    return () => {
      if (closing.current) document.getElementById('main')?.focus();
    };
  }, []);

  const canWrite = state !== 'scheduled-for-deletion';
  const verb = state === 'configured' ? 'Rotate Key' : 'Add Key';

  return (
    <li>
      <article
        ref={articleRef}
        tabIndex={-1}
        aria-labelledby={`${id}-title`}
        data-secret={status.secretName}
        data-state={state}
        {...(stale && { 'data-stale': true })}
        className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 dark:border-slate-700 dark:bg-slate-900 dark:focus-visible:outline-sky-400"
      >
        {pinned && (
          <p className="flex items-center gap-1.5 border-b border-sky-200 bg-sky-50 px-4 py-1.5 text-xs font-medium text-sky-950 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100">
            <Pin aria-hidden className="size-3.5 shrink-0" />
            Kept on screen while its form is open: it does not match the filter.
          </p>
        )}
        <div className="flex items-start gap-4 px-4 py-3">
          <div className="min-w-0 flex-1">
            <h3 id={`${id}-title`} className="flex flex-wrap items-baseline gap-x-2 font-semibold text-slate-900 dark:text-slate-50">
              {title}
              {entry && <span className="font-mono text-xs font-normal text-slate-600 dark:text-slate-400">{status.secretName}</span>}
            </h3>
            {entry && <p className="mt-0.5 text-sm text-slate-700 dark:text-slate-300">{entry.description}</p>}
            {status.description && (
              <p className="mt-0.5 text-sm text-slate-700 italic dark:text-slate-300">
                <span className="not-italic">Note: </span>
                {status.description}
              </p>
            )}
            {state === 'inherited' && status.inheritedFrom && (
              <p className="mt-1 text-sm text-violet-900 dark:text-violet-200">
                This domain has no value of its own; agents use the org-wide one (<code className="font-mono text-xs">{status.inheritedFrom}</code>).
                {!readOnly && ' Add a key to override it for this domain only.'}
              </p>
            )}
            <SecretId secretId={status.secretId} />
            {hasValue && status.health && <HealthBadge health={status.health} now={now} />}
          </div>
          <div className="flex shrink-0 flex-col items-end gap-2">
            <div className="flex items-center gap-2">
              {state !== 'not-configured' && (
                <LastChanged iso={status.lastChangedAt} verb={state === 'inherited' ? 'Shared value changed' : 'Changed'} lastAccessedAt={lastAccessedAt} />
              )}
              {stale && <StaleBadge staleAfterDays={staleAfterDays} />}
              <StatusBadge status={status} />
            </div>
            <div className="flex gap-2">
              {!readOnly && (
                <>
                  {canWrite && (
                    <Button
                      ref={primaryRef}
                      size="sm"
                      variant={state === 'configured' ? 'secondary' : 'primary'}
                      aria-expanded={formOpen}
                      aria-label={`${verb}: ${title}`}
                      onClick={() => (formOpen ? closeWriteForm() : openWriteForm(status.secretName))}
                    >
                      {state === 'configured' ? <RotateCw aria-hidden className="size-3.5" /> : <KeyRound aria-hidden className="size-3.5" />}
                      {verb}
                    </Button>
                  )}
                  {state === 'configured' && (
                    <Button size="sm" variant="ghost" aria-label={`Delete: ${title}`} onClick={() => openDialog('delete', status.secretName)}>
                      <Trash aria-hidden className="size-3.5" />
                      Delete
                    </Button>
                  )}
                  {state === 'scheduled-for-deletion' && (
                    <Button ref={primaryRef} size="sm" variant="primary" aria-label={`Restore: ${title}`} onClick={() => openDialog('restore', status.secretName)}>
                      <Undo2 aria-hidden className="size-3.5" />
                      Restore
                    </Button>
                  )}
                </>
              )}
              {/* Every card, read-only ones too: who changed this secret, and how it ended. */}
              <Button size="sm" variant="ghost" aria-label={`History: ${title}`} onClick={() => showAuditFor(status.secretId)}>
                <History aria-hidden className="size-3.5" />
                History
              </Button>
            </div>
          </div>
        </div>
        {formOpen && !readOnly && canWrite && (
          <LazyPart what="the write form" fallback={<Loading label="Opening the form…" />}>
            <WriteForm
              key={`${contextKey}|${status.secretName}`}
              status={status}
              entry={entry}
              contextKey={contextKey}
              onClose={() => {
                refocus.current = true;
                closeWriteForm(status.secretName);
              }}
            />
          </LazyPart>
        )}
      </article>
    </li>
  );
}
