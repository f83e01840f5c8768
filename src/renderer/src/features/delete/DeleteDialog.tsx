import { useId, useState, type FormEvent } from 'react';
import type { CatalogEntry, RemoveMode, SecretStatus } from '../../../../shared/contract';
import { RECOVERY_WINDOW_DAYS } from '../../../../shared/secret-limits';
import { api } from '../../api';
import { usePendingAction } from '../../lib/use-pending-action';
import { Button } from '../../components/button';
import { DialogClose, Modal } from '../../components/dialog';
import { FieldProblem, Hint, Label, TextInput } from '../../components/field';
import { calendarDate } from '../../lib/time';
import { useAppStore } from '../../store';
import { ErrorMessage } from '../errors/ErrorMessage';
import { recoveryDaysProblem } from './recovery-window';

interface Props {
  status: SecretStatus;
  entry: CatalogEntry | undefined;
  contextKey: string;
  onClose(): void;
}

const DEFAULT_DAYS = RECOVERY_WINDOW_DAYS.max;

/**
 * Delete: scheduled with a recovery window (7–30 days, restorable until then) or at once, which
 * cannot be undone and so requires typing the secret's name.
 */
export function DeleteDialog({ status, entry, contextKey, onClose }: Props) {
  const id = useId();
  const [mode, setMode] = useState<'recoverable' | 'force'>('recoverable');
  const [days, setDays] = useState(String(DEFAULT_DAYS));
  const [typed, setTyped] = useState('');
  const { pending, error, run } = usePendingAction();
  const applyStatus = useAppStore((s) => s.applyStatus);
  const notify = useAppStore((s) => s.notify);

  const name = entry?.displayName ?? status.secretName;
  const dayProblem = mode === 'recoverable' ? recoveryDaysProblem(days) : null;
  const nameConfirmed = typed === status.secretName;
  const ready = mode === 'recoverable' ? dayProblem === null : nameConfirmed;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!ready || pending) return;
    const removeMode: RemoveMode = mode === 'force' ? { kind: 'force' } : { kind: 'recoverable', recoveryWindowDays: Number(days) };
    await run(async () => {
      const next = await api.removeSecret({ orgId: status.orgId, domainId: status.domainId, secretName: status.secretName, mode: removeMode });
      applyStatus(next, contextKey);
      notify(
        next.state === 'scheduled-for-deletion' && next.deletionDate
          ? `${name} is scheduled for deletion on ${calendarDate(next.deletionDate)}. Restore it before then to keep it.`
          : `${name} was deleted.`,
        'info',
      );
      onClose();
    });
  }

  const radio = 'size-4 accent-red-700 dark:accent-red-400';
  return (
    <Modal
      open
      onOpenChange={(open) => !open && !pending && onClose()}
      title={`Delete ${name}?`}
      description={
        <>
          <p>
            Secret <code className="font-mono text-xs break-all">{status.secretId}</code>. Agents that use it stop getting a value once it is deleted
            {status.domainId !== 'shared' ? ' (in this domain they fall back to the org-wide shared value, if there is one).' : '.'}
          </p>
        </>
      }
    >
      <form className="mt-4 space-y-4" onSubmit={(event) => void submit(event)}>
        <fieldset className="space-y-3">
          <legend className="text-sm font-medium">How to delete</legend>
          <div className="flex items-start gap-2">
            <input id={`${id}-recoverable`} type="radio" name="mode" className={`${radio} mt-0.5`} checked={mode === 'recoverable'} onChange={() => setMode('recoverable')} />
            <div className="flex-1">
              <Label htmlFor={`${id}-recoverable`}>Schedule deletion (can be restored until then)</Label>
              <div className="mt-2 flex items-center gap-2">
                <Label htmlFor={`${id}-days`} className="font-normal">
                  Recovery window in days
                </Label>
                <div className="w-24">
                <TextInput
                  id={`${id}-days`}
                  type="number"
                  inputMode="numeric"
                  min={RECOVERY_WINDOW_DAYS.min}
                  max={RECOVERY_WINDOW_DAYS.max}
                  value={days}
                  disabled={mode !== 'recoverable'}
                  aria-invalid={dayProblem !== null}
                  aria-describedby={dayProblem ? `${id}-days-problem` : `${id}-days-hint`}
                  onChange={(event) => setDays(event.currentTarget.value)}
                />
                </div>
              </div>
              {dayProblem ? (
                <FieldProblem id={`${id}-days-problem`}>{dayProblem}</FieldProblem>
              ) : (
                <Hint id={`${id}-days-hint`}>
                  {RECOVERY_WINDOW_DAYS.min}–{RECOVERY_WINDOW_DAYS.max} days. Until then it cannot be written, only restored.
                </Hint>
              )}
            </div>
          </div>
          <div className="flex items-start gap-2">
            <input id={`${id}-force`} type="radio" name="mode" className={`${radio} mt-0.5`} checked={mode === 'force'} onChange={() => setMode('force')} />
            <div className="flex-1">
              <Label htmlFor={`${id}-force`}>Delete immediately (cannot be undone)</Label>
              {mode === 'force' && (
                <div className="mt-2">
                  <Label htmlFor={`${id}-confirm`} className="font-normal">
                    Type <code className="font-mono font-semibold">{status.secretName}</code> to confirm
                  </Label>
                  <TextInput
                    id={`${id}-confirm`}
                    className="mt-1"
                    value={typed}
                    autoComplete="off"
                    spellCheck={false}
                    autoCapitalize="off"
                    aria-invalid={typed !== '' && !nameConfirmed}
                    onChange={(event) => setTyped(event.currentTarget.value)}
                  />
                </div>
              )}
            </div>
          </div>
        </fieldset>
        {error && <ErrorMessage compact context="Not deleted" error={error} />}
        <div className="flex justify-end gap-2">
          <DialogClose asChild>
            <Button disabled={pending}>Cancel</Button>
          </DialogClose>
          <Button type="submit" variant="danger" disabled={!ready || pending}>
            {pending ? 'Deleting…' : mode === 'force' ? 'Delete now' : 'Schedule deletion'}
          </Button>
        </div>
      </form>
    </Modal>
  );
}
