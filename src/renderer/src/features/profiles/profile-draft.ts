/**
 * The profile editor's working copy: every field as typed, for every kind at once (switching kind
 * back and forth loses nothing), checked with the very schemas main checks a saved profile with.
 */
import type { z } from 'zod';
import {
  awsProfileSchema,
  embeddedProfileSchema,
  localstackProfileSchema,
  type Profile,
  type ProfileKind,
  type ProfileList,
} from '../../../../shared/profiles';
import type { Env } from '../../../../shared/naming';

export interface ProfileDraft {
  readonly kind: ProfileKind;
  readonly name: string;
  readonly id: string;
  readonly env: Env;
  readonly readOnly: boolean;
  /** LocalStack. */
  readonly endpoint: string;
  readonly region: string;
  /** AWS (the region is optional there). */
  readonly awsProfile: string;
  readonly awsRegion: string;
}

export type DraftField = 'kind' | 'name' | 'id' | 'env' | 'endpoint' | 'region' | 'awsProfile' | 'awsRegion';

export const FIELD_LABELS: Readonly<Record<DraftField, string>> = {
  kind: 'Backend',
  name: 'Name',
  id: 'Id',
  env: 'Environment',
  endpoint: 'Endpoint',
  region: 'Region',
  awsProfile: 'AWS profile',
  awsRegion: 'Region',
};

/** "Acme Prod (EU)" → "acme-prod-eu": the id a new profile gets unless someone types one. */
export function slugOf(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 64)
    .replace(/-+$/, '');
}

function blankDraft(defaults: ProfileList['defaults']): ProfileDraft {
  return {
    kind: 'localstack',
    name: '',
    id: '',
    env: 'dev',
    readOnly: false,
    endpoint: defaults.localstackEndpoint,
    region: defaults.region,
    awsProfile: '',
    awsRegion: '',
  };
}

/**
 * A new profile starts from the kind of the profile in use, and where it points (LocalStack's
 * endpoint and region, AWS's region): the usual next profile is another env on the same backend.
 * Name, id, env and read-only start fresh; the AWS profile (which account) is chosen deliberately.
 */
export function newDraft(list: Pick<ProfileList, 'profiles' | 'activeId' | 'defaults'>): ProfileDraft {
  const blank = blankDraft(list.defaults);
  const active = list.profiles.find((profile) => profile.id === list.activeId);
  switch (active?.kind) {
    case undefined:
      return blank;
    case 'embedded':
      return { ...blank, kind: 'embedded' };
    case 'localstack':
      return { ...blank, kind: 'localstack', endpoint: active.endpoint, region: active.region };
    case 'aws':
      return { ...blank, kind: 'aws', awsRegion: active.region ?? '' };
  }
}

export function draftOf(profile: Profile, defaults: ProfileList['defaults']): ProfileDraft {
  const base = { ...blankDraft(defaults), kind: profile.kind, name: profile.name, id: profile.id, env: profile.env, readOnly: profile.readOnly };
  switch (profile.kind) {
    case 'embedded':
      return base;
    case 'localstack':
      return { ...base, endpoint: profile.endpoint, region: profile.region };
    case 'aws':
      return { ...base, awsProfile: profile.awsProfile, awsRegion: profile.region ?? '' };
  }
}

export type DraftCheck = { ok: true; profile: Profile } | { ok: false; problems: Partial<Record<DraftField, string>> };

/** A schema message as a sentence about its field: "must be …" gets the field's name in front. */
function sentence(field: DraftField, message: string): string {
  const text = message.startsWith('must') ? `${FIELD_LABELS[field]} ${message}` : message.charAt(0).toUpperCase() + message.slice(1);
  return text.endsWith('.') ? text : `${text}.`;
}

function problemsOf(error: z.ZodError, kind: ProfileKind): Partial<Record<DraftField, string>> {
  const problems: Partial<Record<DraftField, string>> = {};
  for (const issue of error.issues) {
    const key = issue.path[0];
    if (typeof key !== 'string') continue;
    const field: DraftField = kind === 'aws' && key === 'region' ? 'awsRegion' : (key as DraftField);
    problems[field] ??= sentence(field, issue.message);
  }
  return problems;
}

/** The draft as the profile main would store, or the first problem of each field (the schemas' own words). */
export function checkDraft(draft: ProfileDraft): DraftCheck {
  const base = { id: draft.id, name: draft.name, env: draft.env, readOnly: draft.readOnly };
  const parsed =
    draft.kind === 'embedded'
      ? embeddedProfileSchema.safeParse({ kind: 'embedded', ...base })
      : draft.kind === 'localstack'
        ? localstackProfileSchema.safeParse({ kind: 'localstack', ...base, endpoint: draft.endpoint.trim(), region: draft.region.trim() })
        : awsProfileSchema.safeParse({
            kind: 'aws',
            ...base,
            awsProfile: draft.awsProfile.trim(),
            ...(draft.awsRegion.trim() !== '' && { region: draft.awsRegion.trim() }),
          });
  return parsed.success ? { ok: true, profile: parsed.data } : { ok: false, problems: problemsOf(parsed.error, draft.kind) };
}
