/**
 * App settings that are not profiles: the organizations a person added by hand (per profile, since
 * each profile is its own backend and env) and the live key checks (on/off, provider base URLs). Schema-validated JSON in the user-data
 * directory; a file that cannot be read is kept aside and reported, never silently replaced.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_FLEET_SETTINGS, fleetSettingsSchema, type FleetSettings } from '../shared/fleet';
import { DEFAULT_KEY_CHECK_SETTINGS, keyCheckSettingsSchema, type KeyCheckSettings } from '../shared/key-checks';
import { orgIdSchema } from '../shared/naming';
import { profileIdSchema } from '../shared/profiles';
import { moveAside, writeFileDurably } from './durable-fs';
import { createSerialQueue } from './serial-queue';

export const SETTINGS_FILE = 'settings.json';
const MAX_ADDED_ORGS = 1000;

const settingsSchema = z.object({
  version: z.literal(1),
  addedOrgs: z.record(profileIdSchema, z.array(orgIdSchema).max(MAX_ADDED_ORGS)),
  /** Absent in files written before key checks existed: the defaults apply. */
  keyChecks: keyCheckSettingsSchema.optional(),
  fleet: fleetSettingsSchema.optional(),
});
type Settings = z.infer<typeof settingsSchema>;

export interface SettingsStore {
  readonly warnings: readonly string[];
  addedOrgs(profileId: string): readonly string[];
  addOrg(profileId: string, orgId: string): Promise<readonly string[]>;
  /** Removes an org added by hand; false when it was not in the list. */
  removeOrg(profileId: string, orgId: string): Promise<boolean>;
  keyChecks(): KeyCheckSettings;
  fleet(): FleetSettings;
  saveFleet(next: FleetSettings): Promise<FleetSettings>;
  saveKeyChecks(next: KeyCheckSettings): Promise<KeyCheckSettings>;
}

export async function openSettingsStore(userDataDir: string, clock: () => Date = () => new Date()): Promise<SettingsStore> {
  const file = path.join(userDataDir, SETTINGS_FILE);
  const warnings: string[] = [];
  let settings: Settings = { version: 1, addedOrgs: {} };
  try {
    const parsed = settingsSchema.safeParse(JSON.parse(await fs.readFile(file, 'utf8')));
    if (parsed.success) settings = parsed.data;
    else throw new Error('unexpected content');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      const aside = await moveAside(file, clock());
      warnings.push(`The settings file could not be read, so it was kept as ${path.basename(aside)} and the added organizations start empty.`);
    }
  }

  const serially = createSerialQueue();
  /** Memory changes only once the file is safely written. */
  async function persist(next: Settings): Promise<void> {
    await writeFileDurably(file, `${JSON.stringify(next, null, 2)}\n`);
    settings = next;
  }
  // Own properties only: a profile id such as "constructor" must not find Object.prototype's.
  const addedFor = (profileId: string): readonly string[] => (Object.hasOwn(settings.addedOrgs, profileId) ? (settings.addedOrgs[profileId] ?? []) : []);
  return {
    warnings,
    addedOrgs: addedFor,
    addOrg(profileId, orgId) {
      return serially(async () => {
        const current = addedFor(profileId);
        if (current.includes(orgId)) return current;
        await persist({ ...settings, addedOrgs: { ...settings.addedOrgs, [profileId]: [...current, orgId].sort() } });
        return addedFor(profileId);
      });
    },
    removeOrg(profileId, orgId) {
      return serially(async () => {
        const current = addedFor(profileId);
        if (!current.includes(orgId)) return false;
        await persist({ ...settings, addedOrgs: { ...settings.addedOrgs, [profileId]: current.filter((id) => id !== orgId) } });
        return true;
      });
    },
    keyChecks: () => settings.keyChecks ?? DEFAULT_KEY_CHECK_SETTINGS,
    fleet: () => settings.fleet ?? DEFAULT_FLEET_SETTINGS,
    saveFleet(next) {
      return serially(async () => {
        await persist({ ...settings, fleet: next });
        return next;
      });
    },
    saveKeyChecks(next) {
      return serially(async () => {
        await persist({ ...settings, keyChecks: next });
        return next;
      });
    },
  };
}
