/**
 * Profiles on disk: `<userDataDir>/profiles.json` = `{ version: 1, activeId, profiles }`.
 *
 * - First run: one `embedded` profile (the default backend), selected.
 * - `ENVIRONMENT=production` (the seed's switch): an `aws` profile for AWS_PROFILE (or `default`)
 *   with AWS_REGION, env prod, is created if missing and selected.
 * - A file that cannot be read as profiles is moved aside (`profiles.json.broken-<time>`) and
 *   reported in `warnings`; valid entries in it are kept. Nothing is dropped silently, and the
 *   original is never overwritten in place.
 * - Every write is atomic (temporary file, fsync, rename, fsync of the directory).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import { makePrivateDirectory, moveAside, writeFileDurably } from '../durable-fs';
import { createSerialQueue } from '../serial-queue';
import { reviewProfileChange } from '../../shared/profile-change';
import { awsProfileNameSchema, awsRegionSchema, profileSchema, type AwsProfile, type Profile } from '../../shared/profiles';

export const PROFILES_FILE = 'profiles.json';
export const FILE_VERSION = 1;
export const EMBEDDED_PROFILE_ID = 'embedded';
export const MAX_PROFILES = 50;

export const DEFAULT_EMBEDDED_PROFILE: Profile = Object.freeze({
  kind: 'embedded',
  id: EMBEDDED_PROFILE_ID,
  name: 'Embedded vault',
  env: 'dev',
  readOnly: false,
});

export interface StoredProfiles {
  readonly profiles: readonly Profile[];
  readonly activeId: string;
  /** Problems found while opening (a broken file kept aside, an unusable variable…). */
  readonly warnings: readonly string[];
}

export interface ProfileStore {
  readonly file: string;
  list(): StoredProfiles;
  active(): Profile;
  get(id: string): Profile | undefined;
  select(id: string): Promise<StoredProfiles>;
  /**
   * Adds a profile, or replaces the one with the same id (never with another kind; a profile that
   * becomes prod is stored read-only). With `expected`, refuses (CONFLICT) when the stored profile
   * is no longer `expected.before` (null: none): what the person confirmed is what is replaced.
   */
  save(profile: unknown, expected?: { readonly before: Profile | null }): Promise<StoredProfiles>;
  remove(id: string): Promise<StoredProfiles>;
}

/** A saved profile's backend is fixed: re-pointing it is a new profile, created (and confirmed) as one. */
export function kindChangeRefused(profileId: string): AppError {
  return new AppError('VALIDATION', `A profile's backend cannot change once it is created. Create a new profile for the other backend instead.`, { profileId });
}

interface State {
  readonly profiles: readonly Profile[];
  readonly activeId: string;
}

const FileShape = z.object({
  version: z.number(),
  activeId: z.unknown(),
  profiles: z.array(z.unknown()),
});

/** Zod issues as `field: rule` lines. Our schemas' messages state rules and never quote input. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

interface Loaded {
  readonly state: State | undefined;
  readonly warnings: string[];
  /** The file must be (re)written: it was missing, moved aside, or repaired. */
  readonly dirty: boolean;
}

async function load(file: string, now: Date): Promise<Loaded> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { state: undefined, warnings: [], dirty: true };
    throw new AppError('INTERNAL', `The profiles file ${file} could not be read. Check its permissions and restart the app.`, { file });
  }

  const broken = async (why: string, kept: Profile[], activeId: unknown): Promise<Loaded> => {
    const aside = await moveAside(file, now);
    const warnings = [
      (
        `The profiles file was not valid (${why}). It was kept as ${path.basename(aside)} in ${path.dirname(aside)}; ` +
        (kept.length ? `${kept.length} valid profile(s) from it were kept.` : 'the app started with the default profile.')
      ).slice(0, 2000),
    ];
    const active = kept.find((p) => p.id === activeId) ?? kept[0];
    if (!active) return { state: undefined, warnings, dirty: true };
    return { state: { profiles: kept, activeId: active.id }, warnings, dirty: true };
  };

  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return broken('it is not JSON', [], undefined);
  }
  const shape = FileShape.safeParse(raw);
  if (!shape.success) return broken('it does not have version, activeId and profiles', [], undefined);
  if (shape.data.version !== FILE_VERSION) {
    return broken(`version ${String(shape.data.version).slice(0, 16)} is not supported; this app writes version ${FILE_VERSION}`, [], undefined);
  }

  const kept: Profile[] = [];
  const problems: string[] = [];
  shape.data.profiles.forEach((entry, index) => {
    const parsed = profileSchema.safeParse(entry);
    if (!parsed.success) {
      problems.push(`profile #${index + 1}: ${describeIssues(parsed.error)}`);
    } else if (kept.some((p) => p.id === parsed.data.id)) {
      problems.push(`profile #${index + 1}: its id is used by an earlier profile`);
    } else {
      kept.push(parsed.data);
    }
  });
  if (kept.length > MAX_PROFILES) problems.push(`more than ${MAX_PROFILES} profiles`);
  if (problems.length > 0) return broken(problems.join('; ').slice(0, 1500), kept.slice(0, MAX_PROFILES), shape.data.activeId);
  const first = kept[0];
  if (!first) return broken('it has no profiles', [], undefined);

  const active = kept.find((p) => p.id === shape.data.activeId);
  if (!active) {
    // Every profile is intact; only the selection is wrong. Repairing it loses nothing.
    return {
      state: { profiles: kept, activeId: first.id },
      warnings: [`The selected profile in the profiles file does not exist; "${first.name}" was selected instead.`],
      dirty: true,
    };
  }
  return { state: { profiles: kept, activeId: active.id }, warnings: [], dirty: false };
}

