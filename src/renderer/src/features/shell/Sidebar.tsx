import { KeyRound, TriangleExclamationPoint } from 'lucide-react';
import { useAppStore } from '../../store';
import { OrgList } from '../orgs/OrgList';
import { ProfileSwitcher } from '../profiles/ProfileSwitcher';
import { ViewNav } from './ViewNav';

function Warnings() {
  const warnings = useAppStore((s) => s.profiles.data?.warnings);
  if (!warnings || warnings.length === 0) return null;
  return (
    // Opened, its list is brought into view within the sidebar's scrolling top part.
    <details
      onToggle={(event) => event.currentTarget.open && event.currentTarget.scrollIntoView({ block: 'nearest' })}
      className="rounded-md border border-amber-300 bg-amber-50 p-2 text-xs text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
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

/**
 * Two parts that scroll on their own, in a sidebar that never grows past the window: the screens,
 * the profile and its warnings or errors on top (they give way and scroll), and the organizations
 * below, filling the rest and never shorter than a few rows (see OrgList).
 */
export function Sidebar() {
  return (
    <nav
      aria-label="Screens, profile and organizations"
      className="flex w-72 shrink-0 flex-col overflow-hidden border-r border-slate-200 bg-slate-100 dark:border-slate-800 dark:bg-slate-900/60"
    >
      <p className="flex shrink-0 items-center gap-2 px-4 pt-3 pb-1.5 text-base font-bold text-slate-900 dark:text-slate-50">
        <KeyRound aria-hidden className="size-5 text-sky-700 dark:text-sky-400" />
        Foundry Secrets
      </p>
      <div data-testid="sidebar-top" className="relative min-h-0 shrink space-y-3 overflow-y-auto overscroll-contain px-4 pt-1 pb-3 [scrollbar-width:thin]">
        <ViewNav />
        <ProfileSwitcher />
        <Warnings />
      </div>
      <div data-testid="sidebar-orgs" className="relative flex flex-[1_1_0] flex-col border-t border-slate-200 px-4 pt-2.5 pb-3 dark:border-slate-800">
        <OrgList />
      </div>
    </nav>
  );
}
