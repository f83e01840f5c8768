/**
 * How a cell looks: a tint AND an icon per state, plus marks for stale and never accessed, so no
 * state is told by colour alone (the legend names each one; every cell says it in words too).
 */
import { CircleCheck, CircleDashed, CircleEllipsis, Clock, EyeOff, Hourglass, Layers, ShieldAlert, type LucideIcon } from 'lucide-react';
import type { CellState } from '../../../../shared/coverage';
import { cn } from '../../lib/cn';

interface StateStyle {
  readonly icon: LucideIcon;
  /** Background and icon colour of a cell in this state. */
  readonly tint: string;
  readonly label: string;
}

export const STATE_STYLES: Readonly<Record<CellState, StateStyle>> = {
  configured: {
    icon: CircleCheck,
    tint: 'bg-emerald-50 text-emerald-700 dark:bg-emerald-950/70 dark:text-emerald-300',
    label: 'Configured',
  },
  inherited: {
    icon: Layers,
    tint: 'bg-violet-50 text-violet-700 dark:bg-violet-950/70 dark:text-violet-300',
    label: 'Inherited from shared',
  },
  missing: {
    icon: CircleDashed,
    tint: 'bg-rose-50 text-rose-700 dark:bg-rose-950/60 dark:text-rose-300',
    label: 'Missing',
  },
  scheduled: {
    icon: Clock,
    tint: 'bg-amber-50 text-amber-800 dark:bg-amber-950/70 dark:text-amber-300',
    label: 'Scheduled for deletion',
  },
  // Neutral on purpose: not known to be missing, nor set (its org is still being listed).
  listing: {
    icon: CircleEllipsis,
    tint: 'bg-slate-100 text-slate-600 dark:bg-slate-800/70 dark:text-slate-300',
    label: 'Not listed yet',
  },
};

export const STALE_TEXT = 'text-orange-700 dark:text-orange-300';
export const NEVER_TEXT = 'text-slate-600 dark:text-slate-300';
export const REJECTED_TEXT = 'text-red-700 dark:text-red-300';

export function StateIcon({ state, className }: { state: CellState; className?: string }) {
  const Icon = STATE_STYLES[state].icon;
  return <Icon aria-hidden className={cn('size-4 shrink-0', className)} />;
}

export function StaleMark({ className }: { className?: string }) {
  return <Hourglass aria-hidden className={cn('size-3 shrink-0', STALE_TEXT, className)} />;
}

/** The key that applies was rejected by its provider at its last check (foundry-secrets verify). */
export function RejectedMark({ className }: { className?: string }) {
  return <ShieldAlert aria-hidden className={cn('size-3 shrink-0', REJECTED_TEXT, className)} />;
}

export function NeverAccessedMark({ className }: { className?: string }) {
  return <EyeOff aria-hidden className={cn('size-3 shrink-0', NEVER_TEXT, className)} />;
}
