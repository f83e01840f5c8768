import { ArrowRightLeft, Pencil, Plug, Stethoscope, Trash } from 'lucide-react';
import { lazy, useId, useState } from 'react';
import type { ConnectionReport, Profile } from '../../../../shared/contract';
import { api, toUiErrorData, type UiErrorData } from '../../api';
import { Badge } from '../../components/badge';
import { Button } from '../../components/button';
import { useAppStore } from '../../store';
import { ConnectionResult } from './ConnectionResult';
import { kindLabel, whereLabel } from './describe-profile';
import { KIND_ICONS, ProfileBadges } from './ProfileSwitcher';
import { SelfCheckPanel } from './SelfCheckPanel';
import { LazyPart } from '../../components/lazy-part';

const DiagnosticsDialog = lazy(() => import('../diagnostics/DiagnosticsDialog').then((module) => ({ default: module.DiagnosticsDialog })));

interface Props {
  profile: Profile;
  active: boolean;
  /** Why it cannot be removed (in use, the only one), or null when it can. */
  keep: string | null;
  onRemove(): void;
}

/** One profile on the profiles screen: what it points at, and Use / Test connection / Edit / Remove. */
export function ProfileRow({ profile, active, keep, onRemove }: Props) {
  const id = useId();
  const [test, setTest] = useState<{ loading: boolean; report: ConnectionReport | null; error: UiErrorData | null }>({ loading: false, report: null, error: null });
  const switching = useAppStore((s) => s.switching);
  const selectProfile = useAppStore((s) => s.selectProfile);
  const openEditor = useAppStore((s) => s.openProfileEditor);
  const Icon = KIND_ICONS[profile.kind];
  const [diagnosing, setDiagnosing] = useState(false);

  async function testConnection() {
    setTest({ loading: true, report: null, error: null });
    try {
      setTest({ loading: false, report: await api.testConnection(profile.id), error: null });
    } catch (error) {
      setTest({ loading: false, report: null, error: toUiErrorData(error) });
    }
  }

  return (
    <li>
      <article
        aria-labelledby={`${id}-name`}
        data-profile={profile.id}
        className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-700 dark:bg-slate-900"
      >
        <div className="flex items-start gap-4">
          <Icon aria-hidden className="mt-1 size-5 shrink-0 text-slate-600 dark:text-slate-300" />
          <div className="min-w-0 flex-1">
            <h2 id={`${id}-name`} className="flex flex-wrap items-center gap-2 font-semibold text-slate-900 dark:text-slate-50">
              {profile.name}
              <ProfileBadges profile={profile} />
              {active && <Badge tone="green">in use</Badge>}
            </h2>
            <p className="mt-0.5 text-sm text-slate-700 dark:text-slate-300">
              {kindLabel(profile)} · <span className="break-all">{whereLabel(profile)}</span>
            </p>
            <p className="mt-0.5 font-mono text-xs text-slate-600 dark:text-slate-400">id {profile.id}</p>
          </div>
          <div className="flex shrink-0 flex-wrap justify-end gap-2">
            {!active && (
              <Button size="sm" variant="primary" disabled={switching} aria-label={`Use: ${profile.name}`} onClick={() => void selectProfile(profile.id)}>
                <ArrowRightLeft aria-hidden className="size-3.5" />
                Use
              </Button>
            )}
            <Button size="sm" disabled={test.loading} aria-label={`Test connection: ${profile.name}`} onClick={() => void testConnection()}>
              <Plug aria-hidden className="size-3.5" />
              {test.loading ? 'Testing…' : 'Test connection'}
            </Button>
            <Button size="sm" aria-label={`Diagnose: ${profile.name}`} onClick={() => setDiagnosing(true)}>
              <Stethoscope aria-hidden className="size-3.5" />
              Diagnose
            </Button>
            <Button size="sm" aria-label={`Edit: ${profile.name}`} onClick={() => openEditor({ mode: 'edit', id: profile.id })}>
              <Pencil aria-hidden className="size-3.5" />
              Edit
            </Button>
            {keep === null && (
              <Button size="sm" variant="ghost" aria-label={`Remove: ${profile.name}`} onClick={onRemove}>
                <Trash aria-hidden className="size-3.5" />
                Remove
              </Button>
            )}
          </div>
        </div>
        {keep && <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">{keep}</p>}
        {(test.report || test.error) && (
          <div className="mt-3 space-y-2">
            <ConnectionResult report={test.report} error={test.error} profile={profile} />
          </div>
        )}
        {profile.kind === 'aws' && <SelfCheckPanel profileId={profile.id} />}
        {diagnosing && (
          <LazyPart what="the diagnostics" fallback={null}>
            <DiagnosticsDialog profile={profile} onClose={() => setDiagnosing(false)} />
          </LazyPart>
        )}
      </article>
    </li>
  );
}
