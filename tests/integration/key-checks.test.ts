/**
 * The live key check in front of a write, through the router, the real service, the real checker
 * (over HTTP to a fake provider on loopback) and the embedded vault: only a valid key is stored
 * unless the person saves anyway, and the audit entry says what the check found.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelName } from '../../src/shared/channels';
import type { AuditEntry, KeyCheckSettings, PickValueFileResult } from '../../src/shared/contract';
import { startHarness, type Harness } from '../main/audit/harness';
import { never, startFakeProvider, status, type FakeProvider } from '../fakes/fake-provider';
import { tempDir } from '../vault/helpers';

const openai = { orgId: 'acme', secretName: 'openai_api_key' };

describe('live key checks before a write', () => {
  let h: Harness;
  let provider: FakeProvider;
  let nextFile: string | null = null;
  const ok = <T>(name: ChannelName, input: unknown = {}): Promise<T> => h.ok(name, input) as Promise<T>;
  const failure = (name: ChannelName, input: unknown = {}) => h.failure(name, input);
  const settings = (over: Partial<KeyCheckSettings> = {}): KeyCheckSettings => ({ enabled: true, baseUrls: { openai: provider.baseUrl }, ...over });
  const outcomes = async () =>
    (await ok<{ entries: AuditEntry[] }>('listAudit', { filters: { actions: ['secret.write', 'secret.rotate'], outcomes: ['success', 'failure'] } })).entries;
  const state = async () => (await ok<{ state: string }>('getSecretStatus', openai)).state;

  beforeEach(async () => {
    provider = await startFakeProvider();
    h = await startHarness({ chooseValueFile: async () => nextFile });
    await ok('saveKeyCheckSettings', { settings: settings() });
  });
  afterEach(async () => {
    await h.close();
    await provider.close();
  });

  it('stores a key the provider accepts, and says so in the answer and the audit entry', async () => {
    provider.answer(status(200));
    const result = await ok<{ created: boolean; keyCheck: unknown }>('writeSecret', { ...openai, value: 'sk-proj-good', check: true });
    expect(result).toMatchObject({ created: true, keyCheck: { outcome: 'valid', providerId: 'openai', httpStatus: 200, url: `${provider.baseUrl}/v1/models` } });
    expect(provider.requests.map((r) => [r.method, r.url, r.headers.authorization])).toEqual([['GET', '/v1/models', 'Bearer sk-proj-good']]);
    expect(await state()).toBe('configured');
    expect((await outcomes())[0]).toMatchObject({ action: 'secret.write', outcome: 'success', keyCheck: 'valid' });
  });

  it('stores nothing when the provider rejects the key; "Save anyway" then stores it, and both are audited', async () => {
    provider.answer(status(401));
    const error = await failure('writeSecret', { ...openai, value: 'sk-proj-typo', check: true });
    expect(error).toMatchObject({ code: 'KEY_REJECTED', details: { keyCheck: 'rejected', providerId: 'openai', httpStatus: 401 } });
    expect(error.message).toContain('OpenAI rejected this key');
    expect(await state()).toBe('not-configured');
    // Save anyway: the same write without a check. The provider is not asked again.
    await ok('writeSecret', { ...openai, value: 'sk-proj-typo', check: false });
    expect(provider.requests).toHaveLength(1);
    expect(await state()).toBe('configured');
    const [saved, refused] = await outcomes();
    expect(refused).toMatchObject({ outcome: 'failure', errorCode: 'KEY_REJECTED', keyCheck: 'rejected' });
    expect(saved).toMatchObject({ outcome: 'success', keyCheck: 'skipped' });
  });

  it('sends nothing to the provider when the profile is read-only: the write is refused first', async () => {
    provider.answer(status(200));
    const list = await ok<{ profiles: { id: string; readOnly: boolean }[]; activeId: string }>('listProfiles');
    const active = list.profiles.find((profile) => profile.id === list.activeId);
    await ok('saveProfile', { profile: { ...active, readOnly: true } });
    const error = await failure('writeSecret', { ...openai, value: 'sk-proj-readonly', check: true });
    expect(error).toMatchObject({ code: 'READ_ONLY_PROFILE' });
    expect(provider.requests).toEqual([]);
  });

  it('answers "could not verify" for 403-free failures: 429, 500, a timeout', async () => {
    provider.answer(status(429));
    expect(await failure('writeSecret', { ...openai, value: 'sk-proj-a', check: true })).toMatchObject({ code: 'KEY_UNVERIFIED', details: { reason: 'rate limited (HTTP 429)' } });
    provider.answer(status(500));
    expect(await failure('writeSecret', { ...openai, value: 'sk-proj-a', check: true })).toMatchObject({ code: 'KEY_UNVERIFIED', details: { httpStatus: 500 } });
    expect(await state()).toBe('not-configured');
    const [last] = await outcomes();
    expect(last).toMatchObject({ outcome: 'failure', errorCode: 'KEY_UNVERIFIED', keyCheck: 'unverified' });
  });

  it('times out within 5 seconds', async () => {
    provider.answer(never);
    const started = Date.now();
    expect(await failure('writeSecret', { ...openai, value: 'sk-proj-slow', check: true })).toMatchObject({ code: 'KEY_UNVERIFIED', details: { reason: 'timed out after 5 s' } });
    expect(Date.now() - started).toBeLessThan(6_500);
  }, 15_000);

  it('rotates after a valid check, as a rotation with its check in the audit entry', async () => {
    await ok('writeSecret', { ...openai, value: 'sk-proj-first' });
    provider.answer(status(200));
    expect(await ok('writeSecret', { ...openai, value: 'sk-proj-second', check: true })).toMatchObject({ created: false, keyCheck: { outcome: 'valid' } });
    expect((await outcomes())[0]).toMatchObject({ action: 'secret.rotate', keyCheck: 'valid' });
  });

  it('sends nothing when checks are off, for custom secrets, and for binary files', async () => {
    await ok('saveKeyCheckSettings', { settings: settings({ enabled: false }) });
    await ok('writeSecret', { ...openai, value: 'sk-proj-offline', check: true });
    await ok('writeSecret', { orgId: 'acme', secretName: 'stripe_api_key', value: 'sk_live_x', check: true });
    await ok('saveKeyCheckSettings', { settings: settings() });
    nextFile = path.join(await tempDir('foundry-files-'), 'key.bin');
    await fs.writeFile(nextFile, Uint8Array.from([0, 1, 2, 255]));
    const picked = await ok<PickValueFileResult>('pickValueFile', { orgId: 'acme', secretName: 'github_token' });
    if (!picked.picked) throw new Error('not picked');
    await ok('writeSecret', { orgId: 'acme', secretName: 'github_token', file: picked.handle, check: true });
    expect(provider.requests).toEqual([]);
    expect((await outcomes()).map((e) => e.keyCheck)).toEqual(['not-applicable', 'not-applicable', 'off']);
  });

  it('keeps a picked file after a refused check, so "Save anyway" needs no second pick', async () => {
    provider.answer(status(403));
    nextFile = path.join(await tempDir('foundry-files-'), 'token.txt');
    await fs.writeFile(nextFile, 'sk-proj-from-file');
    const picked = await ok<PickValueFileResult>('pickValueFile', openai);
    if (!picked.picked) throw new Error('not picked');
    expect(await failure('writeSecret', { ...openai, file: picked.handle, check: true })).toMatchObject({ code: 'KEY_REJECTED' });
    expect(provider.requests[0]?.headers.authorization).toBe('Bearer sk-proj-from-file');
    await ok('writeSecret', { ...openai, file: picked.handle });
    expect(await state()).toBe('configured');
  });

  it('checks a LiveKit pair with the companion, which is never stored', async () => {
    await ok('saveKeyCheckSettings', { settings: settings({ baseUrls: { livekit: provider.baseUrl } }) });
    provider.answer(status(200));
    await ok('writeSecret', { orgId: 'acme', secretName: 'livekit_api_key', value: 'APIkey123', companion: 'the-livekit-secret', check: true });
    expect(provider.requests.map((r) => [r.method, r.url])).toEqual([['POST', '/twirp/livekit.RoomService/ListRooms']]);
    // Only the key was written: the secret's own entry is still not configured.
    expect(await ok('getSecretStatus', { orgId: 'acme', secretName: 'livekit_api_secret' })).toMatchObject({ state: 'not-configured' });
    // Without the companion (or an instance URL) the check cannot run: "couldn't verify", nothing sent.
    expect(await failure('writeSecret', { orgId: 'acme', secretName: 'livekit_api_secret', value: 'x-secret', check: true })).toMatchObject({ code: 'KEY_UNVERIFIED' });
    expect(await failure('writeSecret', { orgId: 'acme', secretName: 'n8n_api_key', value: 'n8n-key', check: true })).toMatchObject({
      code: 'KEY_UNVERIFIED',
      details: { url: '' },
    });
    expect(provider.requests).toHaveLength(1);
  });

  it('sends a picked file only to the check of the secret it was picked for, and never describes its content', async () => {
    const dir = await tempDir('foundry-files-');
    nextFile = path.join(dir, 'token.txt');
    await fs.writeFile(nextFile, 'tok_FILE_CONTENT_SEEN_ONLY_BY_MAIN');
    // Picked for a custom secret: a write of openai_api_key (whose check sends the key out) cannot use it.
    const picked = await ok<PickValueFileResult>('pickValueFile', { orgId: 'acme', secretName: 'deploy_token' });
    if (!picked.picked) throw new Error('not picked');
    expect(await failure('writeSecret', { ...openai, file: picked.handle, check: true })).toMatchObject({ code: 'VALIDATION' });
    expect(provider.requests).toEqual([]);
    // A file whose content no header can carry: one fixed reason, whatever the content is.
    for (const content of ['clé-ключ', 'line one\nline two']) {
      nextFile = path.join(dir, `odd-${content.length}.txt`);
      await fs.writeFile(nextFile, content);
      const odd = await ok<PickValueFileResult>('pickValueFile', openai);
      if (!odd.picked) throw new Error('not picked');
      const error = await failure('writeSecret', { ...openai, file: odd.handle, check: true });
      expect(error).toMatchObject({ code: 'KEY_UNVERIFIED', details: { reason: "the file's content cannot be sent in an HTTP header" } });
    }
    expect(provider.requests).toEqual([]);
  });

  it('records where a key was sent, and the base URLs a settings change points to', async () => {
    provider.answer(status(401));
    await failure('writeSecret', { ...openai, value: 'sk-proj-x', check: true });
    provider.answer(status(200));
    await ok('writeSecret', { ...openai, value: 'sk-proj-y', check: true });
    const [saved, refused] = await outcomes();
    expect(saved).toMatchObject({ keyCheck: 'valid', keyCheckOrigins: [provider.baseUrl] });
    expect(refused).toMatchObject({ keyCheck: 'rejected', keyCheckOrigins: [provider.baseUrl] });
    const changes = (await ok<{ entries: AuditEntry[] }>('listAudit', { filters: { actions: ['settings.key-checks'], outcomes: ['success'] } })).entries;
    expect(changes[0]).toMatchObject({ keyCheckOrigins: [provider.baseUrl] });
  });

  it('changes no base URL the person did not confirm outside the window', async () => {
    const asked: string[][] = [];
    await h.close();
    h = await startHarness({
      userDataDir: h.userDataDir,
      confirmKeyCheckUrls: async (urls) => {
        asked.push(urls.map((u) => `${u.providerLabel} ${u.url}`));
        return false;
      },
    });
    const error = await failure('saveKeyCheckSettings', { settings: settings({ baseUrls: { openai: provider.baseUrl, anthropic: 'https://attacker.example' } }) });
    expect(error).toMatchObject({ code: 'ACCESS_DENIED' });
    // Only what is new is asked about: OpenAI's URL was already in use.
    expect(asked).toEqual([['Anthropic https://attacker.example']]);
    expect(await ok('getKeyCheckSettings')).toEqual({ settings: settings() });
    // Turning checks off, or going back to a default, needs no confirmation.
    await ok('saveKeyCheckSettings', { settings: { enabled: false, baseUrls: {} } });
    expect(asked).toHaveLength(1);
  });

  it('takes base URLs that are https, or http to this machine only; changes are audited and survive a restart', async () => {
    for (const bad of ['http://example.com', 'https://user:pw@proxy.example', 'https://proxy.example/?x=1', 'ftp://proxy.example', 'not a url']) {
      expect(await failure('saveKeyCheckSettings', { settings: { enabled: true, baseUrls: { openai: bad } } })).toMatchObject({ code: 'VALIDATION' });
    }
    await ok('saveKeyCheckSettings', { settings: { enabled: false, baseUrls: { github: 'https://github.example/api/v3', n8n: 'http://127.0.0.1:5678' } } });
    await h.restart();
    expect(await ok('getKeyCheckSettings')).toEqual({ settings: { enabled: false, baseUrls: { github: 'https://github.example/api/v3', n8n: 'http://127.0.0.1:5678' } } });
    const changes = (await ok<{ entries: AuditEntry[] }>('listAudit', { filters: { actions: ['settings.key-checks'], outcomes: ['success'] } })).entries;
    expect(changes).toHaveLength(2);
  });
});
