/**
 * Profile integrity through the real router and services: script in the renderer calls saveProfile
 * like the page would, and main — not the page — decides, after asking the person on its own desk.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createConfirmationDesk, type ConfirmationDesk } from '../../src/browser-host/confirmations';
import { PROFILES_FILE } from '../../src/main/backends/profile-store';
import type { Profile } from '../../src/shared/profiles';
import { startHarness, type Harness } from '../main/audit/harness';

const embedded: Profile = { kind: 'embedded', id: 'embedded', name: 'Embedded vault', env: 'dev', readOnly: false };
const local: Profile = { kind: 'localstack', id: 'local', name: 'LocalStack', env: 'dev', readOnly: false, endpoint: 'http://127.0.0.1:4566', region: 'us-east-1' };

let h: Harness;
let desk: ConfirmationDesk;
afterEach(async () => {
  desk.declineAll();
  await h.close();
});

async function start(options: Parameters<typeof startHarness>[0] = {}): Promise<void> {
  desk = createConfirmationDesk();
  h = await startHarness({ confirmProfileChange: desk.confirm, ...options });
}
const profilesOnDisk = async (): Promise<string> => readFile(path.join(h.userDataDir, PROFILES_FILE), 'utf8');
const audit = async () => (await h.ok('listAudit', { limit: 100 })).entries.map((e) => `${e.action}:${e.outcome}${e.errorCode ? `:${e.errorCode}` : ''}`).reverse();

/** Saves through the channel while answering main's desk with `answer`; returns the channel's answer. */
async function saveAnswering(profile: Profile, answer: 'approve' | 'decline' | 'approve-cleartext') {
  const saving = h.call('saveProfile', { profile });
  const pending = await desk.next();
  if (answer === 'decline') pending.decline();
  else pending.approve({ allowCleartext: answer === 'approve-cleartext' });
  return { result: await saving, request: pending.request };
}

