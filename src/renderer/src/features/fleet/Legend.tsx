import type { ReactNode } from 'react';
import { CELL_STATES } from '../../../../shared/coverage';
import { focusRing } from '../../components/focus';
import { cn } from '../../lib/cn';
import { useAppStore } from '../../store';
import { NeverAccessedMark, RejectedMark, STATE_STYLES, StaleMark, StateIcon } from './cell-style';

function Item({ mark, children }: { mark: ReactNode; children: ReactNode }) {
  return (
    <li className="flex items-center gap-1.5">
      {mark}
      <span>{children}</span>
    </li>
  );
}

/** What the tints and icons mean; the stale line names the policy and where to change it. */
export function Legend({ staleAfterDays, listing }: { staleAfterDays: number; listing: boolean }) {
  const showView = useAppStore((s) => s.showView);
  return (
    <ul aria-label="Legend" className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-800 dark:text-slate-200">
      {/* "Not listed yet" only while some org is: it means nothing once the fleet is listed. */}
      {CELL_STATES.filter((state) => listing || state !== 'listing').map((state) => (
        <Item
          key={state}
          mark={
            <span className={cn('flex size-5 items-center justify-center rounded ring-1 ring-slate-300 ring-inset dark:ring-slate-600', STATE_STYLES[state].tint)}>
              <StateIcon state={state} className="size-3.5" />
            </span>
          }
        >
          {STATE_STYLES[state].label}
        </Item>
      ))}
      <Item mark={<StaleMark className="size-3.5" />}>
        Stale: changed more than {staleAfterDays} {staleAfterDays === 1 ? 'day' : 'days'} ago (
        <button type="button" className={cn('rounded underline underline-offset-2 hover:text-sky-800 dark:hover:text-sky-300', focusRing)} onClick={() => showView('settings')}>
          policy
        </button>
        )
      </Item>
      <Item mark={<NeverAccessedMark className="size-3.5" />}>Never accessed</Item>
      <Item mark={<RejectedMark className="size-3.5" />}>Rejected by its provider (foundry-secrets verify)</Item>
    </ul>
  );
}
