import { Save, ShieldCheck, TriangleExclamationPoint } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import { ENVS } from '../../../../shared/naming';
import { reviewProfileChange } from '../../../../shared/profile-change';
import type { Profile, ProfileList } from '../../../../shared/profiles';
import { api, toUiErrorData, type UiErrorData } from '../../api';
import { Button } from '../../components/button';
import { Modal } from '../../components/dialog';
import { Hint, inputClass, Label } from '../../components/field';
import { focusRing } from '../../components/focus';
import { cn } from '../../lib/cn';
import { useAppStore, type ProfileEditorTarget } from '../../store';
import { ErrorMessage } from '../errors/ErrorMessage';
import { checkDraft, draftOf, newDraft, slugOf, type DraftField, type ProfileDraft } from './profile-draft';
import { BackendFields, KindChoice, TextField } from './ProfileFields';

/** The editor, when one is open (from the switcher or the profiles screen). */
export function ProfileEditorHost() {
  const target = useAppStore((s) => s.profileEditor);
  const list = useAppStore((s) => s.profiles.data);
  const close = useAppStore((s) => s.closeProfileEditor);
  if (!target || !list) return null;
  const original = target.mode === 'edit' ? list.profiles.find((p) => p.id === target.id) : undefined;
  if (target.mode === 'edit' && !original) return null;
  return <ProfileEditor key={target.mode === 'edit' ? `edit|${target.id}` : 'create'} target={target} original={original} list={list} onClose={close} />;
}

interface Props {
  target: ProfileEditorTarget;
  original: Profile | undefined;
  list: ProfileList;
  onClose(): void;
}

const checkboxClass = cn('mt-0.5 size-4 accent-sky-700 dark:accent-sky-400', focusRing);

/**
 * Create or edit a profile. Every field is checked as it is typed with the schemas main uses;
 * a failed save keeps everything typed. A change of where a profile writes (a new profile, its
 * endpoint, region, AWS profile or env) or turning read-only off is confirmed in a box main opens,
 * outside this window: the form says so in advance and waits for it. A profile's backend is fixed.
 */
