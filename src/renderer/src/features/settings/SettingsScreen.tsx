import { useEffect } from 'react';
import { Loading } from '../../components/spinner';
import { cn } from '../../lib/cn';
import { useAppStore } from '../../store';
import { ErrorMessage } from '../errors/ErrorMessage';
import { NoticeBar } from '../shell/NoticeBar';
import { KeyCheckSettingsForm } from './KeyCheckSettingsForm';
import { StalePolicyForm } from './StalePolicyForm';

/** The stale policy of the coverage matrix: a short form with its own Save, above the key checks. */
function StalePolicySection() {
  const fleetSettings = useAppStore((s) => s.fleetSettings);
  const loadFleetSettings = useAppStore((s) => s.loadFleetSettings);
  const missing = fleetSettings.data === null && !fleetSettings.loading && fleetSettings.error === null;
  useEffect(() => {
    if (missing) void loadFleetSettings();
  }, [missing, loadFleetSettings]);
  if (fleetSettings.data) return <StalePolicyForm stored={fleetSettings.data} />;
  if (fleetSettings.error) return <ErrorMessage context="Could not load the stale policy" error={fleetSettings.error} onRetry={() => void loadFleetSettings()} />;
  return <Loading label="Loading the stale policy…" />;
}

/** App settings: the live key checks (on/off, and where each provider's check goes), and the stale policy. */
export function SettingsScreen() {
  const keyChecks = useAppStore((s) => s.keyChecks);
  const loadKeyChecks = useAppStore((s) => s.loadKeyChecks);
  const missing = keyChecks.data === null && !keyChecks.loading && keyChecks.error === null;

  // Loaded with the app; only asked again when that never happened.
  useEffect(() => {
    if (missing) void loadKeyChecks();
  }, [missing, loadKeyChecks]);

  return (
    // No bottom padding under the form: its sticky Save bar ends the page.
    <div className={cn('mx-auto max-w-5xl space-y-5 p-6', keyChecks.data && 'pb-0')}>
      <h1 className="text-2xl font-bold text-slate-900 dark:text-slate-50">Settings</h1>
      <NoticeBar />
      <StalePolicySection />
      {keyChecks.data ? (
        <KeyCheckSettingsForm stored={keyChecks.data} />
      ) : keyChecks.error ? (
        <ErrorMessage context="Could not load the key check settings" error={keyChecks.error} onRetry={() => void loadKeyChecks()} />
      ) : (
        <Loading label="Loading settings…" />
      )}
    </div>
  );
}
