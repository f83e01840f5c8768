import { Lock } from 'lucide-react';
import { lazy } from 'react';
import { activeProfileOf, useAppStore } from '../../store';
import { LazyPart } from '../../components/lazy-part';

// Loaded only when a read-only profile is in use: the first screen of everyone else does not pay for it.
const SelfCheckPanel = lazy(() => import('../profiles/SelfCheckPanel').then((module) => ({ default: module.SelfCheckPanel })));

/**
 * Why there are no Add, Rotate, Delete or Restore buttons, nor Add organization (main refuses those
 * calls anyway) — and whether the identity behind this profile could read values all the same: the
 * blind self-check's verdict, since read-only in the app is not read-only in IAM.
 */
export function ReadOnlyNotice() {
  const profile = useAppStore(activeProfileOf);
  if (!profile?.readOnly) return null;
  return (
    <div data-testid="read-only-notice" className="flex items-start gap-2 rounded-md border border-slate-300 bg-slate-100 p-3 text-sm text-slate-800 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100">
      <Lock aria-hidden className="mt-0.5 size-4 shrink-0" />
      <div className="min-w-0 flex-1">
        <p>
          <strong>Read-only profile.</strong> “{profile.name}” changes nothing, so adding, rotating, deleting and restoring keys are not offered
          here, nor adding or removing organizations in this app’s own list (the app refuses them for this profile in any case). Switch to a
          profile that allows changes to edit secrets.
        </p>
        {/* AWS only: the embedded vault has no IAM and LocalStack does not enforce it ("not applicable" would be noise here). */}
        {profile.kind === 'aws' && (
          <LazyPart what="the self-check" fallback={null}>
            <SelfCheckPanel profileId={profile.id} headingLevel={2} />
          </LazyPart>
        )}
      </div>
    </div>
  );
}
