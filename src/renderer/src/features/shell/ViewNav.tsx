import { ArrowLeftRight, Grid3x3, KeySquare, ScrollText, Settings, ShieldCheck, SlidersHorizontal } from 'lucide-react';
import { focusRing } from '../../components/focus';
import { cn } from '../../lib/cn';
import { useAppStore, type View } from '../../store';

const VIEWS: readonly { id: View; label: string; icon: typeof KeySquare }[] = [
  { id: 'fleet', label: 'Coverage', icon: Grid3x3 },
  { id: 'secrets', label: 'Secrets', icon: KeySquare },
  { id: 'drift', label: 'Drift', icon: ArrowLeftRight },
  { id: 'profiles', label: 'Profiles', icon: SlidersHorizontal },
  { id: 'audit', label: 'Audit log', icon: ScrollText },
  { id: 'access', label: 'Least privilege', icon: ShieldCheck },
  { id: 'settings', label: 'Settings', icon: Settings },
];

/** The main panel's screens. The one shown is marked aria-current="page". */
export function ViewNav() {
  const view = useAppStore((s) => s.view);
  const showView = useAppStore((s) => s.showView);
  return (
    <ul aria-label="Screens" className="space-y-0.5">
      {VIEWS.map(({ id, label, icon: Icon }) => {
        const current = id === view;
        return (
          <li key={id}>
            <button
              type="button"
              aria-current={current ? 'page' : undefined}
              onClick={() => showView(id)}
              className={cn(
                'flex h-8 w-full items-center gap-2 rounded-md px-2.5 text-left text-sm',
                current
                  ? 'bg-slate-300 font-semibold text-slate-950 dark:bg-slate-700 dark:text-white'
                  : 'text-slate-800 hover:bg-slate-200 dark:text-slate-200 dark:hover:bg-slate-800',
                focusRing,
              )}
            >
              <Icon aria-hidden className="size-4 shrink-0" />
              {label}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
