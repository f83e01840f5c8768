import { Cloud, HardDrive, Lock, Pencil, Plug, Plus, Server } from 'lucide-react';
import { useEffect, useId, useRef } from 'react';
import type { Profile } from '../../../../shared/contract';
import { Badge } from '../../components/badge';
import { Button } from '../../components/button';
import { inputClass, Label } from '../../components/field';
import { activeProfileOf, useAppStore } from '../../store';
import { ErrorMessage } from '../errors/ErrorMessage';
import { ConnectionResult } from './ConnectionResult';
import { kindLabel, whereLabel } from './describe-profile';

export const KIND_ICONS = { embedded: HardDrive, localstack: Server, aws: Cloud } as const;

export function EnvBadge({ env }: { env: 'dev' | 'staging' | 'prod' }) {
  if (env === 'prod') return <Badge tone="red">PROD</Badge>;
  return <Badge tone={env === 'staging' ? 'amber' : 'sky'}>{env}</Badge>;
}

/** The env badge, and a read-only badge when the profile is read-only. */
export function ProfileBadges({ profile }: { profile: Profile }) {
  return (
    <>
      <EnvBadge env={profile.env} />
      {profile.readOnly && (
        <Badge tone="slate">
          <Lock aria-hidden className="size-3" />
          read-only
        </Badge>
      )}
    </>
  );
}

export function ProfileSwitcher() {
  const id = useId();
  const list = useAppStore((s) => s.profiles.data);
  const profile = useAppStore(activeProfileOf);
  const switching = useAppStore((s) => s.switching);
  const switchError = useAppStore((s) => s.switchError);
  const connection = useAppStore((s) => s.connection);
  const selectProfile = useAppStore((s) => s.selectProfile);
  const testConnection = useAppStore((s) => s.testConnection);
  const openEditor = useAppStore((s) => s.openProfileEditor);
  const outcomeRef = useRef<HTMLDivElement>(null);
  // The sidebar's top part scrolls on its own: bring a test's outcome or a failed switch into view.
  const outcome = connection.data ?? connection.error ?? switchError;
  useEffect(() => {
    if (outcome) outcomeRef.current?.scrollIntoView({ block: 'nearest' });
  }, [outcome]);
  if (!list || !profile) return null;
  const Icon = KIND_ICONS[profile.kind];

  return (
    <section aria-labelledby={`${id}-heading`} className="space-y-2">
      <h2 id={`${id}-heading`} className="text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400">
        Profile
      </h2>
      <Label htmlFor={`${id}-select`} className="sr-only">
        Active profile
      </Label>
      <select
        id={`${id}-select`}
        className={inputClass}
        value={list.activeId}
        disabled={switching}
        onChange={(event) => void selectProfile(event.currentTarget.value)}
      >
        {list.profiles.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name} · {p.env}
            {p.readOnly ? ' · read-only' : ''}
          </option>
        ))}
      </select>
      <div className="rounded-md border border-slate-200 bg-white p-2.5 text-xs dark:border-slate-700 dark:bg-slate-900" data-testid="profile-details">
        <p className="flex items-center gap-1.5 font-medium text-slate-800 dark:text-slate-100">
          <Icon aria-hidden className="size-3.5 shrink-0" />
          {kindLabel(profile)}
        </p>
        <p className="mt-0.5 break-all text-slate-600 dark:text-slate-300">{whereLabel(profile)}</p>
        <p className="mt-1.5 flex flex-wrap items-center gap-1.5">
          <ProfileBadges profile={profile} />
        </p>
      </div>
      <div className="flex gap-2">
        <Button size="sm" className="flex-1" aria-label={`Edit profile: ${profile.name}`} onClick={() => openEditor({ mode: 'edit', id: profile.id })} disabled={switching}>
          <Pencil aria-hidden className="size-3.5" />
          Edit
        </Button>
        <Button size="sm" className="flex-[1.4]" onClick={() => openEditor({ mode: 'create' })} disabled={switching}>
          <Plus aria-hidden className="size-3.5" />
          New profile…
        </Button>
      </div>
      <Button size="sm" className="w-full" onClick={() => void testConnection()} disabled={connection.loading || switching}>
        <Plug aria-hidden className="size-3.5" />
        {connection.loading ? 'Testing…' : 'Test connection'}
      </Button>
      <div ref={outcomeRef} className="space-y-2">
        <ConnectionResult report={connection.data} error={connection.error} />
        {switchError && <ErrorMessage compact context="Could not switch profile" error={switchError} />}
      </div>
    </section>
  );
}
