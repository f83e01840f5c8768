import { ShieldAlert, ShieldCheck, ShieldMinus, ShieldQuestion, type LucideIcon } from 'lucide-react';
import type { SelfCheckVerdict } from '../../../../shared/contract';
import { cn } from '../../lib/cn';
import { SelfCheckText } from './SelfCheckArn';

interface Look {
  readonly icon: LucideIcon;
  readonly title: string;
  /** Spelled out for a read-only profile that can read: the reason the warning is loud. */
  readonly advice?: string;
  readonly box: string;
  /** role="alert" only where the person must act now; the rest is a polite status. */
  readonly loud: boolean;
}

const QUIET = 'border-slate-300 bg-slate-50 text-slate-900 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100';

function lookOf(verdict: SelfCheckVerdict): Look {
  switch (verdict.outcome) {
    case 'can-read':
      return verdict.readOnly
        ? {
            icon: ShieldAlert,
            title: 'Warning: this identity can read secret values',
            advice:
              'This is a read-only profile, meant for support. The app will not read values, but the blind promise does not hold in IAM: attach the generated support policy (Least privilege) to this identity instead, or remove the statement that allows the read.',
            box: 'border-2 border-red-700 bg-red-50 text-red-950 dark:border-red-400 dark:bg-red-950 dark:text-red-50',
            loud: true,
          }
        : {
            icon: ShieldAlert,
            title: 'Note: this identity can read secret values',
            advice: 'The app never reads them; to hold the blind promise in IAM too, give this identity the generated admin policy (it leaves reads out).',
            box: 'border-amber-400 bg-amber-50 text-amber-950 dark:border-amber-600 dark:bg-amber-950 dark:text-amber-50',
            loud: false,
          };
    case 'cannot-read':
      return { icon: ShieldCheck, title: 'Cannot read secret values', box: 'border-emerald-300 bg-emerald-50 text-emerald-950 dark:border-emerald-700 dark:bg-emerald-950 dark:text-emerald-50', loud: false };
    case 'unverified':
      return { icon: ShieldQuestion, title: 'Couldn’t verify', box: QUIET, loud: false };
    case 'not-applicable':
      return { icon: ShieldMinus, title: 'Not applicable', box: QUIET, loud: false };
  }
}

/** The verdict's headline: an icon, its words (never colour alone) and why. */
export function SelfCheckVerdictView({ verdict, headingId }: { verdict: SelfCheckVerdict; headingId: string }) {
  const look = lookOf(verdict);
  const Icon = look.icon;
  return (
    <div role={look.loud ? 'alert' : 'status'} data-outcome={verdict.outcome} data-loud={look.loud} aria-describedby={headingId} className={cn('rounded-md border p-3 text-sm', look.box)}>
      <p className="flex items-center gap-2 font-semibold">
        <Icon aria-hidden className={cn('shrink-0', look.loud ? 'size-5' : 'size-4')} />
        {look.title}
      </p>
      {look.advice && <p className="mt-1 font-medium">{look.advice}</p>}
      <p className="mt-1">{verdict.error ? 'The check stopped before IAM could answer (see below).' : <SelfCheckText text={verdict.reason} />}</p>
    </div>
  );
}
