import { Plus } from 'lucide-react';
import { useState } from 'react';
import { Button } from '../../components/button';
import { Loading } from '../../components/spinner';
import { useAppStore } from '../../store';
import { NoticeBar } from '../shell/NoticeBar';
import { ProfileRow } from './ProfileRow';
import { RemoveProfileDialog } from './RemoveProfileDialog';

/** Every profile, with Use, Test connection, Edit and Remove; "New profile…" on top. */
export function ProfilesScreen() {
  const list = useAppStore((s) => s.profiles.data);
  const openEditor = useAppStore((s) => s.openProfileEditor);
  const [removing, setRemoving] = useState<string | null>(null);
  if (!list) return <Loading label="Loading profiles…" />;
  const only = list.profiles.length === 1;
  const target = list.profiles.find((p) => p.id === removing);

  return (
    <div className="mx-auto max-w-5xl space-y-5 p-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-bold text-slate-900 dark:text-slate-50">Profiles</h1>
        <Button variant="primary" className="ml-auto" onClick={() => openEditor({ mode: 'create' })}>
          <Plus aria-hidden className="size-4" />
          New profile…
        </Button>
      </div>
      <p className="max-w-prose text-sm text-slate-700 dark:text-slate-300">
        Each profile names a backend (the embedded vault, a LocalStack endpoint or an AWS profile from ~/.aws), the env its secrets are named under, and
        whether changes are allowed. Profiles never hold credentials. Removing a profile leaves its secrets where they are.
      </p>
      <NoticeBar />
      <ul aria-label="Profiles" className="space-y-3">
        {list.profiles.map((profile) => {
          const active = profile.id === list.activeId;
          const keep = active ? 'In use: switch to another profile to remove this one.' : only ? 'The only profile: add another before removing it.' : null;
          return <ProfileRow key={profile.id} profile={profile} active={active} keep={keep} onRemove={() => setRemoving(profile.id)} />;
        })}
      </ul>
      {target && <RemoveProfileDialog key={target.id} profile={target} onClose={() => setRemoving(null)} />}
    </div>
  );
}