describe('profile integrity', () => {
  it('refuses to re-point the active profile to another kind and endpoint; nothing changes, across a restart', async () => {
    await start();
    const before = await profilesOnDisk();
    const redirect = { kind: 'localstack', id: 'embedded', name: 'Embedded vault', env: 'dev', readOnly: false, endpoint: 'http://attacker.example:4566', region: 'us-east-1' };
    const failure = await h.failure('saveProfile', { profile: redirect });
    expect(failure.code).toBe('VALIDATION');
    expect(failure.message).toContain('backend cannot change');
    expect(desk.pending()).toHaveLength(0); // refused before anyone is asked
    expect(await profilesOnDisk()).toBe(before);
    await h.restart();
    expect((await h.ok('listProfiles')).profiles).toEqual([embedded]);
  });

  it('holds a new profile until main has asked, and saves nothing when the person declines', async () => {
    await start();
    const saving = h.call('saveProfile', { profile: local });
    const pending = await desk.next();
    // Still unanswered: the profile does not exist yet, and nothing the page does can answer the desk.
    expect((await h.ok('listProfiles')).profiles.map((p) => p.id)).toEqual(['embedded']);
    expect(pending.request).toMatchObject({ title: 'Create this profile?', cleartextHost: null, confirmLabel: 'Create profile' });
    expect(pending.request.detail).toContain('endpoint: http://127.0.0.1:4566');
    pending.decline();
    const result = await saving;
    expect(result).toMatchObject({ ok: false, error: { code: 'ACCESS_DENIED', details: { confirmed: false } } });
    expect((await h.ok('listProfiles')).profiles.map((p) => p.id)).toEqual(['embedded']);
    expect(await audit()).toEqual(['profile.create:attempt', 'profile.create:failure:ACCESS_DENIED']);
  });

  it('saves the change once the person confirms it on main’s desk', async () => {
    await start();
    const { result } = await saveAnswering(local, 'approve');
    expect(result.ok).toBe(true);
    expect((await h.ok('listProfiles')).profiles).toContainEqual(local);
    expect(await audit()).toEqual(['profile.create:attempt', 'profile.create:success']);
  });

  it('asks again to change the endpoint of a saved profile, but not to rename it', async () => {
    await start();
    await saveAnswering(local, 'approve');
    await h.ok('saveProfile', { profile: { ...local, name: 'Local (renamed)' } });
    expect(desk.pending()).toHaveLength(0);
    const moved = { ...local, name: 'Local (renamed)', endpoint: 'https://ls.example.com' };
    const { result, request } = await saveAnswering(moved, 'decline');
    expect(result.ok).toBe(false);
    expect(request.detail[0]).toBe('endpoint: http://127.0.0.1:4566 → https://ls.example.com');
    expect((await h.ok('listProfiles')).profiles.find((p) => p.id === 'local')).toMatchObject({ endpoint: 'http://127.0.0.1:4566' });
  });

  it('saves a remote plain-http endpoint only with the explicit allowance ticked', async () => {
    await start();
    const remote = { ...local, endpoint: 'http://localstack.internal:4566' };
    const plain = await saveAnswering(remote, 'approve');
    expect(plain.request.cleartextHost).toBe('localstack.internal:4566');
    expect(plain.result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    if (!plain.result.ok) expect(plain.result.error.message).toContain('https');
    expect((await h.ok('listProfiles')).profiles.map((p) => p.id)).toEqual(['embedded']);
    const allowed = await saveAnswering(remote, 'approve-cleartext');
    expect(allowed.result.ok).toBe(true);
    const list = await h.ok('listProfiles');
    expect(list.profiles).toContainEqual(remote);
    // Allowed, and still named every time the profiles are listed.
    expect(list.warnings).toContain('Profile "LocalStack" sends values to localstack.internal:4566 over plain http (not this machine): use an https:// endpoint unless that network is yours.');
  });

  it('asks before read-only is turned off, not before it is turned on', async () => {
    await start();
    await h.ok('saveProfile', { profile: { ...embedded, readOnly: true } });
    expect(desk.pending()).toHaveLength(0);
    const { result, request } = await saveAnswering(embedded, 'decline');
    expect(result.ok).toBe(false);
    expect(request.detail[0]).toContain('read-only: on → off');
    expect((await h.ok('listProfiles')).profiles[0]?.readOnly).toBe(true);
  });

  it('starts every new prod profile read-only, and says so in the confirmation', async () => {
    await start();
    const { result, request } = await saveAnswering({ ...local, id: 'prod', env: 'prod' }, 'approve');
    expect(result.ok).toBe(true);
    expect(request.detail.join('\n')).toContain('starts read-only');
    expect((await h.ok('listProfiles')).profiles.find((p) => p.id === 'prod')?.readOnly).toBe(true);
  });

  it('refuses changes that need a confirmation when main has no way to ask (fail closed)', async () => {
    desk = createConfirmationDesk();
    h = await startHarness({ confirmProfileChange: undefined });
    const failure = await h.failure('saveProfile', { profile: local });
    expect(failure.code).toBe('ACCESS_DENIED');
    await h.ok('saveProfile', { profile: { ...embedded, name: 'Renamed vault' } });
    expect((await h.ok('listProfiles')).profiles).toEqual([{ ...embedded, name: 'Renamed vault' }]);
  });

  it('refuses (CONFLICT) a confirmed change to a profile removed while the box was open', async () => {
    await start();
    await saveAnswering(local, 'approve');
    const saving = h.call('saveProfile', { profile: { ...local, region: 'eu-west-1' } });
    const pending = await desk.next();
    await h.ok('removeProfile', { id: 'local' });
    pending.approve();
    expect(await saving).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect((await h.ok('listProfiles')).profiles.map((p) => p.id)).toEqual(['embedded']);
  });

  it('refuses another profile change while one waits for the person: boxes cannot be stacked', async () => {
    await start();
    const first = h.call('saveProfile', { profile: local });
    const pending = await desk.next();
    for (let i = 0; i < 5; i++) {
      expect(await h.call('saveProfile', { profile: { ...local, id: `spam-${i}` } })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    }
    expect(desk.pending()).toHaveLength(1);
    pending.decline();
    await first;
    // Answered: the next change is asked about as usual.
    const { result } = await saveAnswering(local, 'approve');
    expect(result.ok).toBe(true);
  });

  it('rejects profile names that could make the confirmation read as something else', async () => {
    await start();
    const failure = await h.failure('saveProfile', { profile: { ...local, name: 'Local \u202Emoc.live' } });
    expect(failure.code).toBe('VALIDATION');
    expect(failure.message).toContain('direction-override');
    expect(desk.pending()).toHaveLength(0);
  });

  it('tests the connection of saved (confirmed) profiles only: a draft cannot be sent anywhere', async () => {
    await start();
    let contacted = 0;
    const server: Server = createServer((_request, response) => {
      contacted += 1;
      response.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const saving = h.call('saveProfile', { profile: { ...local, endpoint } });
      const pending = await desk.next();
      expect((await h.failure('testConnection', { id: 'local' })).code).toBe('NOT_FOUND');
      expect(contacted).toBe(0);
      pending.decline();
      await saving;
      expect((await h.failure('testConnection', { id: 'local' })).code).toBe('NOT_FOUND');
      expect(contacted).toBe(0);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('works with a profile whose id is "constructor" (own-property lookups only)', async () => {
    await start();
    const { result } = await saveAnswering({ ...embedded, id: 'constructor', name: 'Constructor' }, 'approve');
    expect(result.ok).toBe(true);
    await h.ok('selectProfile', { id: 'constructor' });
    expect((await h.ok('listOrgs')).orgs).toEqual([]);
    expect((await h.ok('addOrg', { orgId: 'acme' })).orgs.map((o) => o.orgId)).toEqual(['acme']);
    await h.ok('removeOrg', { orgId: 'acme' });
    expect((await h.ok('listOrgs')).orgs).toEqual([]);
  });
});
