import { Lock } from 'lucide-react';
import { activeProfileOf, useAppStore } from '../../store';

/** Why there are no Add, Rotate, Delete or Restore buttons. (Main refuses those calls anyway.) */
export function ReadOnlyNotice() {
  const profile = useAppStore(activeProfileOf);
  if (!profile?.readOnly) return null;
  return (
    <div data-testid="read-only-notice" className="flex items-start gap-2 rounded-md border border-slate-300 bg-slate-100 p-3 text-sm text-slate-800 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100">
      <Lock aria-hidden className="mt-0.5 size-4 shrink-0" />
      <p>
        <strong>Read-only profile.</strong> “{profile.name}” does not allow changes, so adding, rotating, deleting and restoring keys are not offered
        here (the app refuses them for this profile in any case). Switch to a profile that allows changes to edit secrets.
      </p>
    </div>
  );
}
