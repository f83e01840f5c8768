import { promises as fsp } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError, type ErrorCode } from '../../../src/shared/errors';
import { profileSchema, type Profile } from '../../../src/shared/profiles';
import { openProfileStore, PROFILES_FILE } from '../../../src/main/backends/profile-store';

let dir: string;
const fixedClock = () => new Date('2026-11-24T10:20:30.456Z');
const file = () => path.join(dir, PROFILES_FILE);
const readJson = async (): Promise<{ version: number; activeId: string; profiles: Profile[] }> => JSON.parse(await readFile(file(), 'utf8'));

const local: Profile = { kind: 'localstack', id: 'local', name: 'LocalStack', env: 'dev', readOnly: false, endpoint: 'http://localhost:4566', region: 'us-east-1' };
const staging: Profile = { kind: 'aws', id: 'staging', name: 'Staging', env: 'staging', readOnly: true, awsProfile: 'acme-staging', region: 'eu-west-1' };

async function failureOf(promise: Promise<unknown>): Promise<AppError> {
  const result = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(result).toBeInstanceOf(AppError);
  return result as AppError;
}

function expectCode(err: AppError, code: ErrorCode): void {
  expect(err.code).toBe(code);
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'foundry-profiles-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

describe('first run', () => {
  it('creates one embedded dev profile, selected, and writes it', async () => {
    const store = await openProfileStore(dir, {});
    expect(store.list()).toEqual({
      profiles: [{ kind: 'embedded', id: 'embedded', name: 'Embedded vault', env: 'dev', readOnly: false }],
      activeId: 'embedded',
      warnings: [],
    });
    expect(store.active().id).toBe('embedded');
    expect(await readJson()).toEqual({ version: 1, activeId: 'embedded', profiles: store.list().profiles });
    if (process.platform !== 'win32') expect((await stat(file())).mode & 0o777).toBe(0o600);
  });

  it.skipIf(process.platform === 'win32')('makes the user-data directory owner-only, also when it existed with a wider mode', async () => {
    await fsp.chmod(dir, 0o755);
    await openProfileStore(dir, {});
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
  });

  it('creates the user-data directory if needed', async () => {
    const nested = path.join(dir, 'a', 'b');
    const store = await openProfileStore(nested, {});
    expect(store.file).toBe(path.join(nested, PROFILES_FILE));
    expect((await readdir(nested)).sort()).toEqual([PROFILES_FILE]);
  });
});

describe('round trip', () => {
  it('keeps saved and selected profiles across restarts', async () => {
    const store = await openProfileStore(dir, {});
    await store.save(local);
    await store.save(staging);
    await store.select('local');
    const edited: Profile = { ...staging, name: 'Staging (read-only)' };
    await store.save(edited);

    const reopened = await openProfileStore(dir, {});
    expect(reopened.list()).toEqual({ profiles: [store.list().profiles[0], local, edited], activeId: 'local', warnings: [] });
    expect(reopened.active()).toEqual(local);
    expect(reopened.get('staging')).toEqual(edited);
    for (const profile of reopened.list().profiles) expect(profileSchema.parse(profile)).toEqual(profile);
  });

  it('serialises concurrent changes without losing any', async () => {
    const store = await openProfileStore(dir, {});
    await Promise.all(Array.from({ length: 12 }, (_, i) => store.save({ ...local, id: `local-${i}`, name: `Local ${i}` })));
    expect(store.list().profiles).toHaveLength(13);
    expect((await readJson()).profiles).toHaveLength(13);
  });
});

describe('ENVIRONMENT=production', () => {
  it('creates an AWS prod profile from AWS_PROFILE / AWS_REGION, read-only like every new prod profile, and selects it', async () => {
    const store = await openProfileStore(dir, { ENVIRONMENT: 'production', AWS_PROFILE: 'acme-prod', AWS_REGION: 'us-east-1' });
    expect(store.active()).toEqual({ kind: 'aws', id: 'production', name: 'AWS acme-prod', env: 'prod', readOnly: true, awsProfile: 'acme-prod', region: 'us-east-1' });
    expect(store.list().profiles.map((p) => p.id)).toEqual(['embedded', 'production']);
    expect((await readJson()).activeId).toBe('production');
  });

  it('uses the default AWS profile and no region when the variables are unset', async () => {
    const store = await openProfileStore(dir, { ENVIRONMENT: 'production' });
    expect(store.active()).toMatchObject({ kind: 'aws', awsProfile: 'default', env: 'prod' });
    expect(store.active()).not.toHaveProperty('region');
  });

  it('reselects the existing profile instead of adding another', async () => {
    const first = await openProfileStore(dir, { ENVIRONMENT: 'production', AWS_PROFILE: 'acme-prod' });
    await first.save(local);
    await first.select('local');
    const again = await openProfileStore(dir, { ENVIRONMENT: 'production', AWS_PROFILE: 'acme-prod' });
    expect(again.active().id).toBe('production');
    expect(again.list().profiles.filter((p) => p.kind === 'aws')).toHaveLength(1);
  });

  it('does nothing without ENVIRONMENT=production', async () => {
    const store = await openProfileStore(dir, { ENVIRONMENT: 'development', AWS_PROFILE: 'acme-prod' });
    expect(store.active().kind).toBe('embedded');
  });

  it('reports an unusable AWS_PROFILE instead of creating a broken profile', async () => {
    const store = await openProfileStore(dir, { ENVIRONMENT: 'production', AWS_PROFILE: 'has space' });
    expect(store.active().kind).toBe('embedded');
    expect(store.list().warnings.join(' ')).toMatch(/AWS_PROFILE/);
  });
});

describe('a broken file', () => {
  it('is moved aside, reported, and replaced by the default', async () => {
    const garbage = '{ "version": 1, "activeId": "embedded", "profiles": [ oops';
    await writeFile(file(), garbage);
    const store = await openProfileStore(dir, {}, fixedClock);
    const aside = path.join(dir, 'profiles.json.broken-2026-11-24T10-20-30-456Z');
    expect(await readFile(aside, 'utf8')).toBe(garbage);
    expect(store.list().warnings).toHaveLength(1);
    expect(store.list().warnings[0]).toContain('profiles.json.broken-2026-11-24T10-20-30-456Z');
    expect(store.list().warnings[0]).toContain('not JSON');
    expect(store.list().profiles.map((p) => p.id)).toEqual(['embedded']);
    expect((await readJson()).version).toBe(1);
  });

  it('keeps its valid profiles and names the invalid ones without quoting them', async () => {
    const content = JSON.stringify({
      version: 1,
      activeId: 'local',
      profiles: [local, { ...staging, id: 'Not A Slug' }, { kind: 'aws', id: 'x', name: 'X', env: 'prod', readOnly: false, awsProfile: 'a', secret: 'sk-live-canary' }, local],
    });
    await writeFile(file(), content);
    const store = await openProfileStore(dir, {}, fixedClock);
    expect(store.list().profiles).toEqual([local]);
    expect(store.active()).toEqual(local);
    const warning = store.list().warnings.join(' ');
    expect(warning).toMatch(/profile #2: id/);
    expect(warning).toMatch(/profile #3/);
    expect(warning).toMatch(/profile #4: its id is used/);
    expect(warning).not.toContain('sk-live-canary');
    expect(await readFile(path.join(dir, 'profiles.json.broken-2026-11-24T10-20-30-456Z'), 'utf8')).toBe(content);
  });

  it('of another version is moved aside, never overwritten in place', async () => {
    const content = JSON.stringify({ version: 2, activeId: 'a', profiles: [] });
    await writeFile(file(), content);
    const store = await openProfileStore(dir, {}, fixedClock);
    expect(store.list().warnings[0]).toMatch(/version 2 is not supported/);
    const names = await readdir(dir);
    expect(names.sort()).toEqual([PROFILES_FILE, 'profiles.json.broken-2026-11-24T10-20-30-456Z']);
  });

  it('never replaces an earlier backup', async () => {
    await writeFile(file(), 'first');
    await openProfileStore(dir, {}, fixedClock);
    await writeFile(file(), 'second');
    await openProfileStore(dir, {}, fixedClock);
    const backups = (await readdir(dir)).filter((n) => n.includes('.broken-')).sort();
    expect(backups).toHaveLength(2);
    const contents = await Promise.all(backups.map((n) => readFile(path.join(dir, n), 'utf8')));
    expect(contents.sort()).toEqual(['first', 'second']);
  });

  it('with a dangling selection is repaired without losing profiles', async () => {
    await writeFile(file(), JSON.stringify({ version: 1, activeId: 'gone', profiles: [local, staging] }));
    const store = await openProfileStore(dir, {});
    expect(store.list().profiles).toEqual([local, staging]);
    expect(store.active().id).toBe('local');
    expect(store.list().warnings[0]).toMatch(/does not exist/);
    expect((await readdir(dir)).some((n) => n.includes('.broken-'))).toBe(false);
  });
});

describe('atomic writes', () => {
  it('leaves the old file and memory untouched when the write fails, and no temporary file', async () => {
    const store = await openProfileStore(dir, {});
    const before = await readFile(file(), 'utf8');
    vi.spyOn(fsp, 'rename').mockRejectedValueOnce(Object.assign(new Error('disk full'), { code: 'ENOSPC' }));
    await expect(store.save(local)).rejects.toThrow('disk full');
    expect(await readFile(file(), 'utf8')).toBe(before);
    expect(store.list().profiles.map((p) => p.id)).toEqual(['embedded']);
    expect(await readdir(dir)).toEqual([PROFILES_FILE]);
    // The store still works afterwards.
    await store.save(local);
    expect((await readJson()).profiles).toHaveLength(2);
  });
});

describe('rules', () => {
  it("never changes a saved profile's kind: re-pointing the active profile is refused and nothing is written", async () => {
    const store = await openProfileStore(dir, {});
    const before = await readFile(file(), 'utf8');
    const redirect = { kind: 'localstack', id: 'embedded', name: 'Embedded vault', env: 'dev', readOnly: false, endpoint: 'http://evil.example:4566', region: 'us-east-1' };
    const err = await failureOf(store.save(redirect));
    expectCode(err, 'VALIDATION');
    expect(err.message).toContain('cannot change');
    expect(await readFile(file(), 'utf8')).toBe(before);
    expect((await openProfileStore(dir, {})).active()).toEqual(store.active());
    expect(store.active().kind).toBe('embedded');
  });

  it('stores a profile that becomes prod as read-only, and lets it be unlocked by a later save', async () => {
    const store = await openProfileStore(dir, {});
    await store.save({ ...local, env: 'prod' });
    expect(store.get('local')?.readOnly).toBe(true);
    await store.save({ ...local, id: 'other' });
    await store.save({ ...local, id: 'other', env: 'prod' });
    expect(store.get('other')?.readOnly).toBe(true);
    await store.save({ ...local, env: 'prod', readOnly: false });
    expect(store.get('local')?.readOnly).toBe(false);
  });

  it('refuses (CONFLICT) to replace a profile that is no longer the one the change was confirmed against', async () => {
    const store = await openProfileStore(dir, {});
    await store.save(local);
    expectCode(await failureOf(store.save({ ...local, name: 'Renamed' }, { before: null })), 'CONFLICT');
    expectCode(await failureOf(store.save({ ...local, name: 'Renamed' }, { before: { ...local, endpoint: 'http://localhost:1' } })), 'CONFLICT');
    await store.save({ ...local, name: 'Renamed' }, { before: local });
    expect(store.get('local')?.name).toBe('Renamed');
    expectCode(await failureOf(store.save({ ...local, id: 'fresh' }, { before: local })), 'CONFLICT');
  });

  it('cannot remove the last profile', async () => {
    const store = await openProfileStore(dir, {});
    const err = await failureOf(store.remove('embedded'));
    expectCode(err, 'VALIDATION');
    expect(err.message).toMatch(/only profile/);
  });

  it('cannot remove the active profile without selecting another first', async () => {
    const store = await openProfileStore(dir, {});
    await store.save(local);
    const err = await failureOf(store.remove('embedded'));
    expectCode(err, 'VALIDATION');
    expect(err.message).toMatch(/Select another profile first/);
    await store.select('local');
    const after = await store.remove('embedded');
    expect(after.profiles.map((p) => p.id)).toEqual(['local']);
    expect((await readJson()).profiles.map((p) => p.id)).toEqual(['local']);
  });

  it('answers NOT_FOUND for unknown ids', async () => {
    const store = await openProfileStore(dir, {});
    expectCode(await failureOf(store.select('nope')), 'NOT_FOUND');
    expectCode(await failureOf(store.remove('nope')), 'NOT_FOUND');
  });

  it.each([
    ['a bad id', { ...local, id: 'Bad Id' }],
    ['an ftp endpoint', { ...local, endpoint: 'ftp://localhost:21' }],
    ['an endpoint with credentials', { ...local, endpoint: 'http://user:pass@localhost:4566' }],
    ['an unknown kind', { ...local, kind: 'vaultwarden' }],
    ['an unknown field', { ...local, accessKey: 'AKIA-canary' }],
    ['a bad env', { ...local, env: 'production' }],
    ['not an object', 'embedded'],
  ])('refuses to save %s with VALIDATION and changes nothing', async (_label, input) => {
    const store = await openProfileStore(dir, {});
    const before = await readFile(file(), 'utf8');
    const err = await failureOf(store.save(input));
    expectCode(err, 'VALIDATION');
    expect(err.message).not.toContain('AKIA-canary');
    expect(err.message).not.toContain('pass@');
    expect(await readFile(file(), 'utf8')).toBe(before);
    expect(store.list().profiles).toHaveLength(1);
  });
});
