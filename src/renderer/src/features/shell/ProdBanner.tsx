import { ShieldExclamationPoint } from 'lucide-react';
import { activeProfileOf, useAppStore } from '../../store';
import { kindLabel, whereLabel } from '../profiles/describe-profile';

/** Across the whole window whenever the active profile's env is prod: impossible to miss. */
export function ProdBanner() {
  const profile = useAppStore(activeProfileOf);
  if (profile?.env !== 'prod') return null;
  return (
    <header data-testid="prod-banner" className="flex items-center justify-center gap-3 border-b-4 border-red-950 bg-red-700 px-4 py-2 text-sm text-white">
      <ShieldExclamationPoint aria-hidden className="size-5 shrink-0" />
      <p>
        <strong className="font-extrabold tracking-widest uppercase">Production</strong>
        <span className="mx-2" aria-hidden="true">
          ·
        </span>
        Profile “{profile.name}” ({kindLabel(profile)}, {whereLabel(profile)}). Every change here reaches live agents.
        {profile.readOnly && ' This profile is read-only.'}
      </p>
    </header>
  );
}
