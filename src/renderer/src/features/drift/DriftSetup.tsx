import { GitCompareArrows, RefreshCw, X } from 'lucide-react';
import { useId, useRef, type FormEvent, type RefObject } from 'react';
import type { DriftSideInput, ProfileList } from '../../../../shared/contract';
import { ENVS } from '../../../../shared/naming';
import { Button } from '../../components/button';
import { FieldProblem, Hint, inputClass, Label } from '../../components/field';
import { useDriftStore } from '../../store/drift';
import { envOfSide, parseSkewDays } from './side-choice';

/** One side: a saved profile, and the env to compare (its own, or another of the same backend). */
function SidePicker({
  legend,
  side,
  list,
  onChange,
  envRef,
  describedBy,
}: {
  legend: string;
  side: DriftSideInput;
  list: ProfileList;
  onChange(side: DriftSideInput): void;
  envRef?: RefObject<HTMLSelectElement | null>;
  describedBy?: string;
}) {
  const id = useId();
  const profile = list.profiles.find((p) => p.id === side.profileId);
  const env = envOfSide(side, list);
  return (
    <fieldset className="min-w-0 flex-1 basis-56 rounded-md border border-slate-300 px-3 pt-1 pb-3 dark:border-slate-700">
      <legend className="px-1 text-sm font-semibold text-slate-900 dark:text-slate-100">{legend}</legend>
      <div className="flex flex-wrap gap-2">
        <div className="min-w-0 flex-1 basis-32">
          <Label htmlFor={`${id}-profile`}>Profile</Label>
          <select
            id={`${id}-profile`}
            className={inputClass}
            value={side.profileId}
            onChange={(event) => {
              const next = list.profiles.find((p) => p.id === event.currentTarget.value);
              // The env chosen stays when it differs from the new profile's own; else the profile's own.
              if (next) onChange(env === next.env ? { profileId: next.id } : { profileId: next.id, env });
            }}
          >
            {list.profiles.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({p.env}
                {p.readOnly ? ', read-only' : ''})
              </option>
            ))}
          </select>
        </div>
        <div className="w-32">
          <Label htmlFor={`${id}-env`}>Env</Label>
          <select
            ref={envRef}
            id={`${id}-env`}
            className={inputClass}
            aria-describedby={describedBy}
            value={env}
            onChange={(event) => {
              const chosen = ENVS.find((e) => e === event.currentTarget.value);
              if (chosen) onChange(chosen === profile?.env ? { profileId: side.profileId } : { profileId: side.profileId, env: chosen });
            }}
          >
            {ENVS.map((e) => (
              <option key={e} value={e}>
                {e}
                {e === profile?.env ? ' (own)' : ''}
              </option>
            ))}
          </select>
        </div>
      </div>
    </fieldset>
  );
}

/** The two sides, the skew threshold, Compare / Refresh, and Cancel while listing. */
export function DriftSetup({ list, left, right }: { list: ProfileList; left: DriftSideInput; right: DriftSideInput }) {
  const id = useId();
  const skewRef = useRef<HTMLInputElement>(null);
  const rightEnvRef = useRef<HTMLSelectElement>(null);
  const skewText = useDriftStore((s) => s.skewText);
  const setSkewText = useDriftStore((s) => s.setSkewText);
  const chooseSide = useDriftStore((s) => s.chooseSide);
  const compare = useDriftStore((s) => s.compare);
  const cancel = useDriftStore((s) => s.cancel);
  const running = useDriftStore((s) => s.running);
  const cancelling = useDriftStore((s) => s.cancelling);
  const hasReport = useDriftStore((s) => s.report !== null);
  const skew = parseSkewDays(skewText);
  // Main refuses it too (VALIDATION); said here first, where it can be fixed.
  const same = left.profileId === right.profileId && envOfSide(left, list) === envOfSide(right, list);

  function start(refresh: boolean) {
    if (same) {
      rightEnvRef.current?.focus();
      return;
    }
    if (!skew.ok) {
      skewRef.current?.focus();
      return;
    }
    void compare(left, right, skew.days, refresh);
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    start(false);
  }

  return (
    <form aria-label="Sides to compare" noValidate onSubmit={onSubmit} className="space-y-3">
      <div className="flex flex-wrap gap-3">
        <SidePicker legend="Left side" side={left} list={list} onChange={(side) => chooseSide('left', side)} />
        <SidePicker
          legend="Right side"
          side={right}
          list={list}
          onChange={(side) => chooseSide('right', side)}
          envRef={rightEnvRef}
          {...(same && { describedBy: `${id}-same` })}
        />
      </div>
      {same && <FieldProblem id={`${id}-same`}>Both sides are the same profile and env: pick another env or another profile for one side.</FieldProblem>}
      <div className="flex flex-wrap items-start gap-x-3 gap-y-2">
        <div className="w-44">
          <Label htmlFor={`${id}-skew`}>Skew threshold (days)</Label>
          <input
            ref={skewRef}
            id={`${id}-skew`}
            className={inputClass}
            inputMode="numeric"
            autoComplete="off"
            value={skewText}
            aria-invalid={!skew.ok || undefined}
            aria-describedby={skew.ok ? `${id}-skew-hint` : `${id}-skew-problem`}
            onChange={(event) => setSkewText(event.currentTarget.value)}
          />
          {skew.ok ? (
            <Hint id={`${id}-skew-hint`}>Changed further apart than this counts as drift.</Hint>
          ) : (
            <FieldProblem id={`${id}-skew-problem`}>{skew.problem}</FieldProblem>
          )}
        </div>
        <div className="flex flex-wrap items-center gap-2 pt-6">
          {running ? (
            <Button onClick={() => void cancel()} disabled={cancelling}>
              <X aria-hidden className="size-4" />
              {cancelling ? 'Cancelling…' : 'Cancel'}
            </Button>
          ) : (
            <>
              <Button type="submit" variant="primary">
                <GitCompareArrows aria-hidden className="size-4" />
                Compare
              </Button>
              {hasReport && (
                <Button onClick={() => start(true)} aria-label="Refresh: list both sides again" title="List both sides again instead of using the snapshots already listed">
                  <RefreshCw aria-hidden className="size-4" />
                  Refresh
                </Button>
              )}
            </>
          )}
        </div>
      </div>
    </form>
  );
}
