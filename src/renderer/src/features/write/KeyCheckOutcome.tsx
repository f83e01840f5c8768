import { ShieldAlert } from 'lucide-react';
import type { RefObject } from 'react';
import type { UiErrorData } from '../../api';
import { Button } from '../../components/button';
import { ErrorMessage } from '../errors/ErrorMessage';

/** A write main refused because of the key check (nothing was stored): the person may override it. */
export function isKeyCheckRefusal(error: UiErrorData | null): boolean {
  return error?.code === 'KEY_REJECTED' || error?.code === 'KEY_UNVERIFIED';
}

interface Props {
  id: string;
  error: UiErrorData;
  /** The outcome takes focus when it appears, so its text is read and Save anyway is the next Tab stop. */
  boxRef: RefObject<HTMLDivElement | null>;
  onSaveAnyway(): void;
  replacing: boolean;
  disabled?: boolean;
}

/**
 * Rejected (the provider said 401/403) or couldn't verify (timeout, 5xx, rate limit, no network):
 * either way nothing was stored, the form keeps the value, and "Save anyway" sends the same write
 * without the check. A rotation's overwrite was confirmed already, so it is not asked again.
 */
export function KeyCheckOutcome({ id, error, boxRef, onSaveAnyway, replacing, disabled = false }: Props) {
  const rejected = error.code === 'KEY_REJECTED';
  return (
    <div
      ref={boxRef}
      tabIndex={-1}
      data-key-check={rejected ? 'rejected' : 'unverified'}
      className="space-y-2 rounded-md break-words focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 dark:focus-visible:outline-sky-400"
    >
      <ErrorMessage id={id} compact context="Not saved" error={error} />
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <Button size="sm" variant={rejected ? 'danger' : 'secondary'} onClick={onSaveAnyway} disabled={disabled} aria-describedby={`${id}-anyway`}>
          <ShieldAlert aria-hidden className="size-3.5" />
          Save anyway
        </Button>
        <p id={`${id}-anyway`} className="min-w-0 flex-1 text-xs text-slate-600 dark:text-slate-400">
          {rejected ? 'Saves this key without the check, although the provider refused it.' : 'Saves this key without the check.'}
          {replacing ? ' It replaces the current value (you confirmed the overwrite already).' : ''}
        </p>
      </div>
    </div>
  );
}