/** Applies `ENVIRONMENT=production`: an AWS profile for AWS_PROFILE / AWS_REGION, selected. */
function applyProduction(state: State, env: NodeJS.ProcessEnv, warnings: string[]): State {
  if (env.ENVIRONMENT?.trim().toLowerCase() !== 'production') return state;
  const awsProfileName = env.AWS_PROFILE?.trim() || 'default';
  const name = awsProfileNameSchema.safeParse(awsProfileName);
  if (!name.success) {
    warnings.push(`ENVIRONMENT=production is set, but AWS_PROFILE is not a usable AWS profile name (${name.error.issues[0]?.message}); no AWS profile was selected.`);
    return state;
  }
  const regionText = env.AWS_REGION?.trim();
  const region = regionText ? awsRegionSchema.safeParse(regionText) : undefined;
  if (region && !region.success) warnings.push('AWS_REGION is not an AWS region name such as us-east-1; it was ignored for the production profile.');

  const existing = state.profiles.find((p) => p.kind === 'aws' && p.awsProfile === name.data && p.env === 'prod');
  if (existing) return existing.id === state.activeId ? state : { ...state, activeId: existing.id };

  const ids = new Set(state.profiles.map((p) => p.id));
  let id = 'production';
  for (let n = 2; ids.has(id); n++) id = `production-${n}`;
  const created: AwsProfile = {
    kind: 'aws',
    id,
    name: `AWS ${name.data}`.slice(0, 64),
    env: 'prod',
    // Every new prod profile starts read-only; turning it off is a change the person confirms.
    readOnly: true,
    awsProfile: name.data,
    ...(region?.success ? { region: region.data } : {}),
  };
  return { profiles: [...state.profiles, created], activeId: id };
}

function serialise(state: State): string {
  return `${JSON.stringify({ version: FILE_VERSION, activeId: state.activeId, profiles: state.profiles }, null, 2)}\n`;
}

export async function openProfileStore(userDataDir: string, env: NodeJS.ProcessEnv = process.env, clock: () => Date = () => new Date()): Promise<ProfileStore> {
  // Owner-only even when it existed with a wider mode: it holds the profiles, settings, audit log and vault.
  await makePrivateDirectory(userDataDir);
  const file = path.join(userDataDir, PROFILES_FILE);
  const loaded = await load(file, clock());
  const warnings = [...loaded.warnings];
  const initial = loaded.state ?? { profiles: [DEFAULT_EMBEDDED_PROFILE], activeId: EMBEDDED_PROFILE_ID };
  let state = applyProduction(initial, env, warnings);
  if (loaded.dirty || state !== initial) await writeFileDurably(file, serialise(state));

  // Mutations run one at a time; memory changes only after the file is safely written.
  const serially = createSerialQueue();
  const mutate = (change: (current: State) => State): Promise<StoredProfiles> =>
    serially(async () => {
      const next = change(state);
      if (next !== state) {
        await writeFileDurably(file, serialise(next));
        state = next;
      }
      return snapshot();
    });
  const snapshot = (): StoredProfiles => ({ profiles: [...state.profiles], activeId: state.activeId, warnings: [...warnings] });
  const find = (id: string): Profile | undefined => state.profiles.find((p) => p.id === id);
  // The id is not repeated: it came from the renderer and could be anything typed or pasted.
  const notFound = (): AppError => new AppError('NOT_FOUND', 'There is no such profile. Refresh the profile list and pick one that exists.');

  return {
    file,
    list: snapshot,
    active: () => {
      const profile = find(state.activeId);
      // Unreachable by construction (activeId always names a kept profile); a loud failure beats a wrong backend.
      if (!profile) throw new AppError('INTERNAL', 'The active profile is missing. Restart the app.');
      return profile;
    },
    get: find,
    select: (id) =>
      mutate((current) => {
        if (!find(id)) throw notFound();
        return id === current.activeId ? current : { ...current, activeId: id };
      }),
    save: (input, expected) =>
      mutate((current) => {
        const parsed = profileSchema.safeParse(input);
        if (!parsed.success) {
          throw new AppError('VALIDATION', `The profile is not valid: ${describeIssues(parsed.error)}. Correct it and save again.`);
        }
        const index = current.profiles.findIndex((p) => p.id === parsed.data.id);
        const before = current.profiles[index];
        if (expected !== undefined && JSON.stringify(before ?? null) !== JSON.stringify(expected.before)) {
          throw new AppError('CONFLICT', 'The profile changed while the change was being confirmed. Review it and save again.', { profileId: parsed.data.id });
        }
        const review = reviewProfileChange(before, parsed.data);
        if (review.kindChanged) {
          throw kindChangeRefused(parsed.data.id);
        }
        const profile = review.stored;
        if (index === -1 && current.profiles.length >= MAX_PROFILES) {
          throw new AppError('VALIDATION', `At most ${MAX_PROFILES} profiles can be kept. Remove one you no longer use first.`);
        }
        const profiles = index === -1 ? [...current.profiles, profile] : current.profiles.map((p, i) => (i === index ? profile : p));
        return { ...current, profiles };
      }),
    remove: (id) =>
      mutate((current) => {
        const profile = find(id);
        if (!profile) throw notFound();
        if (current.profiles.length === 1) {
          throw new AppError('VALIDATION', `Profile "${profile.name}" is the only profile and cannot be removed. Add another profile first.`, { profileId: id });
        }
        if (current.activeId === id) {
          throw new AppError('VALIDATION', `Profile "${profile.name}" is in use. Select another profile first, then remove this one.`, { profileId: id });
        }
        return { ...current, profiles: current.profiles.filter((p) => p.id !== id) };
      }),
  };
}