function ProfileEditor({ target, original, list, onClose }: Props) {
  const id = useId();
  const creating = target.mode === 'create';
  const [draft, setDraft] = useState<ProfileDraft>(() => (original ? draftOf(original, list.defaults) : newDraft(list)));
  const [touched, setTouched] = useState<ReadonlySet<DraftField>>(new Set());
  const [idEdited, setIdEdited] = useState(false);
  const [readOnlyEdited, setReadOnlyEdited] = useState(false);
  const [attempted, setAttempted] = useState(false);
  const [useNow, setUseNow] = useState(true);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<UiErrorData | null>(null);
  const profilesChanged = useAppStore((s) => s.profilesChanged);
  const selectProfile = useAppStore((s) => s.selectProfile);
  const notify = useAppStore((s) => s.notify);

  const checked = checkDraft(draft);
  const problems: Partial<Record<DraftField, string>> = checked.ok ? {} : { ...checked.problems };
  // Saving is by id: a new profile with an existing id would silently replace that profile.
  if (creating && !problems.id && list.profiles.some((p) => p.id === draft.id)) problems.id = 'Another profile already has this id. Choose a different one.';
  const shown = Object.fromEntries(Object.entries(problems).filter(([field]) => attempted || touched.has(field as DraftField)));
  const valid = Object.keys(problems).length === 0 && checked.ok;
  const unlocking = !creating && original?.readOnly === true && !draft.readOnly;
  // New prod profiles start read-only whatever is asked (main enforces it); the box shows it.
  const startsReadOnly = creating && draft.env === 'prod';
  // Main decides; this only says in advance that main will ask.
  const asksMain = checked.ok && reviewProfileChange(original, checked.profile).needsConfirmation;

  function change(patch: Partial<ProfileDraft>, field: DraftField) {
    setDraft((current) => {
      const next = { ...current, ...patch };
      // A new profile's id follows its name until someone types an id of their own.
      if (creating && field === 'name' && !idEdited) return { ...next, id: slugOf(next.name) };
      // New prod profiles start read-only (the safer default) unless the box was set by hand.
      if (creating && field === 'env' && !readOnlyEdited) return { ...next, readOnly: next.env === 'prod' };
      return next;
    });
    if (field === 'id') setIdEdited(true);
    setTouched((current) => new Set(current).add(field).add(field === 'name' && creating ? 'id' : field));
  }

  async function save(profile: Profile) {
    setPending(true);
    setError(null);
    try {
      const answer = await api.saveProfile(profile);
      void profilesChanged(answer);
      if (creating && useNow) void selectProfile(profile.id);
      notify(creating ? `Profile “${profile.name}” created${useNow ? ' and now in use' : ''}.` : `Profile “${profile.name}” saved.`);
      onClose();
    } catch (failure) {
      setError(toUiErrorData(failure));
      setPending(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setAttempted(true);
    if (pending || !valid || !checked.ok) return;
    void save(checked.profile);
  }

  const title = creating ? 'New profile' : `Edit profile “${original?.name ?? draft.name}”`;
  return (
    <Modal
      open
      size="lg"
      onOpenChange={(open) => !open && !pending && onClose()}
      title={title}
      description={
        <p>
          A profile says where secrets live and whether they may be changed. It never holds credentials, and this form has no field for one: AWS keys and
          SSO sessions stay in ~/.aws (a profile only names the AWS profile), LocalStack takes its fixed test credentials, the embedded vault needs none.
        </p>
      }
    >
      <form aria-label={title} className="mt-4 space-y-4" noValidate onSubmit={submit}>
        <KindChoice draft={draft} shown={shown} disabled={pending || !creating} fixed={!creating} change={change} />
        <div className="grid grid-cols-[1fr_1fr_9rem] gap-3">
          <TextField label="Name" value={draft.name} problem={shown.name} disabled={pending} placeholder="e.g. Staging (EU)" onChange={(name) => change({ name }, 'name')} />
          <TextField
            label="Id"
            value={draft.id}
            problem={shown.id}
            disabled={pending}
            readOnly={!creating}
            hint={creating ? 'Made from the name; it cannot change later.' : 'An id cannot change.'}
            onChange={(value) => change({ id: value }, 'id')}
          />
          <div>
            <Label htmlFor={`${id}-env`}>Environment</Label>
            <select
              id={`${id}-env`}
              className={`${inputClass} mt-1`}
              value={draft.env}
              disabled={pending}
              aria-describedby={`${id}-env-hint`}
              onChange={(event) => change({ env: event.currentTarget.value as ProfileDraft['env'] }, 'env')}
            >
              {ENVS.map((env) => (
                <option key={env} value={env}>
                  {env}
                </option>
              ))}
            </select>
            <Hint id={`${id}-env-hint`}>
              Names: agentfoundry/{draft.env}/…{draft.env === 'prod' && ' A red banner frames the window while it is in use.'}
            </Hint>
          </div>
        </div>
        <BackendFields draft={draft} shown={shown} disabled={pending} change={change} awsProfiles={list.awsProfiles} defaultRegion={list.defaults.region} />
        <div className="grid grid-cols-2 gap-3">
          <div className="flex items-start gap-2">
            <input
              id={`${id}-ro`}
              type="checkbox"
              className={checkboxClass}
              checked={draft.readOnly || startsReadOnly}
              disabled={pending || startsReadOnly}
              aria-describedby={`${id}-ro-hint`}
              onChange={(event) => {
                const readOnly = event.currentTarget.checked;
                setReadOnlyEdited(true);
                setDraft((current) => ({ ...current, readOnly }));
              }}
            />
            <div>
              <Label htmlFor={`${id}-ro`}>Read-only</Label>
              <Hint id={`${id}-ro-hint`}>
                Statuses only: the app itself refuses to add, rotate, delete or restore a key through this profile.
                {startsReadOnly && ' A new prod profile always starts read-only; turn it off afterwards by editing it.'}
              </Hint>
              {unlocking && (
                <p role="status" className="mt-1 flex items-start gap-1.5 text-xs font-medium text-amber-800 dark:text-amber-300">
                  <TriangleExclamationPoint aria-hidden className="mt-px size-3.5 shrink-0" />
                  This allows changes through a profile that is read-only now.
                </p>
              )}
            </div>
          </div>
          {creating && (
            <div className="flex items-start gap-2">
              <input id={`${id}-use`} type="checkbox" className={checkboxClass} checked={useNow} disabled={pending} onChange={(event) => setUseNow(event.currentTarget.checked)} />
              <div>
                <Label htmlFor={`${id}-use`}>Switch to this profile after saving</Label>
                <Hint>Otherwise use it later from the profile list.</Hint>
              </div>
            </div>
          )}
        </div>
        {asksMain && (
          <p role="status" className="flex items-start gap-1.5 text-xs text-slate-700 dark:text-slate-300">
            <ShieldCheck aria-hidden className="mt-px size-3.5 shrink-0" />
            {pending
              ? 'Confirm the change in the box Foundry Secrets opened for it (outside this window).'
              : 'Saving asks you to confirm in a box Foundry Secrets opens outside this window: where a profile writes, and whether it may write, never change from this form alone.'}
          </p>
        )}
        {error && <ErrorMessage compact context="Not saved" error={error} />}
        <div className="flex justify-end gap-2">
          <Button onClick={onClose} disabled={pending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" disabled={pending}>
            <Save aria-hidden className="size-4" />
            {pending ? (asksMain ? 'Waiting for confirmation…' : 'Saving…') : creating ? 'Create profile' : 'Save profile'}
          </Button>
        </div>
      </form>
    </Modal>
  );
}
