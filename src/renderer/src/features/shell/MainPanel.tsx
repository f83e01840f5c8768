import { lazy, type ReactNode } from 'react';
import { DEFAULT_DOMAIN_ID, domainPrefix } from '../../../../shared/naming-rules';
import { Loading } from '../../components/spinner';
import { cn } from '../../lib/cn';
import { activeProfileOf, useAppStore } from '../../store';
import { ErrorMessage } from '../errors/ErrorMessage';
import { FleetScreen } from '../fleet/FleetScreen';
import { EnvBadge } from '../profiles/ProfileSwitcher';
import { SecretsPanel } from '../secrets/SecretsPanel';
import { SecretsToolbar } from '../secrets/SecretsToolbar';
import { NoticeBar } from './NoticeBar';
import { ReadOnlyNotice } from './ReadOnlyNotice';
import { LazyPart } from '../../components/lazy-part';

// Screens nobody sees at start load on demand: the window evaluates less before its first card.
const AuditScreen = lazy(() => import('../audit/AuditScreen').then((module) => ({ default: module.AuditScreen })));
const ProfilesScreen = lazy(() => import('../profiles/ProfilesScreen').then((module) => ({ default: module.ProfilesScreen })));
const SettingsScreen = lazy(() => import('../settings/SettingsScreen').then((module) => ({ default: module.SettingsScreen })));
const AccessScreen = lazy(() => import('../access/AccessScreen').then((module) => ({ default: module.AccessScreen })));
const DriftScreen = lazy(() => import('../drift/DriftScreen').then((module) => ({ default: module.DriftScreen })));

function Heading({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="flex flex-wrap items-center gap-3">
      <h1 className="text-2xl font-bold text-slate-900 dark:text-slate-50">{title}</h1>
      {children}
    </div>
  );
}

/** A page without the secrets toolbar (loading, errors, no organization). */
function Plain({ children }: { children: ReactNode }) {
  return <div className="mx-auto max-w-5xl space-y-6 p-6">{children}</div>;
}

/** The secrets of the selected org and domain (or why there are none to show). */
function SecretsView() {
  const profiles = useAppStore((s) => s.profiles);
  const orgs = useAppStore((s) => s.orgs);
  const orgId = useAppStore((s) => s.selectedOrgId);
  const domainId = useAppStore((s) => s.selectedDomainId);
  const profile = useAppStore(activeProfileOf);
  const loadProfiles = useAppStore((s) => s.loadProfiles);
  const loadOrgs = useAppStore((s) => s.loadOrgs);

  if (profiles.error && !profiles.data) {
    return (
      <Plain>
        <Heading title="Foundry Secrets" />
        <ErrorMessage context="Could not load the profiles" error={profiles.error} onRetry={() => void loadProfiles().then(() => loadOrgs())} />
      </Plain>
    );
  }
  if (!profile) {
    return (
      <Plain>
        <Loading label="Loading profiles…" />
      </Plain>
    );
  }
  if (orgs.error) {
    return (
      <Plain>
        <Heading title="Organizations">
          <EnvBadge env={profile.env} />
        </Heading>
        <ReadOnlyNotice />
        <ErrorMessage context="Could not load the organizations" error={orgs.error} onRetry={() => void loadOrgs()} />
      </Plain>
    );
  }
  if (!orgs.data) {
    return (
      <Plain>
        <Loading label="Loading organizations…" />
      </Plain>
    );
  }
  if (!orgId) {
    return (
      <Plain>
        <Heading title="No organization yet">
          <EnvBadge env={profile.env} />
        </Heading>
        <ReadOnlyNotice />
        <p className="max-w-prose text-sm text-slate-700 dark:text-slate-300">
          No secrets were found under <code className="font-mono">agentfoundry/{profile.env}/</code> for this profile. Use “Add organization” in the sidebar to
          start; an organization shows up here by itself once one of its secrets exists.
        </p>
      </Plain>
    );
  }
  return (
    <>
      <header className="sticky top-0 z-10 border-b border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-950">
        <div className="mx-auto max-w-5xl space-y-4 px-6 pt-5 pb-4">
        <Heading title={orgId}>
          <EnvBadge env={profile.env} />
          <code className="font-mono text-xs text-slate-600 dark:text-slate-400">{domainPrefix(profile.env, orgId, domainId)}</code>
        </Heading>
        <SecretsToolbar />
        {domainId !== DEFAULT_DOMAIN_ID && (
          <p className="text-sm text-slate-700 dark:text-slate-300">
            Domain <strong>{domainId}</strong>: a secret it does not set falls back to the org-wide <strong>shared</strong> one (shown as “Inherited from shared”).
          </p>
        )}
        <ReadOnlyNotice />
        <NoticeBar />
        </div>
      </header>
      <div className="mx-auto max-w-5xl p-6">
        <SecretsPanel />
      </div>
    </>
  );
}

export function MainPanel() {
  const view = useAppStore((s) => s.view);
  return (
    // Settings keeps its Save bar stuck to the bottom: a field scrolled into view must clear it.
    <main id="main" tabIndex={-1} className={cn('min-w-0 flex-1 overflow-y-auto focus:outline-none', view === 'settings' && 'scroll-pb-32')}>
      <LazyPart
        key={view}
        what="this screen"
        fallback={
          <Plain>
            <Loading label="Loading…" />
          </Plain>
        }
      >
        {view === 'fleet' ? (
          <FleetScreen />
        ) : view === 'drift' ? (
          <DriftScreen />
        ) : view === 'audit' ? (
          <AuditScreen />
        ) : view === 'profiles' ? (
          <ProfilesScreen />
        ) : view === 'settings' ? (
          <SettingsScreen />
        ) : view === 'access' ? (
          <AccessScreen />
        ) : (
          <SecretsView />
        )}
      </LazyPart>
    </main>
  );
}
