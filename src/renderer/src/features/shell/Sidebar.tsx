import { KeyRound, TriangleExclamationPoint } from 'lucide-react';
import { useAppStore } from '../../store';
import { OrgList } from '../orgs/OrgList';
import { ProfileSwitcher } from '../profiles/ProfileSwitcher';
import { ViewNav } from './ViewNav';

function Warnings() {
  const warnings = useAppStore((s) => s.profiles.data?.warnings);
  if (!warnings || warnings.length === 0) return null;
  return (
    <details className="rounded-md border border-amber-300 bg-amber-50 p-2 text-xs text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
      <summary className="flex cursor-pointer items-center gap-1.5 font-medium">
        <TriangleExclamationPoint aria-hidden className="size-3.5" />
        {warnings.length === 1 ? '1 warning' : `${warnings.length} warnings`}
      </summary>
      <ul className="mt-1.5 list-disc space-y-1 pl-4">
        {warnings.map((warning) => (
          <li key={warning}>{warning}</li>
        ))}
      </ul>
    </details>
  );
}

export function Sidebar() {
  return (
    <nav
      aria-label="Screens, profile and organizations"
      className="flex w-72 shrink-0 flex-col gap-5 border-r border-slate-200 bg-slate-100 p-4 dark:border-slate-800 dark:bg-slate-900/60"
    >
      <p className="flex items-center gap-2 text-base font-bold text-slate-900 dark:text-slate-50">
        <KeyRound aria-hidden className="size-5 text-sky-700 dark:text-sky-400" />
        Foundry Secrets
      </p>
      <ViewNav />
      <ProfileSwitcher />
      <OrgList />
      <Warnings />
    </nav>
  );
}
